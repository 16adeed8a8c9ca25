"""The polite fetcher against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indexer.loaders import iter_documents
from indexer.loaders.fetch import (
    PoliteFetcher,
    cache_key,
    fetch_urls,
    name_for,
    parse_retry_after,
)
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

PAGE = (b"<!doctype html><html><head><title>Budget vote</title></head><body><article>"
        b"<h1>Budget vote</h1><p>" + b"The senator said the budget would pass this week. " * 8
        + b"</p><p>A second paragraph follows with more detail about the vote.</p>"
        b"</article></body></html>")
HTML = {"Content-Type": "text/html; charset=utf-8"}
UA = "OnRecordTest/1.0 (+mailto:test@example.org)"

Reply = tuple[int, dict[str, str], bytes]


class Site:
    """Routes served by the local server, and a log of the requests it received."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, str | None]] = []
        self.base = ""

    def route(self, path: str, *replies: Reply) -> None:
        """Serve ``replies`` in turn for ``path`` (the last one repeats)."""
        self.routes[path] = list(replies)

    def reply_for(self, path: str) -> Reply:
        queue = self.routes.get(path)
        if not queue:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            site.requests.append((self.path, self.headers.get("User-Agent")))
            status, headers, body = site.reply_for(self.path)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def _options(**kwargs) -> LoadOptions:
    defaults = {"fetch_delay": 0.0, "fetch_retries": 2, "fetch_timeout": 5.0, "user_agent": UA}
    return LoadOptions(**{**defaults, **kwargs})


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, SourceDoc)],
            {i.origin: i.reason for i in items if isinstance(i, Skip)})


def test_page_is_loaded_with_user_agent_and_final_url(site):
    site.route("/news/a.html", (200, HTML, PAGE))
    docs, skips = _split(fetch_urls([site.base + "/news/a.html"], _options()))
    assert skips == {}
    (doc,) = docs
    assert "budget would pass" in doc.body and doc.title == "Budget vote"
    assert doc.origin == doc.url == site.base + "/news/a.html"
    assert site.requests == [("/robots.txt", UA), ("/news/a.html", UA)]


def test_robots_disallow_is_respected(site):
    site.route("/robots.txt", (200, {"Content-Type": "text/plain"},
                               b"User-agent: *\nDisallow: /private/\n"))
    site.route("/private/secret.html", (200, HTML, PAGE))
    site.route("/public.html", (200, HTML, PAGE))
    urls = [site.base + "/private/secret.html", site.base + "/public.html"]
    docs, skips = _split(fetch_urls(urls, _options()))
    assert skips == {urls[0]: "disallowed by robots.txt"}
    assert [d.url for d in docs] == [urls[1]]
    assert site.hits("/private/secret.html") == 0
    assert site.hits("/robots.txt") == 1  # cached per host for the run


def test_unavailable_robots_means_stay_off_but_missing_robots_means_allowed(site):
    site.route("/robots.txt", (500, {}, b"oops"))
    site.route("/page.html", (200, HTML, PAGE))
    docs, skips = _split(fetch_urls([site.base + "/page.html"], _options(fetch_retries=0)))
    assert docs == []
    assert skips[site.base + "/page.html"].startswith("robots.txt unavailable")
    assert site.hits("/page.html") == 0

    site.route("/robots.txt", (404, {}, b""))
    docs, _ = _split(fetch_urls([site.base + "/page.html"], _options()))
    assert len(docs) == 1


def test_503_then_200_is_retried_honouring_retry_after(site):
    site.route("/flaky.html", (503, {"Retry-After": "0"}, b"busy"), (200, HTML, PAGE))
    docs, skips = _split(fetch_urls([site.base + "/flaky.html"], _options()))
    assert skips == {} and len(docs) == 1
    assert site.hits("/flaky.html") == 2


def test_429_backs_off_exponentially_then_honours_retry_after(site):
    site.route("/busy.html", (429, {}, b""), (503, {"Retry-After": "2"}, b""), (200, HTML, PAGE))
    slept: list[float] = []
    fetcher = PoliteFetcher(_options(), sleep=slept.append, clock=lambda: 0.0)
    response = fetcher.fetch(site.base + "/busy.html")
    assert response.status == 200 and response.body == PAGE
    assert slept == [0.5, 2.0]  # the first backoff step, then what the server asked for


