// accord-ls: the command line (placeholder until the LSP core lands).
#include <cstdio>
#include <cstring>
int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) { std::printf("accord-ls %s\n", ACCORD_VERSION); return 0; }
  std::fprintf(stderr, "usage: accord-ls [--help] [--version]\n");
  return 2;
}
