# Lifecycle through the real binary: initialize, shutdown, exit codes, the client process dying,
# TCP, the input mirror, log levels and the command line.
import json
import os
import re
import subprocess
import time

import lsp
from lsp import Server, expect_error


def test_initialize_shutdown_exit_is_code_0(binary):
    s = Server(binary, bundled=True)  # with the knowledge loading: exit must still be prompt
    result = s.initialize({"workspace": {"configuration": True}})
    caps = result["capabilities"]
    assert caps["positionEncoding"] == "utf-16", caps
    assert caps["textDocumentSync"]["openClose"] is True, caps
    assert caps["textDocumentSync"]["change"] == 2, caps
    assert result["serverInfo"]["name"] == "accord-ls"
    # After initialized, a client with workspace/configuration is asked for the "accord" section.
    msg = s.read_message()
    assert msg.get("method") == "workspace/configuration", msg
    assert msg["params"]["items"][0]["section"] == "accord", msg
    s.answer_server_request(msg)
    assert s.shutdown_and_exit() == 0


def test_exit_without_shutdown_is_code_1(binary):
    s = Server(binary)
    s.initialize()
    s.notify("exit")
    assert s.wait() == 1


def test_end_of_input_decides_the_code(binary):
    s = Server(binary)
    s.initialize()
    assert s.call("shutdown")["result"] is None
    s.close_input()
    assert s.wait() == 0
    s = Server(binary)
    s.initialize()
    s.close_input()
    assert s.wait() == 1


def test_before_initialize(binary):
    s = Server(binary)
    expect_error(s.call("shutdown"), -32002)
    expect_error(s.call("textDocument/hover", {"textDocument": {"uri": "file:///a.md"},
                                               "position": {"line": 0, "character": 0}}), -32002)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///a.md", "languageId": "markdown",
                                                       "version": 1, "text": "dropped"}})
    s.notify("initialized", {})
    s.expect_silence()
    s.initialize()
    # The didOpen before initialize was dropped: the document is not open.
    expect_error(s.call("accord/test/document", {"uri": "file:///a.md"}), -32602, "not open")
    assert s.shutdown_and_exit() == 0


def test_exit_before_initialize_is_code_1(binary):
    s = Server(binary)
    s.notify("exit")
    assert s.wait() == 1


def test_second_initialize_and_requests_after_shutdown(binary):
    s = Server(binary)
    s.initialize()
    expect_error(s.call("initialize", {"processId": None, "capabilities": {}}), -32600)
    assert s.call("shutdown")["result"] is None
    for method in ["shutdown", "initialize", "accord/test/document", "no/such/method"]:
        expect_error(s.call(method, {}), -32600)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///a.md", "languageId": "markdown",
                                                       "version": 1, "text": "x"}})
    s.expect_silence()
    s.notify("exit")
    assert s.wait() == 0


def test_exits_when_the_client_process_dies(binary):
    parent = subprocess.Popen(["sleep", "60"])
    s = Server(binary)
    s.initialize(processId=parent.pid)
    time.sleep(0.3)
    assert s.proc.poll() is None, "exited while the client was alive"
    parent.kill()
    parent.wait()
    assert s.wait(timeout=15) == 1


def test_tcp_listen_serves_one_client(binary):
    s = Server(binary, "--listen", "127.0.0.1:0")
    line = s.wait_for_stderr("listening on")
    port = int(re.search(r"listening on 127\.0\.0\.1:(\d+)", line).group(1))
    s.connect(port)
    result = s.initialize()
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    assert s.shutdown_and_exit() == 0


def test_input_mirror_records_the_raw_input(binary):
    path = "/tmp/accord-mirror-%d.bin" % os.getpid()
    s = Server(binary, "--input-mirror", path)
    s.initialize()
    s.send_raw(b"Content-Length: 2\r\n\r\n{}")  # an invalid request, mirrored as is
    lsp.expect_error(s.next_response(), -32600)
    s.shutdown_and_exit()
    with open(path, "rb") as f:
        mirrored = f.read()
    os.unlink(path)
    assert mirrored == bytes(s.sent), "the mirror differs from what was sent"
    assert b"Content-Length: 2\r\n\r\n{}" in mirrored


def test_log_levels(binary):
    s = Server(binary, "--log=verbose")
    s.initialize()
    s.shutdown_and_exit()
    err = s.stderr_text()
    assert "<-- initialize(1)" in err, err
    assert re.search(r"--> reply\(1\) [0-9.]+ms", err), err
    assert '>>> {"id":1,"jsonrpc":"2.0","result":{"capabilities"' in err, "verbose shows whole messages"
    assert '<<< {"jsonrpc": "2.0", "id": 1, "method": "initialize"' in err, err
    s = Server(binary, "--log=error")
    s.initialize()
    s.shutdown_and_exit()
    assert "<-- initialize" not in s.stderr_text()


def test_command_line(binary):
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.startswith("accord-ls "), out
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and "--listen" in out.stdout, out
    out = subprocess.run([binary, "--no-such-option"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and "usage:" in out.stderr and out.stdout == "", out
    out = subprocess.run([binary, "--log=loud"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 2, out
    out = subprocess.run([binary, "--max-message-size", "lots"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 2, out
    # --stdio is accepted (vscode-languageclient passes it), and so is --clientProcessId.
    s = Server(binary, "--stdio", "--clientProcessId=%d" % os.getpid())
    s.initialize()
    assert s.shutdown_and_exit() == 0


if __name__ == "__main__":
    lsp.main([test_initialize_shutdown_exit_is_code_0, test_exit_without_shutdown_is_code_1,
              test_end_of_input_decides_the_code, test_before_initialize,
              test_exit_before_initialize_is_code_1, test_second_initialize_and_requests_after_shutdown,
              test_exits_when_the_client_process_dies, test_tcp_listen_serves_one_client,
              test_input_mirror_records_the_raw_input, test_log_levels, test_command_line])
