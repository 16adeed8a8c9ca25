"""Reliability figures: ingest killed and resumed, load while ingesting, fuzzed input.

Usage: python scripts/stress.py [--articles 200] [--kills 4] [--clients 8] [--seconds 20]
                                [--fuzz 300] [--seed 7] [--keep DIR]
       python scripts/stress.py --mix-store DIR --more DIR [--code CHECKOUT ...]
                                [--clients 8] [--seconds 60]

1. Kills: ``onrecord ingest`` of a generated folder runs as a subprocess and is SIGKILLed
   ``--kills`` times once the store holds a chosen number of articles; after each kill the store
   is checked (integrity, no half-present article, indexes agree except for articles left
   unindexed), then a rerun must leave everything consistent with every article exactly once.
2. Load: ``onrecord serve`` on 127.0.0.1 (a free port) answers ``--clients`` threads hitting
   ``/api/v1/search`` (keyword and hybrid) and ``/api/v1/ask`` for ``--seconds`` while an
   ``onrecord ingest`` of new articles runs in another process. Loopback only, bounded in time.
   With ``--mix-store`` only the load phase runs, as the issue's stress mix: a copy of an
   existing data folder (e.g. 2,000 Senate releases) served by each ``--code`` checkout in turn
   (default: this one), half the clients asking hybrid ``/api/v1/search`` and half
   ``/api/v1/ask`` (questions), while that checkout ingests ``--more`` (e.g. 500 releases).
   Per checkout: search and ask p50/p95, errors, and whether the running server sees every new
   article (each one's page, and its keyword and vector counts equal a fresh open's).
3. Fuzz: ``--fuzz`` mutated HTML/WARC/CSV/JSONL/text/zip inputs through the loaders, and random
   query strings through the search service and the HTTP API (a 500 or an exception is a
   failure).

Prints one figure per line.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.consistency import check_consistency  # noqa: E402

WORDS = (
    "council budget police river school county bridge election housing transit court water "
    "library museum grant tax permit hospital union strike contract audit report lawsuit "
    "senator governor mayor sheriff prosecutor judge nurse teacher farmer officer witness "
    "announced approved rejected delayed expanded reviewed funded opened closed said warned "
    "residents voters students workers families drivers tenants owners patients inspectors"
).split()
QUERIES = ["council budget", "police officer", "bridge", "\"river school\"", "mayor AND tax",
           "housing OR transit", "title:election", "court~", "strik*", "hospital NOT union"]
QUESTIONS = ["What did the mayor say about the budget?", "Who announced the bridge?",
             "What did the sheriff warn residents about?"]


def write_articles(folder: Path, count: int, rng: random.Random, tag: str) -> int:
    """``count`` generated articles with quotes (files ``<tag>NNNN.txt``); returns ``count``."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        speaker = rng.choice(["Mayor Ana Lopez", "Sheriff Tom Reyes", "Judge Mary Chen"])
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))).capitalize() + "."
            for _ in range(3)
        ]
        quote = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize()
        paragraphs.insert(1, f"\"{quote},\" said {speaker}.")
        text = f"{title} {tag} {n}\n\n" + "\n\n".join(paragraphs)
        (folder / f"{tag}{n:04d}.txt").write_text(text, encoding="utf-8")
    return count


SENATE_QUERIES = ["health care costs", "Iraq war funding", "veterans benefits", "energy prices",
                  "education funding for schools", "homeland security grants",
                  "agriculture appropriations", "immigration reform", "stem cell research",
                  "tax relief for families", "\"minimum wage\"", "drug prices AND medicare"]
SENATE_QUESTIONS = ["What did Wyden say about energy prices?",
                    "Who announced funding for the airport?",
                    "What did Kennedy say about the minimum wage?",
                    "Who said the war in Iraq must end?",
                    "What did Feingold say about the Patriot Act?",
                    "Who praised the farm bill?"]


def onrecord(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "indexer", "--data", str(data), *args]


