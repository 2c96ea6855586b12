# Transcript-test harness: spawns accord-ls, frames and deframes JSON-RPC, reads with timeouts,
# and prints the whole transcript (and the server's stderr) when a test fails.
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import traceback

TIMEOUT = float(os.environ.get("ACCORD_LSP_TIMEOUT", "20"))


class Timeout(AssertionError):
    pass


def frame(body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


_servers = []  # every server of the running test, for the transcript on failure


class Server:
    """One accord-ls process speaking LSP on its stdin/stdout (or over TCP with connect())."""

    def __init__(self, binary, *args, test_methods=True, bundled=False):
        # Without the bundled corpus by default: these tests are about the protocol, and
        # should not wait for the knowledge to load (one lifecycle test loads it).
        argv = ([binary] + (["--enable-test-methods"] if test_methods else []) +
                ([] if bundled else ["--no-bundled-corpus"]) + list(args))
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, bufsize=0)
        self.buf = b""
        self.transcript = []
        self.stderr = []
        self.next_id = 1
        self.pending = []  # messages read but not consumed yet
        self.sent = bytearray()  # every byte written to the server
        self.sock = None
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()
        _servers.append(self)

    # --- raw I/O -----------------------------------------------------------------------------

    def _drain_stderr(self):
        for line in iter(self.proc.stderr.readline, b""):
            self.stderr.append(line.decode("utf-8", "replace"))

    def stderr_text(self):
        return "".join(self.stderr)

    def wait_for_stderr(self, text, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for line in list(self.stderr):
                if text in line:
                    return line
            time.sleep(0.02)
        raise Timeout("stderr never said %r" % text)

    def connect(self, port):
        """Talk over TCP instead of stdio (the server was started with --listen)."""
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)

    def _out_fd(self):
        return self.sock.fileno() if self.sock else self.proc.stdout.fileno()

    def send_raw(self, data, note=None):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.transcript.append(("-->", note if note is not None else data.decode("utf-8", "replace")))
        self.sent += data
        if self.sock:
            self.sock.sendall(data)
        else:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()

    def send(self, message):
        self.send_raw(frame(json.dumps(message)), json.dumps(message))

    def close_input(self):
        self.transcript.append(("-->", "<end of input>"))
        if self.sock:
            self.sock.shutdown(socket.SHUT_WR)
        else:
            self.proc.stdin.close()

    def _read_bytes(self, deadline):
        remaining = deadline - time.time()
        if remaining <= 0:
            raise Timeout("no message from the server within the timeout")
        fd = self._out_fd()
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise Timeout("no message from the server within the timeout")
        chunk = self.sock.recv(65536) if self.sock else os.read(fd, 65536)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buf += chunk

    def read_message(self, timeout=TIMEOUT):
        """The next message, deframed strictly (the server must write exact frames)."""
        if self.pending:
            return self.pending.pop(0)
        deadline = time.time() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._read_bytes(deadline)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        headers = {}
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        assert b"content-length" in headers, "server frame without Content-Length: %r" % head
        length = int(headers[b"content-length"])
        self.buf = rest
        while len(self.buf) < length:
            self._read_bytes(deadline)
        body, self.buf = self.buf[:length], self.buf[length:]
        text = body.decode("utf-8")
        self.transcript.append(("<--", text))
        return json.loads(text)

    def expect_silence(self, seconds=0.3):
        """Fails if the server answers anything within `seconds` (its own notifications,
        such as diagnostics, are allowed and kept)."""
        deadline = time.time() + seconds
        kept = []
        try:
            while True:
                try:
                    msg = self.read_message(timeout=max(0.0, deadline - time.time()))
                except Timeout:
                    return
                if "method" in msg and "id" in msg:
                    self.answer_server_request(msg)
                elif "method" in msg:
                    kept.append(msg)
                else:
                    raise AssertionError("expected no answer, got %s" % json.dumps(msg))
        finally:
            self.pending = kept + self.pending

    # --- JSON-RPC ----------------------------------------------------------------------------

    def request(self, method, params=None, id=None):
        if id is None:
            id = self.next_id
            self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return id

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def answer_server_request(self, msg):
        method = msg["method"]
        if method == "workspace/configuration":
            result = [None for _ in msg.get("params", {}).get("items", [])]
        else:
            result = None
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def response(self, id, timeout=TIMEOUT):
        """Reads until the response to `id`; notifications are kept, server requests answered."""
        deadline = time.time() + timeout
        kept = []
        try:
            while True:
                msg = self.read_message(timeout=max(0.0, deadline - time.time()))
                if "method" in msg and "id" in msg:
                    self.answer_server_request(msg)
                elif "method" in msg:
                    kept.append(msg)
                elif msg.get("id") == id and type(msg.get("id")) == type(id):
                    return msg
                else:
                    kept.append(msg)
        finally:
            self.pending = kept + self.pending

    def next_response(self, timeout=TIMEOUT):
        """The next response (to anything, e.g. id null); notifications on the way are kept."""
        deadline = time.time() + timeout
        kept = []
        try:
            while True:
                msg = self.read_message(timeout=max(0.0, deadline - time.time()))
                if "method" in msg and "id" in msg:
                    self.answer_server_request(msg)
                elif "method" in msg:
                    kept.append(msg)
                else:
                    return msg
        finally:
            self.pending = kept + self.pending

    def call(self, method, params=None, id=None, timeout=TIMEOUT):
        return self.response(self.request(method, params, id), timeout)

    def result(self, method, params=None):
        r = self.call(method, params)
        assert "error" not in r, "%s failed: %s" % (method, json.dumps(r))
        return r["result"]

    def initialize(self, capabilities=None, **params):
        p = {"processId": None, "rootUri": None, "capabilities": capabilities or {}}
        p.update(params)
        r = self.call("initialize", p)
        assert "result" in r, "initialize failed: %s" % json.dumps(r)
        self.notify("initialized", {})
        return r["result"]

    def shutdown_and_exit(self):
        r = self.call("shutdown")
        assert r.get("result", "missing") is None, "shutdown: %s" % json.dumps(r)
        self.notify("exit")
        return self.wait()

    def wait(self, timeout=TIMEOUT):
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("the server did not exit within %ss" % timeout)
        self._stderr_thread.join(timeout=5)
        self.transcript.append(("   ", "<exit code %d>" % code))
        return code

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def dump(self):
        out = ["== transcript of %s" % " ".join(self.argv)]
        for direction, text in self.transcript:
            out.append("%s %s" % (direction, text if len(text) < 2000 else text[:2000] + "…"))
        out.append("== stderr")
        out.append(self.stderr_text())
        return "\n".join(out)


