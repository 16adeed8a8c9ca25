"""``onrecord serve`` with several worker processes: they share one socket, every request is
answered whichever worker takes it, and SIGTERM
stops them all."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from test_crash_safety import REPO, child_env, write_corpus

from indexer.cli import main

CAP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def children_of(pid: int) -> set[int]:
    """The live child processes of ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_share_the_socket_answer_alike_and_stop_together(tmp_path):
    data = tmp_path / "data"
    write_corpus(tmp_path / "in", 12, 5)
    assert main(["--data", str(data), "ingest", str(tmp_path / "in"), "--no-quotes"]) == 0
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "indexer", "--data", str(data), "serve", "--port", str(port),
         "--workers", "2", "--threads", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(), cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + CAP_SECONDS
        while True:
            try:
                first = get(f"{base}/api/v1/search?q=council&mode=keyword")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.5)
        workers = children_of(server.pid)
        assert len(workers) == 2
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(
                lambda _: get(f"{base}/api/v1/search?q=council&mode=keyword")["total"],
                range(40)))
        assert answers == [first["total"]] * 40  # whichever worker answered
        assert first["total"] > 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    deadline = time.monotonic() + 30
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in workers), "SIGTERM to the server stops every worker"


def test_serve_names_a_port_it_cannot_listen_on(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = main(["--data", str(tmp_path), "serve", "--port", str(port)])
    assert status == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "Traceback" not in err
