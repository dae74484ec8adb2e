"""An editor completes and checks briefgen's YAML from the shipped schema (issue 21).

This drives yaml-language-server, the server behind VS Code's YAML extension, over its stdio
protocol: a project made by `briefgen new` is opened, and the server must offer the outline's
keys as completions and flag an unknown key, both from the `$schema` line briefgen wrote.
`.ci/run` installs the server with npm; without it the test is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from briefgen.authoring.scaffold import scaffold

pytestmark = pytest.mark.slow


def _server() -> str | None:
    explicit = os.environ.get("BRIEFGEN_YAML_LS")
    if explicit and Path(explicit).exists():
        return explicit
    local = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules" / ".bin" / "yaml-language-server"
    return str(local) if local.exists() else shutil.which("yaml-language-server")


class Client:
    def __init__(self, command: str):
        self.proc = subprocess.Popen([command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.notes: list[dict] = []

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("the server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params: dict, timeout: float = 30) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message
            self._answer(message)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        for note in self.notes:
            if note["method"] == method:
                self.notes.remove(note)
                return note
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            message = self.read()
            if message.get("method") == method:
                return message
            self._answer(message)
        raise TimeoutError(method)

    def _answer(self, message: dict) -> None:
        if "id" in message and "method" in message:  # a request from the server
            settings = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}
            result = [settings] * len(message["params"].get("items", [])) \
                if message["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        elif "method" in message:
            self.notes.append(message)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


def test_the_yaml_language_server_completes_and_checks_an_outline_from_the_schema_line(tmp_path):
    command = _server()
    if command is None:
        pytest.skip("yaml-language-server is not installed (.ci/run installs it with npm)")
    scaffold(tmp_path / "demo")
    outline = tmp_path / "demo" / "briefs" / "brief.yaml"
    text = outline.read_text(encoding="utf-8") + "subtitel: a misspelt key\n"
    uri = outline.as_uri()
    client = Client(command)
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": (tmp_path / "demo").as_uri(),
                                      "capabilities": {"workspace": {"configuration": True}},
                                      "initializationOptions": {}})
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        client.send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
                     "params": {"settings": {"yaml": {"validate": True, "completion": True,
                                                      "schemaStore": {"enable": False}}}}})
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        found: list[dict] = []
        end = time.monotonic() + 30
        while time.monotonic() < end and not any("subtitel" in d.get("message", "") for d in found):
            note = client.wait_for("textDocument/publishDiagnostics", timeout=30)
            found = note["params"]["diagnostics"]
        assert any("subtitel" in d["message"] for d in found), found
        last = len(text.splitlines())
        reply = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                           "position": {"line": last, "character": 0}})
        result = reply["result"]
        labels = {item["label"] for item in (result["items"] if isinstance(result, dict) else result)}
        from briefgen.load.schema import OUTLINE

        present = {line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()}
        missing = set(OUTLINE.keys) - present
        assert missing and missing <= labels, (sorted(missing - labels), sorted(labels))  # the keys not yet written
    finally:
        client.close()