def stored_articles(data: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{data / 'store.sqlite3'}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


# --- 1. kills -------------------------------------------------------------------------------


def run_kills(root: Path, articles: int, kills: int, rng: random.Random) -> Path:
    data, folder = root / "data", root / "in"
    total = write_articles(folder, articles, rng, "a")
    survived, checked = 0, []
    for k in range(kills):
        target = int(total * (k + 1) / (kills + 1)) + rng.randint(0, 5)
        proc = subprocess.Popen(onrecord(data, "ingest", str(folder), "--batch-size", "5"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        deadline = time.monotonic() + 300
        while stored_articles(data) < target and proc.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 1.0))
        if proc.poll() is not None:
            print(f"kill {k + 1}: ingest finished before the kill", flush=True)
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = check_consistency(data)
        settled = report.integrity == "ok" and not any(
            getattr(report, name) for name in (
                "half_present", "bad_offsets", "keyword_missing", "keyword_extra",
                "keyword_repeated", "vectors_missing", "vectors_extra"))
        survived += settled
        checked.append(report.articles)
        print(f"kill {k + 1}: {report.articles} articles stored, {len(report.unindexed)} left "
              f"unindexed, {'sound' if settled else 'BROKEN: ' + '; '.join(report.problems())}",
              flush=True)
    done = subprocess.run(onrecord(data, "ingest", str(folder), "--json"), capture_output=True,
                          text=True, cwd=REPO)
    final = check_consistency(data)
    rerun = json.loads(done.stdout) if done.returncode == 0 else {}
    print(f"kills survived: {survived}/{kills}")
    print(f"articles checked after the kills: {sum(checked)} (per kill: {checked})")
    print(f"rerun: added {rerun.get('added')}, unchanged {rerun.get('unchanged')}; "
          f"final store {final.articles} articles / {total} files, {final.passages} passages, "
          f"consistent: {final.ok}{'' if final.ok else ' ' + '; '.join(final.problems())}")
    return data


# --- 2. load --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LoadStats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def timed_get(base: str, path: str, timeout: float) -> tuple[float, str | None]:
    """Seconds a GET of ``path`` took, and its error (None when it answered with JSON)."""
    start = time.perf_counter()
    error = None
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            json.loads(response.read())
    except urllib.error.HTTPError as exc:
        error = f"HTTP {exc.code} {path}"
    except (OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc} {path}"
    return time.perf_counter() - start, error


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM the server, killing it if it has not stopped in 30 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def run_all(threads: list[threading.Thread]) -> None:
    """Start the client threads and wait for them all."""
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def client(base: str, stop: float, rng: random.Random, stats: LoadStats) -> None:
    while time.monotonic() < stop:
        if rng.random() < 0.2:
            path = "/api/v1/ask?" + urllib.parse.urlencode({"q": rng.choice(QUESTIONS)})
        else:
            path = "/api/v1/search?" + urllib.parse.urlencode(
                {"q": rng.choice(QUERIES), "mode": rng.choice(["keyword", "hybrid"])})
        elapsed, error = timed_get(base, path, 30)
        with stats.lock:
            stats.latencies.append(elapsed)
            if error:
                stats.errors.append(error)


def wait_ready(base: str, proc: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("serve exited before answering")
        try:
            with urllib.request.urlopen(base + "/api/v1/search?q=council&mode=hybrid",
                                        timeout=30) as response:
                response.read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("serve did not answer in time")


def run_load(root: Path, data: Path, clients: int, seconds: float, rng: random.Random) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(onrecord(data, "serve", "--host", "127.0.0.1", "--port", str(port),
                                       "--threads", str(clients)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    try:
        wait_ready(base, server)
        added = write_articles(root / "more", max(60, clients * 10), rng, "zephyrquill")
        ingest = subprocess.Popen(onrecord(data, "ingest", str(root / "more"), "--batch-size",
                                           "10"), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, cwd=REPO)
        stats = LoadStats()
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=client, args=(base, stop, random.Random(i), stats))
                   for i in range(clients)]
        run_all(threads)
        during = ingest.poll() is None
        status = ingest.wait(timeout=600)
        with urllib.request.urlopen(base + "/api/v1/search?q=zephyrquill&mode=keyword&limit=100",
                                    timeout=30) as response:
            visible = json.loads(response.read())["total"]
    finally:
        stop_server(server)
    lat = sorted(stats.latencies)
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)] if lat else float("nan")
    print(f"load: {clients} clients x {seconds:g} s on loopback while ingesting {added} articles "
          f"(ingest {'still running' if during else 'finished'} when the load ended)")
    print(f"requests served: {len(lat)} ({len(lat) / seconds:.1f}/s)")
    print(f"errors: {len(stats.errors)}" + (f" (first: {stats.errors[0]})" if stats.errors else ""))
    if lat:
        print(f"latency p50 {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")
    print(f"new articles visible to the running server after the ingest (exit {status}): "
          f"{visible}/{added}")


# --- 2b. the stress mix (--mix-store) -------------------------------------------------------


@dataclass
class MixStats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"search": [], "ask": []})
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def mix_client(base: str, stop: float, rng: random.Random, kind: str, stats: MixStats) -> None:
    """One client: hybrid searches (``kind`` "search") or questions ("ask") until ``stop``."""
    while time.monotonic() < stop:
        if kind == "ask":
            path = "/api/v1/ask?" + urllib.parse.urlencode({"q": rng.choice(SENATE_QUESTIONS)})
        else:
            path = "/api/v1/search?" + urllib.parse.urlencode(
                {"q": rng.choice(SENATE_QUERIES), "mode": "hybrid"})
        elapsed, error = timed_get(base, path, 60)
        with stats.lock:
            stats.latencies[kind].append(elapsed)
            if error:
                stats.errors.append(error)


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.loads(response.read())