def test_persistent_errors_give_up_after_the_retries(site):
    site.route("/down.html", (500, {"Retry-After": "0"}, b""))
    _, skips = _split(fetch_urls([site.base + "/down.html"], _options(fetch_retries=2)))
    assert skips == {site.base + "/down.html": "HTTP 500 Internal Server Error (after 3 attempts)"}
    assert site.hits("/down.html") == 3


def test_404_and_unreachable_and_non_http_are_skipped_with_reasons(site):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/x.html"
    urls = [site.base + "/missing.html", dead, "ftp://example.org/file.txt"]
    docs, skips = _split(fetch_urls(urls, _options(fetch_retries=0)))
    assert docs == []
    assert skips[urls[0]] == "HTTP 404 Not Found"
    assert "unreachable" in skips[dead] and "refused" in skips[dead].lower()
    assert skips[urls[2]] == "only http and https URLs are fetched"


def test_raw_cache_means_a_rerun_does_not_refetch(site, tmp_path):
    site.route("/old.html", (301, {"Location": "/new.html"}, b""))
    site.route("/new.html", (200, HTML, PAGE))
    url = site.base + "/old.html"
    options = _options(raw_dir=tmp_path / "raw")
    first, _ = _split(fetch_urls([url], options))
    requests_after_first = len(site.requests)
    second, _ = _split(fetch_urls([url], options))
    assert len(site.requests) == requests_after_first  # nothing fetched the second time
    assert [d.body for d in second] == [d.body for d in first]
    assert second[0].url == site.base + "/new.html"  # final URL after the redirect
    sidecar = json.loads((tmp_path / "raw" / f"{cache_key(url)}.json").read_text())
    assert sidecar["final_url"] == site.base + "/new.html"
    assert sidecar["content_type"] == HTML["Content-Type"]
    assert (tmp_path / "raw" / f"{cache_key(url)}.body").read_bytes() == PAGE
    assert not [p for p in (tmp_path / "raw").iterdir() if p.name.endswith(".tmp")]


def test_oversized_response_is_refused(site):
    site.route("/big.txt", (200, {"Content-Type": "text/plain"}, b"word " * 2000))
    _, skips = _split(fetch_urls([site.base + "/big.txt"], _options(max_bytes=1000)))
    assert "response too large" in skips[site.base + "/big.txt"]


def test_content_types_choose_the_loader_and_charset_is_honoured(site):
    site.route("/note", (200, {"Content-Type": "text/plain; charset=iso-8859-1"},
                         "Caf\u00e9 statement\n\nThe minist\u00e8re said.\n".encode("latin-1")))
    records = b'{"text": "First record"}\n{"text": "Second record"}\n'
    site.route("/feed", (200, {"Content-Type": "application/x-ndjson"}, records))
    site.route("/data.jsonl", (200, {"Content-Type": "application/octet-stream"}, records))
    site.route("/logo", (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n"))
    urls = [site.base + p for p in ("/note", "/feed", "/data.jsonl", "/logo")]
    docs, skips = _split(iter_documents(urls, _options()))
    assert "The minist\u00e8re said." in docs[0].body
    assert [d.origin for d in docs[1:]] == [urls[1] + "#L1", urls[1] + "#L2",
                                            urls[2] + "#L1", urls[2] + "#L2"]
    assert all(d.url == urls[1] for d in docs[1:3])
    assert skips == {urls[3]: "unsupported content type image/png"}


def test_requests_to_one_host_are_spaced_by_the_delay_and_crawl_delay(site):
    site.route("/a.html", (200, HTML, PAGE))
    site.route("/b.html", (200, HTML, PAGE))
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    def fetch_both() -> None:
        fetcher = PoliteFetcher(_options(fetch_delay=1.5), sleep=sleep, clock=lambda: now[0])
        fetcher.fetch(site.base + "/a.html")
        fetcher.fetch(site.base + "/b.html")

    fetch_both()  # robots.txt (none), then a.html and b.html each 1.5 s after the last request
    assert slept == [1.5, 1.5]
    site.route("/robots.txt", (200, {}, b"User-agent: *\nCrawl-delay: 3\n"))
    slept.clear()
    fetch_both()  # robots.txt asks for a longer delay: it wins
    assert slept == [3.0, 3.0]


def test_retry_after_and_names_are_parsed():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now) == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("soon", now) is None
    assert name_for("text/html; charset=utf-8", "http://x/a") == "page.html"
    assert name_for("text/plain", "http://x/items.csv") == "items.csv"
    assert name_for("", "http://x/a", b"<!DOCTYPE html><p>x") == "page.html"
    assert name_for("video/mp4", "http://x/v.mp4") is None
