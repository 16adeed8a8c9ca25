"""Forked worker processes that exit when the process that forked them is gone.

A SIGKILLed ingest cannot tell its quote worker or Whoosh's writer processes to stop; without
this they live on as orphans. Each forked child watches its parent id and exits once it has
been re-parented.
"""

from __future__ import annotations

import os
import threading
import time
from functools import cache

POLL_SECONDS = 1.0


def exit_with_parent(poll_seconds: float = POLL_SECONDS) -> None:
    """In a forked child: a daemon thread ends the process once its parent has died."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@cache
def guard_forked_workers() -> None:
    """From now on, every process this one forks exits with it (registered once)."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=exit_with_parent)
