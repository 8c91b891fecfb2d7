"""`dateline serve` end to end: a real uvicorn on loopback, asked over HTTP, then stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

DATELINE = Path(sys.executable).parent / "dateline"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback_and_stops(demo_db, demo_ids):
    port = _free_port()
    env = {**os.environ, "DATELINE_API_TOKEN": ""}
    server = subprocess.Popen(
        [str(DATELINE), "serve", "--db", str(demo_db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/articles/{demo_ids[0]}"
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not start in 60 s"
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["article"]["id"] == demo_ids[0]
        assert "script-src 'self'" in response.headers["content-security-policy"]
        # both worker processes read the file at once (read-only, shared)
        with httpx.Client(timeout=10) as client:
            for _ in range(20):
                assert client.get(url).status_code == 200
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=20)
    assert "2 workers" in server.stderr.read().decode()


def test_serve_keeps_writes_to_one_duckdb_process(tmp_path):
    env = {**os.environ, "DATELINE_API_TOKEN": "a-long-token"}
    result = subprocess.run(
        [str(DATELINE), "serve", "--db", str(tmp_path / "x.duckdb"), "--allow-writes",
         "--workers", "2"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "E910" in result.stderr


def test_serve_refuses_writes_without_a_token(tmp_path):
    env = {**os.environ, "DATELINE_API_TOKEN": ""}
    env.pop("DATELINE_API_TOKEN")
    result = subprocess.run(
        [str(DATELINE), "serve", "--db", str(tmp_path / "x.duckdb"), "--allow-writes"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    assert "E908" in result.stderr


def test_serve_reports_a_missing_store(tmp_path):
    result = subprocess.run(
        [str(DATELINE), "serve", "--db", str(tmp_path / "missing.duckdb")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    assert "E310" in result.stderr
