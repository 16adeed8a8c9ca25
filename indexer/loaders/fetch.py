"""A polite URL fetcher: robots.txt, a per-host delay, retries with backoff, a size cap, and a
raw-response cache so a re-run does not fetch again.

Fetched bodies are turned into documents by the file loaders (``load_bytes``), chosen from the
response's content type. Every failure becomes a ``Skip`` naming the URL.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import posixpath
import tempfile
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 120.0  # longest backoff or Retry-After we are willing to sleep, in seconds
MIN_BACKOFF = 0.5
_CHUNK = 64 * 1024

# Content type -> the file name whose loader reads it.
TYPE_NAMES = {
    "text/html": "page.html",
    "application/xhtml+xml": "page.html",
    "text/plain": "page.txt",
    "text/markdown": "page.md",
    "text/csv": "page.csv",
    "text/tab-separated-values": "page.tsv",
    "application/json": "page.json",
    "application/x-ndjson": "page.jsonl",
    "application/jsonl": "page.jsonl",
    "application/zip": "page.zip",
    "application/x-tar": "page.tar",
    "application/warc": "page.warc",
}
# Types too vague to trust over the URL's own file name.
_GENERIC_TYPES = frozenset({"", "text/plain", "application/octet-stream", "binary/octet-stream"})


@dataclass
class Response:
    """A fetched (or cached) HTTP response; ``url`` is the final URL after redirects."""

    url: str
    status: int
    content_type: str
    body: bytes
    retry_after: str | None = None
    warnings: list[str] = field(default_factory=list)


class FetchError(Exception):
    """A URL that could not be fetched; the message is the one-line reason."""


class _Transient(FetchError):
    """A failure worth retrying (connection error, timeout)."""


def fetch_urls(urls: list[str], options: LoadOptions) -> Iterator[SourceDoc | Skip]:
    """Fetch each http(s) URL politely and load it into documents (or a ``Skip`` with why)."""
    fetcher = PoliteFetcher(options)
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https"):
            yield Skip(url, "only http and https URLs are fetched")
            continue
        try:
            response = fetcher.fetch(url)
        except FetchError as exc:
            yield Skip(url, str(exc))
            continue
        yield from response_to_docs(response, url, options)


def response_to_docs(
    response: Response, origin: str, options: LoadOptions
) -> Iterator[SourceDoc | Skip]:
    """Load a response body with the loader for its content type; documents without a URL of
    their own get the final URL."""
    from indexer.loaders import load_bytes

    name = name_for(response.content_type, response.url, response.body)
    if name is None:
        yield Skip(origin, f"unsupported content type {response.content_type or '(none)'}")
        return
    body = to_utf8(response.body, charset_of(response.content_type))
    warnings = list(response.warnings)
    for item in load_bytes(name, body, origin, options):
        if isinstance(item, SourceDoc):
            item.url = item.url or response.url
            item.warnings, warnings = warnings + item.warnings, []
        yield item


class PoliteFetcher:
    """Fetches URLs for one run: robots.txt and request times are remembered per host."""

    def __init__(
        self,
        options: LoadOptions,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}

    def fetch(self, url: str) -> Response:
        """The response for ``url``: from the raw cache when present, else fetched (robots.txt
        permitting) and cached. Raises ``FetchError`` with the reason otherwise."""
        raw_dir = self.options.raw_dir
        if raw_dir is not None and (cached := read_cached(Path(raw_dir), url)) is not None:
            return cached
        robots = self._robots_for(url)
        if isinstance(robots, str):
            raise FetchError(robots)
        if not robots.can_fetch(self.options.user_agent, url):
            raise FetchError("disallowed by robots.txt")
        response = self.get(url)
        if response.status != 200:
            raise FetchError(f"HTTP {response.status} {_reason(response.status)}".rstrip())
        if raw_dir is not None:
            try:
                write_cached(Path(raw_dir), url, response)
            except OSError as exc:  # the page is fine; only the cache failed
                response.warnings.append(f"{url}: not cached in {raw_dir} ({exc})")
        return response

    def get(self, url: str) -> Response:
        """GET with the per-host delay, retrying connection errors, 5xx and 429 with
        exponential backoff (or the server's Retry-After)."""
        attempts = max(1, self.options.fetch_retries + 1)
        problem = ""
        for attempt in range(attempts):
            self._wait_turn(url)
            try:
                response = http_get(url, self.options)
            except _Transient as exc:
                problem, wait = str(exc), backoff_delay(attempt, self.options.fetch_delay)
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                problem = f"HTTP {response.status} {_reason(response.status)}".rstrip()
                asked = parse_retry_after(response.retry_after, datetime.now(UTC))
                if asked is not None and asked > MAX_WAIT:
                    raise FetchError(f"{problem}; server asked to retry after {asked:.0f}s")
                wait = asked if asked is not None else backoff_delay(
                    attempt, self.options.fetch_delay)
            if attempt + 1 < attempts:
                self._sleep(wait)
        raise FetchError(f"{problem} (after {attempts} attempts)" if attempts > 1 else problem)

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's delay since our last request to it has passed."""
        host = _host_key(url)
        delay = self.options.fetch_delay
        robots = self._robots.get(host)
        if isinstance(robots, urllib.robotparser.RobotFileParser):
            crawl_delay = robots.crawl_delay(self.options.user_agent)
            delay = max(delay, float(crawl_delay or 0))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = self._clock()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | str:
        """The host's robots.txt rules (fetched once per run), or the reason nothing may be
        fetched there (robots.txt unreachable: we stay off, as ``robotparser`` does)."""
        host = _host_key(url)
        if host not in self._robots:
            self._robots[host] = self._load_robots(f"{host}/robots.txt")
        return self._robots[host]

    def _load_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser | str:
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self.get(robots_url)
        except FetchError as exc:
            return f"robots.txt unavailable, not fetching: {exc}"
        if response.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= response.status < 500:
            parser.allow_all = True
        elif response.status != 200:
            return f"robots.txt unavailable, not fetching: HTTP {response.status}"
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        return parser


def http_get(url: str, options: LoadOptions) -> Response:
    """One GET request (redirects followed, http/https only), body capped at ``max_bytes``.

    HTTP error statuses come back as a ``Response``; network failures raise ``_Transient`` and
    an oversized body raises ``FetchError``.
    """
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": options.user_agent})
    try:
        with opener.open(request, timeout=options.fetch_timeout) as resp:
            body = _read_capped(resp, options.max_bytes)
            return Response(resp.geturl(), resp.status, resp.headers.get("Content-Type", ""),
                            body, resp.headers.get("Retry-After"))
    except urllib.error.HTTPError as exc:
        with exc:
            headers: Message = exc.headers
            return Response(exc.geturl() or url, exc.code, headers.get("Content-Type", ""), b"",
                            headers.get("Retry-After"))
    except urllib.error.URLError as exc:
        raise _Transient(f"unreachable ({exc.reason})") from exc
    except (TimeoutError, ConnectionError, http.client.HTTPException, OSError) as exc:
        raise _Transient(f"connection failed ({exc.__class__.__name__}: {exc})") from exc


def _read_capped(resp: http.client.HTTPResponse, limit: int) -> bytes:
    """Read a response body, refusing one over ``limit`` bytes (declared or actual)."""
    declared = resp.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"response too large ({declared} bytes > limit {limit})")
    out = bytearray()
    while chunk := resp.read(_CHUNK):
        out += chunk
        if len(out) > limit:
            raise FetchError(f"response too large (over limit {limit} bytes)")
    return bytes(out)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http and https URLs (``urllib`` would also follow ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-HTTP URL", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def backoff_delay(attempt: int, base: float) -> float:
    """Seconds to wait before retry number ``attempt + 1``: doubling from the host delay."""
    return min(MAX_WAIT, max(base, MIN_BACKOFF) * 2**attempt)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def name_for(content_type: str, url: str, body: bytes = b"") -> str | None:
    """The file name whose loader should read a response: from the content type, or from the
    URL's file name when the type is missing or generic; None when nothing fits."""
    from indexer.loaders import is_supported

    mime = content_type.split(";", 1)[0].strip().lower()
    url_name = posixpath.basename(unquote(urlsplit(url).path))
    if mime in _GENERIC_TYPES and url_name and is_supported(url_name):
        return url_name
    if mime in TYPE_NAMES:
        return TYPE_NAMES[mime]
    if not mime and body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "page.html"
    return None


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    message = Message()
    message["Content-Type"] = content_type
    return message.get_content_charset()


def to_utf8(body: bytes, charset: str | None) -> bytes:
    """Re-encode a body the server declared in another charset as UTF-8 (left alone when it is
    already valid UTF-8 or the charset is unknown)."""
    if not charset or charset in ("utf-8", "utf8", "us-ascii"):
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body


def cache_key(url: str) -> str:
    """The cache file stem for a URL: a SHA-256 of the URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def read_cached(raw_dir: Path, url: str) -> Response | None:
    """The cached response for ``url``, or None when absent or unreadable."""
    key = cache_key(url)
    try:
        meta = json.loads((raw_dir / f"{key}.json").read_text(encoding="utf-8"))
        body = (raw_dir / f"{key}.body").read_bytes()
        return Response(meta["final_url"], int(meta["status"]), meta["content_type"], body)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cached(raw_dir: Path, url: str, response: Response) -> None:
    """Store a response body and a JSON sidecar (URL, final URL, type), each written atomically;
    the sidecar goes last, so its presence means the entry is complete."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    key = cache_key(url)
    meta = {
        "url": url,
        "final_url": response.url,
        "status": response.status,
        "content_type": response.content_type,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _write_atomic(raw_dir / f"{key}.body", response.body)
    _write_atomic(raw_dir / f"{key}.json", json.dumps(meta, indent=1).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _host_key(url: str) -> str:
    """``scheme://host[:port]``: robots.txt and the request delay are per host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _reason(status: int) -> str:
    return http.client.responses.get(status, "")

