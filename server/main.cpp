// accord-ls: the command line. Serves LSP on stdio (or one TCP client), or runs a subcommand.
#include <signal.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "server/cli.h"
#include "server/inbound.h"
#include "server/language_server.h"
#include "server/log.h"
#include "server/transport.h"

namespace {

namespace asio = boost::asio;
using namespace accord;

constexpr const char* kUsage =
    R"(usage: accord-ls [OPTIONS]                  serve LSP on stdin/stdout (the default)
       accord-ls --listen [HOST:]PORT [OPTIONS]
                                             serve one LSP client over TCP
       accord-ls check [--format text|json|sarif] FILE...
                                             check drafts; exit 1 when there are findings
       accord-ls terms [ARGS]                list what is known
       accord-ls explain TERM                print what a hover on TERM shows
       accord-ls index DIR...                read a library of commentaries into the cache

options:
  --stdio                    serve on stdin/stdout (the default; editors may pass it)
  --listen HOST:PORT         serve over TCP; the address is 127.0.0.1 unless given
  --log=error|info|verbose   what goes to stderr (default info; verbose: whole messages)
  --input-mirror FILE        write the raw input to FILE, to replay a session
  --max-message-size BYTES   refuse larger messages (default 67108864, 64 MiB)
  --corpus DIR               add a corpus of commentaries (repeatable)
  --lexicon DIR              add a lexicon directory (repeatable)
  --no-bundled-corpus        do not load the bundled corpus and lexicon
  --enable-test-methods      bind accord/test/* requests (for the transcript tests)
  --help                     print this help
  --version                  print the version
)";

int usageError(const std::string& message) {
  std::fprintf(stderr, "accord-ls: %s\n%s", message.c_str(), kUsage);
  return 2;
}

struct Options {
  cli::CommonOptions common;
  std::string command; ///< "", "check", "terms", "explain", "index"
  std::vector<std::string> commandArgs;
  std::string listen; ///< --listen value; empty for stdio
  std::string inputMirror;
  uint64_t maxMessageSize = kDefaultMaxMessageSize;
  int64_t clientProcessId = 0;
  bool testMethods = false;
  log::Level level = log::Level::Info;
  bool levelGiven = false;
};

bool parseCount(std::string_view text, uint64_t& out) {
  if (text.empty() || text.size() > 19)
    return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

/// Returns -1 to go on, or an exit code.
int parseArgs(int argc, char** argv, Options& o) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string name = arg, value;
    bool hasValue = false;
    if (arg.rfind("--", 0) == 0) {
      if (size_t eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        hasValue = true;
      }
    }
    // The value of an option: after '=' or the next argument.
    auto take = [&](std::string& out) {
      if (hasValue) {
        out = value;
        return true;
      }
      if (i + 1 >= args.size())
        return false;
      out = args[++i];
      return true;
    };
    if (name == "--corpus" || name == "--lexicon") {
      std::string dir;
      if (!take(dir) || dir.empty())
        return usageError(name + " needs a directory");
      (name == "--corpus" ? o.common.corpusDirs : o.common.lexiconDirs).push_back(dir);
    } else if (name == "--no-bundled-corpus") {
      o.common.noBundled = true;
    } else if (name == "--log") {
      std::string level;
      if (!take(level) || !log::parseLevel(level, o.level))
        return usageError("--log takes error, info or verbose");
      o.levelGiven = true;
    } else if (!o.command.empty()) {
      o.commandArgs.push_back(arg); // the subcommand's own options and arguments
    } else if (name == "--help" || name == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (name == "--version") {
      std::printf("accord-ls %s\n", ACCORD_VERSION);
      return 0;
    } else if (name == "--stdio") {
      // The default; vscode-languageclient passes it.
    } else if (name == "--listen") {
      if (!take(o.listen) || o.listen.empty())
        return usageError("--listen needs HOST:PORT");
    } else if (name == "--input-mirror") {
      if (!take(o.inputMirror) || o.inputMirror.empty())
        return usageError("--input-mirror needs a file");
    } else if (name == "--max-message-size") {
      std::string n;
      if (!take(n) || !parseCount(n, o.maxMessageSize) || o.maxMessageSize == 0)
        return usageError("--max-message-size needs a positive number of bytes");
    } else if (name == "--enable-test-methods") {
      o.testMethods = true;
    } else if (name == "--clientProcessId") {
      // vscode-languageclient adds --clientProcessId=PID to executables it starts.
      uint64_t pid = 0;
      std::string n;
      if (!take(n) || !parseCount(n, pid))
        return usageError("--clientProcessId needs a process id");
      o.clientProcessId = static_cast<int64_t>(pid);
    } else if (arg == "check" || arg == "terms" || arg == "explain" || arg == "index") {
      o.command = arg;
    } else if (arg.rfind("-", 0) == 0) {
      return usageError("unknown option " + arg);
    } else {
      return usageError("unknown command " + arg);
    }
  }
  return -1;
}

int serve(const Options& o) {
  ::signal(SIGPIPE, SIG_IGN); // a closed stdout or socket is an error code, not a signal
  CarrierOptions carrierOptions;
  carrierOptions.maxMessageSize = o.maxMessageSize;
  carrierOptions.inputMirror = o.inputMirror;

  std::unique_ptr<Carrier> carrier;
  if (o.listen.empty()) {
    carrier = makeStdioCarrier(carrierOptions);
  } else {
    std::string host, error;
    uint16_t port = 0;
    if (!parseListenAddress(o.listen, host, port, error))
      return usageError("--listen: " + error);
    carrier = makeTcpCarrier(host, port, carrierOptions, error);
    if (!carrier) {
      log::error(error);
      return 1;
    }
  }

  ServerOptions serverOptions;
  serverOptions.corpusDirs = o.common.corpusDirs;
  serverOptions.lexiconDirs = o.common.lexiconDirs;
  serverOptions.noBundledCorpus = o.common.noBundled;
  serverOptions.clientProcessId = o.clientProcessId;
  serverOptions.testMethods = o.testMethods;

  asio::io_context io;
  auto work = asio::make_work_guard(io);
  Carrier* out = carrier.get();
  LanguageServer server(
      io, [out](std::string body) { out->send(body); }, serverOptions);
  server.setExitHandler([&io] { io.stop(); });

  // Between the reader thread and the server thread: bounded, so a client that sends faster
  // than the server answers is made to wait (the reader stops reading) instead of growing the
  // server; consecutive edits of one document are merged.
  InboundQueue inbound([&io](std::function<void()> call) { asio::post(io, std::move(call)); },
                       [&server](rpc::Incoming in) { server.handle(std::move(in)); });
  CarrierCallbacks callbacks;
  // Reader thread: parse each body once, here, so $/cancelRequest takes effect at once;
  // then hand the message to the server thread in arrival order.
  callbacks.frame = [&](Frame&& frame) {
    const size_t bytes = frame.body.size() + frame.error.size();
    rpc::Incoming in = frame.kind == Frame::Kind::Body
                           ? server.parse(frame.body)
                           : rpc::Endpoint::framingError(rpc::ErrorCode::ParseError, frame.error);
    inbound.push(std::move(in), bytes);
  };
  callbacks.closed = [&](bool midMessage) {
    inbound.pushLast([&server, midMessage] { server.inputClosed(midMessage); });
  };
  log::info("accord-ls ", ACCORD_VERSION, " serving LSP on ",
            o.listen.empty() ? "stdio" : o.listen);
  carrier->start(std::move(callbacks));
  io.run();
  inbound.close(); // a reader waiting for room must not block the join below
  carrier->stop();
  return server.exitCode();
}

} // namespace

int main(int argc, char** argv) {
  Options o;
  if (int code = parseArgs(argc, argv, o); code >= 0)
    return code;
  // Subcommands print their own results; their log says only what went wrong unless asked.
  log::setLevel(o.levelGiven || o.command.empty() ? o.level : log::Level::Error);
  if (o.command == "check")
    return cli::runCheck(o.common, o.commandArgs);
  if (o.command == "terms")
    return cli::runTerms(o.common, o.commandArgs);
  if (o.command == "explain")
    return cli::runExplain(o.common, o.commandArgs);
  if (o.command == "index")
    return cli::runIndex(o.common, o.commandArgs);
  return serve(o);
}