def error_code(response):
    assert "error" in response, "expected an error, got %s" % json.dumps(response)
    assert "result" not in response, "both result and error: %s" % json.dumps(response)
    return response["error"]["code"]


def expect_error(response, code, message_part=None):
    got = error_code(response)
    assert got == code, "expected error %d, got %s" % (code, json.dumps(response))
    if message_part is not None:
        assert message_part in response["error"]["message"], \
            "error message %r does not mention %r" % (response["error"]["message"], message_part)


def run(tests, binary):
    """Runs each test(binary); prints the transcripts of a failing test's servers."""
    failed = []
    for test in tests:
        del _servers[:]
        name = test.__name__
        try:
            test(binary)
            print("ok    %s" % name)
        except Exception:
            failed.append(name)
            print("FAIL  %s" % name)
            traceback.print_exc()
            for s in _servers:
                print(s.dump())
        finally:
            for s in _servers:
                s.kill()
    if failed:
        print("%d of %d failed: %s" % (len(failed), len(tests), ", ".join(failed)))
        return 1
    print("all %d passed" % len(tests))
    return 0


def main(tests):
    if len(sys.argv) != 2:
        print("usage: %s PATH-TO-accord-ls" % sys.argv[0], file=sys.stderr)
        sys.exit(2)
    sys.exit(run(tests, sys.argv[1]))