def article_ids(data: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{data / 'store.sqlite3'}?mode=ro", uri=True, timeout=30)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}
    finally:
        conn.close()


def fresh_counts(code: Path, data: Path) -> dict[str, int]:
    """Keyword documents and vectors as a newly started process of ``code`` sees them."""
    probe = ("import json, sys; from pathlib import Path; from indexer.search import "
             "SearchService; s = SearchService.open(Path(sys.argv[1])); print(json.dumps("
             "{'keyword_documents': s.keyword.doc_count(), 'vectors': len(s.vectors), "
             "'articles': s.store.stats()['articles']})); s.close()")
    out = subprocess.run([sys.executable, "-c", probe, str(data)], cwd=code, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(share * len(ordered))) - 1)] if ordered else float("nan")


def run_mix(code: Path, store: Path, more: Path, root: Path, clients: int, seconds: float
            ) -> None:
    """The stress mix on a copy of ``store`` served and ingested into by checkout ``code``."""
    data = root / f"data-{code.name}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(store, data)
    before = article_ids(data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=code,
                            capture_output=True, text=True).stdout.strip()
    server = subprocess.Popen(onrecord(data, "serve", "--host", "127.0.0.1", "--port", str(port),
                                       "--threads", str(clients)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=code)
    try:
        wait_ready(base, server)
        get_json(base + "/api/v1/ask?" + urllib.parse.urlencode({"q": SENATE_QUESTIONS[0]}))
        ingest = subprocess.Popen(onrecord(data, "ingest", str(more), "--source", "US Senate",
                                           "--batch-size", "50", "--json"),
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=code)
        stats = MixStats()
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=mix_client, args=(
            base, stop, random.Random(i), "ask" if i % 2 else "search", stats))
            for i in range(clients)]
        run_all(threads)
        during = ingest.poll() is None
        added_then = len(article_ids(data) - before)
        out, _ = ingest.communicate(timeout=1800)
        report = json.loads(out) if ingest.returncode == 0 else {}
        new = sorted(article_ids(data) - before)
        served = get_json(base + "/api/v1/stats")
        missing = 0
        for aid in new:
            try:
                get_json(base + "/api/v1/articles/" + urllib.parse.quote(aid, safe=""))
            except (OSError, ValueError):
                missing += 1
    finally:
        stop_server(server)
    fresh = fresh_counts(code, data)
    same = all(served[k] == fresh[k] for k in fresh)
    print(f"[{code.name} {commit}] {clients} clients x {seconds:g} s (half hybrid search, half "
          f"ask) while ingesting {more.name} ({added_then} articles stored when the load ended; "
          f"ingest {'still running' if during else 'finished'} then)")
    for kind, lat in stats.latencies.items():
        print(f"[{code.name}] {kind}: {len(lat)} requests, p50 "
              f"{statistics.median(lat) * 1000 if lat else float('nan'):.0f} ms, p95 "
              f"{percentile(lat, 0.95) * 1000:.0f} ms, max "
              f"{max(lat, default=float('nan')) * 1000:.0f} ms")
    print(f"[{code.name}] errors: {len(stats.errors)}"
          + (f" (first: {stats.errors[0]})" if stats.errors else ""))
    print(f"[{code.name}] ingest exit {ingest.returncode}: added {report.get('added')}, "
          f"duplicates {report.get('duplicates')}; new articles {len(new)}, pages answered "
          f"{len(new) - missing}/{len(new)}; running server sees {served['keyword_documents']} "
          f"keyword documents, {served['vectors']} vectors, {served['articles']} articles "
          f"(fresh open: {fresh['keyword_documents']}, {fresh['vectors']}, "
          f"{fresh['articles']}): every new article visible: {same and not missing}", flush=True)


# --- 3. fuzz --------------------------------------------------------------------------------


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randint(0, len(out))
        chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        action = rng.choice(("insert", "delete", "overwrite", "truncate"))
        if action == "insert":
            out[pos:pos] = chunk
        elif action == "delete":
            del out[pos:pos + len(chunk)]
        elif action == "overwrite":
            out[pos:pos + len(chunk)] = chunk
        else:
            del out[pos:]
    return bytes(out)


