"""A real `coach serve` in a subprocess on 127.0.0.1, and plain HTTP to it (loopback only)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HOST = "127.0.0.1"  # the tests never send anything anywhere else
VOICE = ("--voice-engine", "espeak-ng")  # quick to speak; the default voice is measured by hand


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """One running `coach serve`: its process, the address it printed and what it wrote."""

    process: subprocess.Popen
    url: str
    port: int
    started_in: float  # seconds from start to the address printed
    lines: list[str] = field(default_factory=list)  # stdout, as read

    @property
    def secret(self) -> str:
        return urlsplit(self.url).path.strip("/")

    @property
    def base(self) -> str:
        return f"/{self.secret}/"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
        """(status, headers in lower case, body) of one request; ``path`` is sent exactly as given."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            answer = conn.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        finally:
            conn.close()

    def get_json(self, path: str) -> tuple[int, dict]:
        status, _, body = self.request("GET", self.base + path)
        return status, json.loads(body)

    def session(self, routine: str, query: str = "", timeout: float = 180) -> dict:
        """Ask for a session and wait until it is built; its last status."""
        deadline = time.monotonic() + timeout
        while True:
            status, found = self.get_json(f"api/session/{routine}{query}")
            assert status == 200, found
            if found["state"] == "ready":
                return found
            assert found["state"] == "building", found
            assert time.monotonic() < deadline, f"not built in {timeout} s: {found}"
            time.sleep(0.3)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 10) -> tuple[int, str, float]:
        """(exit status, all of stderr, seconds to exit) after ``sig``."""
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        took = time.monotonic() - started
        return self.process.returncode, self.process.stderr.read(), took


def start(env: dict[str, str], *args: str, port: int | None = None, timeout: float = 30) -> Served:
    """Start `coach serve --host 127.0.0.1 --port N ARGS` and wait for the address it prints."""
    port = port or free_port()
    begun = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--host", HOST, "--port", str(port), *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    lines: list[str] = []
    got = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("http://"):
                got.set()
        got.set()

    threading.Thread(target=read, daemon=True).start()
    if not got.wait(timeout) or not lines or not lines[0].startswith("http://"):
        process.kill()
        raise AssertionError(f"coach serve printed no address: {lines} {process.stderr.read()}")
    return Served(process, lines[0], port, time.monotonic() - begun, lines)


def web_env(home: Path) -> dict[str, str]:
    """A `coach` environment of its own under ``home``: HOME, cache and settings."""
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "COACH_CACHE_DIR": str(home / "cache"),
            "COACH_CONFIG_DIR": str(home / "config")}
