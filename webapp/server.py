"""Serving the app: waitress threads in one process, or in several worker processes that share
one listening socket, so that requests use every core instead of queueing behind one
interpreter lock.

The parent binds the socket and forks the workers before anything is opened; each worker builds
its own app (store connections, indexes and the query encoder are opened per process, on first
use). A worker that dies is replaced; SIGTERM or SIGINT stops them all.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import Any

RESTARTS = 10  # replacements for workers that died, before the server gives up


def default_workers() -> int:
    """One worker a core, at most four (each holds its own readers and vector copies)."""
    return max(1, min(4, os.cpu_count() or 1))


def listening_socket(host: str, port: int) -> socket.socket:
    """The server's socket, bound and listening before any worker starts."""
    return socket.create_server((host, port), backlog=1024)


def run_worker(sock: socket.socket, make_app: Callable[[], Any], threads: int) -> None:
    """One process serving the app ``make_app`` builds on ``sock`` with ``threads`` threads
    until stopped."""
    from waitress import serve

    serve(make_app(), sockets=[sock], threads=threads, ident="OnRecord")


def _fork(sock: socket.socket, make_app: Callable[[], Any], threads: int) -> int:
    """A child process running one worker; the parent gets its pid."""
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        status = 0
        try:
            run_worker(sock, make_app, threads)
        except BaseException as exc:  # the worker's last word, then its exit status
            print(f"worker {os.getpid()} stopped: {exc}", file=sys.stderr, flush=True)
            status = 1
        os._exit(status)
    return pid


def serve_workers(sock: socket.socket, make_app: Callable[[], Any], threads: int,
                  workers: int) -> int:
    """Serve the app ``make_app`` builds (called in each worker, after the fork) on the
    listening ``sock`` with ``workers`` processes of ``threads`` threads each."""
    if workers <= 1 or not hasattr(os, "fork"):
        run_worker(sock, make_app, threads)
        return 0
    children = {_fork(sock, make_app, threads) for _ in range(workers)}
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                children.discard(pid)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    restarts = 0
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        children.discard(pid)
        if stopping:
            continue
        code = os.waitstatus_to_exitcode(status)
        if restarts >= RESTARTS:
            print(f"a worker exited ({code}) and {RESTARTS} have been replaced already: stopping",
                  file=sys.stderr, flush=True)
            stop(signal.SIGTERM, None)
            continue
        restarts += 1
        print(f"worker {pid} exited ({code}); starting another", file=sys.stderr, flush=True)
        children.add(_fork(sock, make_app, threads))
    sock.close()
    return 0
