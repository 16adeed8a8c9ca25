"""Webhook delivery through the store's persisted outbox: a watch's new matches are queued in
the same transaction that records them, then POSTed (JSON) by ``deliver_due``, retried with
exponential backoff and given up after ``MAX_ATTEMPTS``, each failure recorded. Queued
deliveries outlive the process: the next ingest, ``onrecord watch run`` or
``onrecord watch deliver`` sends what is due.

URLs that point at loopback, private, link-local or otherwise reserved addresses are refused
(when the watch is saved and again before each POST, after resolving the host, so a name
re-pointed later is caught) unless ``ONRECORD_WEBHOOK_ALLOW_PRIVATE=1`` allows them; redirects
are not followed.
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ALLOW_PRIVATE_ENV = "ONRECORD_WEBHOOK_ALLOW_PRIVATE"
MAX_ATTEMPTS = 6
BACKOFF_S = 30  # first retry after this, doubling: 30 s, 1 min, 2 min, 4 min, 8 min
TIMEOUT_S = 5.0
CLAIM_S = 60  # a delivery being sent is not due again for this long (another process waits)

_running = threading.Lock()  # one background delivery per process at a time
_threads: list[threading.Thread] = []


class WebhookError(ValueError):
    """A webhook URL that may not be used; the message is one line naming it."""


@dataclass
class DeliveryReport:
    """What one pass over the outbox did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"delivered": self.delivered, "retrying": self.retrying, "failed": self.failed}


def private_allowed() -> bool:
    """Whether the explicit setting allows webhooks to loopback and private addresses."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in ("1", "true", "yes")


def refused_address(address: str) -> bool:
    """Whether an IP address is one a webhook may not reach without the setting."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved
            or ip.is_multicast or ip.is_unspecified)


def check_url(url: str, allow_private: bool | None = None) -> str:
    """The URL when a webhook may POST to it; else WebhookError saying why."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookError(f"webhook: not an http(s) URL: {url!r}")
    if allow_private if allow_private is not None else private_allowed():
        return url.strip()
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise WebhookError(f"webhook: cannot resolve host {parts.hostname!r}: {exc}") from exc
    for info in infos:
        if refused_address(str(info[4][0])):
            raise WebhookError(
                f"webhook: {parts.hostname!r} is a loopback, private or link-local address "
                f"(set {ALLOW_PRIVATE_ENV}=1 to allow it)")
    return url.strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are errors: a public URL may not bounce the POST to a private one."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_json(url: str, body: str, timeout: float = TIMEOUT_S) -> None:
    """POST a JSON body; raises OSError (``urllib.error.URLError``, HTTPError) on failure."""
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "OnRecord-watch/1"})
    opener = urllib.request.build_opener(_NoRedirect())
    with opener.open(request, timeout=timeout) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "not a 2xx answer", None, None)


def retry_at(attempts: int, at: datetime) -> datetime:
    """When a delivery that failed ``attempts`` times is tried again."""
    return at + timedelta(seconds=BACKOFF_S * 2 ** max(0, attempts - 1))


def stamp(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


def deliver_due(store: Any, at: datetime | None = None, timeout: float = TIMEOUT_S
                ) -> DeliveryReport:
    """Send every outbox delivery that is due: each is claimed, POSTed, then recorded as
    delivered, pending a retry, or failed after ``MAX_ATTEMPTS``."""
    report = DeliveryReport()
    at = at or datetime.now(UTC)
    with store.transaction():
        due = store.due_webhooks(stamp(at))
        for row in due:  # claimed: another process does not send it meanwhile
            store.webhook_attempted(row["id"], "pending", row["attempts"],
                                    stamp(at + timedelta(seconds=CLAIM_S)), None)
    for row in due:
        attempts = row["attempts"] + 1
        try:
            post_json(check_url(row["url"]), row["payload"], timeout)
            status, error = "delivered", None
        except (OSError, WebhookError, ValueError) as exc:
            error = " ".join(str(exc).split())[:300] or type(exc).__name__
            status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
        with store.transaction():
            store.webhook_attempted(row["id"], status, attempts,
                                    stamp(retry_at(attempts, datetime.now(UTC))), error)
        if status == "delivered":
            report.delivered += 1
        elif status == "failed":
            report.failed += 1
        else:
            report.retrying += 1
    return report


def deliver_in_background(data_dir: Path) -> threading.Thread | None:
    """Send due deliveries in a daemon thread with its own store connection, so an ingest never
    waits on a webhook; None when one is already running in this process."""
    if not _running.acquire(blocking=False):
        return None

    def run() -> None:
        from indexer.store import Store, StoreError

        try:
            store = Store.open(data_dir)
            try:
                deliver_due(store)
            finally:
                store.close()
        except (StoreError, OSError):
            pass  # the deliveries stay queued for the next pass
        finally:
            _running.release()

    thread = threading.Thread(target=run, name="webhook-delivery", daemon=True)
    if not _threads:  # a CLI ingest that is done gives its deliveries a moment before exiting
        atexit.register(wait_for_deliveries, TIMEOUT_S * 2)
    _threads.append(thread)
    thread.start()
    return thread


def wait_for_deliveries(timeout: float = 30.0) -> None:
    """Wait for this process's background deliveries (the CLI, before it exits)."""
    while _threads:
        _threads.pop().join(timeout)
