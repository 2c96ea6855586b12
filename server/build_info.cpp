// What the server reports about its own build (used by --version and serverInfo).
namespace accord {
const char* version();
const char* serverName() {
  return "accord-ls";
}
} // namespace accord