def fuzz_seeds() -> dict[str, bytes]:
    page = (b"<html><head><title>Mayor opens bridge</title></head><body><article><h1>Mayor "
            b"opens bridge</h1><p>The mayor opened the bridge on Thursday.</p><p>\"It connects "
            b"us,\" said Mayor Ana Lopez.</p></article></body></html>")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = io.BytesIO()
    writer = WARCWriter(warc, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://x.test/", "response",
                                                  payload=io.BytesIO(page), http_headers=headers))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ok.txt", "Bridge\n\nThe mayor opened the bridge on Thursday, officials said.")
        z.writestr("../escape.txt", "escape")
    rows = [{"id": 1, "title": "Budget", "text": "The council passed the budget."}]
    return {
        "page.html": page, "crawl.warc": warc.getvalue(), "bundle.zip": archive.getvalue(),
        "rows.jsonl": "\n".join(json.dumps(r) for r in rows).encode(),
        "rows.csv": b"id,title,text\n1,Budget,\"The council passed the budget.\"\n",
        "note.txt": b"Bridge opens\n\nThe mayor opened the bridge.",
    }


def run_fuzz(data: Path, cases: int, rng: random.Random) -> None:
    from indexer.keyword_index import QueryError
    from indexer.loaders import load_bytes
    from indexer.loaders.options import LoadOptions
    from indexer.normalise import normalise
    from indexer.records import Skip, SourceDoc
    from indexer.search import SearchService

    seeds = fuzz_seeds()
    tried = failures = 0
    first: str | None = None
    for _ in range(cases):
        name = rng.choice(sorted(seeds))
        blob = mutate(seeds[name], rng)
        tried += 1
        try:
            for item in load_bytes(name, blob, f"fuzz/{name}", LoadOptions()):
                if isinstance(item, Skip):
                    assert item.reason and "\n" not in item.reason, item.reason
                else:
                    assert isinstance(item, SourceDoc)
                    normalise(item, item.origin)
        except Exception as exc:  # counting failures is the point
            failures += 1
            first = first or f"{name}: {type(exc).__name__}: {exc}"
    print(f"fuzz loaders: {tried} cases, {failures} failures" + (f" (first: {first})" if first
                                                                  else ""))
    alphabet = 'abcpolice "():*~^[]-+/\\\x00é🙂ANDORNOT title: date:[2021 to]'
    service = SearchService.open(data)
    tried = failures = 0
    first = None
    try:
        for _ in range(cases):
            query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            for mode in ("keyword", "hybrid"):
                tried += 1
                try:
                    service.search(query, mode=mode)
                except QueryError as exc:
                    if "\n" in str(exc):
                        failures += 1
                        first = first or f"multi-line error for {query!r}"
                except Exception as exc:
                    failures += 1
                    first = first or f"{query!r} ({mode}): {type(exc).__name__}: {exc}"
    finally:
        service.close()
    print(f"fuzz queries (service): {tried} cases, {failures} failures"
          + (f" (first: {first})" if first else ""))
    fuzz_api(data, cases, rng, alphabet)


def fuzz_api(data: Path, cases: int, rng: random.Random, alphabet: str) -> None:
    """Random queries and parameters through the Flask app's test client: never a 500."""
    from webapp.app import create_app

    app = create_app({"DATA_DIR": str(data)})
    http = app.test_client()
    tried = failures = 0
    first = None
    for _ in range(cases):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        params = {"q": query, "mode": rng.choice(["keyword", "hybrid", "semantic", "x", ""]),
                  "limit": rng.choice(["5", "0", "-1", "1000", "abc", ""]),
                  "offset": rng.choice(["0", "-3", "99999", "x"]),
                  "since": rng.choice(["", "2021-01-01", "yesterday", "2021-13-45"])}
        path = rng.choice(["/api/v1/search", "/api/v1/ask", "/search"])
        tried += 1
        response = http.get(path, query_string=params)
        if response.status_code >= 500 or b"Traceback" in response.data:
            failures += 1
            first = first or f"{path} {params!r}: HTTP {response.status_code}"
    print(f"fuzz queries (HTTP API): {tried} cases, {failures} failures"
          + (f" (first: {first})" if first else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--kills", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--fuzz", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--mix-store", type=Path,
                        help="run only the stress mix on copies of this data folder")
    parser.add_argument("--more", type=Path, help="the stress mix's folder to ingest meanwhile")
    parser.add_argument("--code", type=Path, action="append",
                        help="a checkout to serve and ingest with (repeatable; default: this)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.keep or Path(tempfile.mkdtemp(prefix="onrecord-stress-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        if args.mix_store:
            if args.more is None:
                parser.error("--mix-store needs --more")
            for code in args.code or [REPO]:
                run_mix(code.resolve(), args.mix_store, args.more, root, args.clients,
                        args.seconds)
            return
        data = run_kills(root, args.articles, args.kills, rng)
        run_load(root, data, args.clients, args.seconds, rng)
        run_fuzz(data, args.fuzz, rng)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
