"""Whole-set exports through the whole request path next to a plain SQL-to-CSV dump.

For each size (default 1,000 and 10,000 rows) and each export (``quotes``: every stored quote,
newest first, ``/api/v1/quotes?format=csv``; ``search``: every article a query matches,
``/api/v1/search?format=csv``), one child process serves the export through Flask's test
client (the app's ``EXPORT_CAP`` set to the size, the search or quote ranking included) and
writes the body to a file as a download would, and another dumps the same rows with sqlite3
and the csv module alone. Each child reports its wall time and peak RSS (``ru_maxrss``), so
memory is measured per run; each is run ``--repeat`` times (default 3), keeping the fastest
time and the highest peak. Printed: rows, seconds and peak RSS per run, the time ratio
export / plain dump at the largest size (target <= 1.5x) and the export's peak-RSS growth from
the smallest to the largest size (target < 50 MB: flat).

    python scripts/bench_export.py --data /tmp/senate/store
    python scripts/bench_export.py --data DIR --what search --query "health OR tax" --mode keyword

A set smaller than a size is exported whole; the rows column says how many rows there were.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

TARGET_RATIO = 1.5
TARGET_GROWTH_MB = 50
QUOTE_SQL = (
    "SELECT q.id, q.article_id, q.passage_id, a.title, a.source, {issuer}, a.published, a.url,"
    " COALESCE(s.name, q.speaker_name), q.speaker_role, q.speaker_org, q.text, q.kind"
    " FROM quotes q JOIN articles a ON a.id = q.article_id"
    " LEFT JOIN speakers s ON s.id = q.speaker_id"
    " ORDER BY a.published DESC, q.article_id, q.start LIMIT ?")
PASSAGE_SQL = ("SELECT p.id, p.article_id, a.title, a.source, {issuer}, a.published, a.url,"
               " p.text FROM passages p JOIN articles a ON a.id = p.article_id"
               " WHERE p.id IN ({marks})")
PASSAGE_QUOTES_SQL = ("SELECT q.passage_id, COALESCE(s.name, q.speaker_name), q.speaker_role,"
                      " q.speaker_org, q.text, q.kind FROM quotes q"
                      " LEFT JOIN speakers s ON s.id = q.speaker_id"
                      " WHERE q.passage_id IN ({marks}) ORDER BY q.start")


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_run(data: str, url: str, size: int, out: Path, mode: str) -> dict[str, Any]:
    """One export through the app's request path, body streamed to ``out``; the store, the
    indexes, the quote index and the query encoder are opened by first small requests (as in
    a running server), outside the timing."""
    from webapp.app import create_app

    client = create_app({"DATA_DIR": data, "EXPORT_CAP": size}).test_client()
    for warm in (client.get("/api/v1/search", query_string={"q": "warm up", "mode": mode,
                                                            "limit": 1}),
                 client.get("/api/v1/quotes", query_string={"q": "warm up", "limit": 1})):
        assert warm.status_code == 200, warm.get_data(as_text=True)
    before = peak_rss_mb()
    start = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, response.get_data(as_text=True)
    with out.open("wb") as fh:
        for chunk in response.iter_encoded():
            fh.write(chunk)
    response.close()
    seconds = time.perf_counter() - start
    with out.open(encoding="utf-8", newline="") as fh:
        rows = sum(1 for r in csv.reader(fh) if r and not r[0].startswith("# truncated"))
    return {"seconds": seconds, "rows": rows - 1, "rss_before_mb": before,
            "peak_rss_mb": peak_rss_mb()}


def issuer_column(conn: sqlite3.Connection) -> str:
    """``a.issuer``, or NULL for a store from before issuers were kept."""
    names = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    return "a.issuer" if "issuer" in names else "NULL"


def sql_quotes_run(data: str, size: int, out: Path) -> dict[str, Any]:
    """The newest ``size`` quotes with their articles, dumped by sqlite3 and csv alone."""
    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{Path(data) / 'store.sqlite3'}?mode=ro", uri=True)
    rows = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["quote_id", "article_id", "passage_id", "title", "source", "issuer",
                         "published", "url", "speaker", "speaker_role", "speaker_org",
                         "quote", "kind"])
        for row in conn.execute(QUOTE_SQL.format(issuer=issuer_column(conn)), (size,)):
            writer.writerow(row)
            rows += 1
    conn.close()
    return {"seconds": time.perf_counter() - start, "rows": rows, "peak_rss_mb": peak_rss_mb()}


def sql_passages_run(data: str, ids_file: Path, out: Path) -> dict[str, Any]:
    """The export's passages (ids in its order) with their articles and quotes joined, dumped
    by sqlite3 and csv alone, 500 ids a query."""
    ids = json.loads(ids_file.read_text())
    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{Path(data) / 'store.sqlite3'}?mode=ro", uri=True)
    issuer = issuer_column(conn)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["passage_id", "article_id", "title", "source", "issuer", "published",
                         "url", "text", "speaker", "speaker_role", "speaker_org", "quote",
                         "kind"])
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            passages = {r[0]: r for r in conn.execute(
                PASSAGE_SQL.format(issuer=issuer, marks=marks), chunk)}
            quotes: dict[str, list[tuple[Any, ...]]] = {}
            for r in conn.execute(PASSAGE_QUOTES_SQL.format(marks=marks), chunk):
                quotes.setdefault(r[0], []).append(r[1:])
            for pid in chunk:
                qs = quotes.get(pid, [])
                cols = [" | ".join(str(q[k] or "") for q in qs) for k in range(5)]
                writer.writerow([*passages[pid], *cols])
    conn.close()
    return {"seconds": time.perf_counter() - start, "rows": len(ids),
            "peak_rss_mb": peak_rss_mb()}


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one measurement in this (child) process."""
    out = Path(spec["out"])
    if spec["run"] == "export":
        return export_run(spec["data"], spec["url"], spec["size"], out, spec["mode"])
    if spec["run"] == "sql-quotes":
        return sql_quotes_run(spec["data"], spec["size"], out)
    return sql_passages_run(spec["data"], Path(spec["ids"]), out)


def in_child(spec: dict[str, Any], repeat: int = 1) -> dict[str, Any]:
    """``child(spec)`` in a fresh Python process, so its peak RSS is this run's alone; run
    ``repeat`` times: the fastest time and the highest peak RSS (other load only slows)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"child {spec['run']} failed:\n{done.stderr[-2000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


def passage_ids(export_csv: Path, ids_file: Path) -> None:
    """The passage ids of an export file, in order, as JSON for the plain dump."""
    with export_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        ids = [r["passage_id"] for r in reader if not r["rank"].startswith("# truncated")]
    ids_file.write_text(json.dumps(ids))


def bench(args: argparse.Namespace, what: str, tmp: Path) -> list[dict[str, Any]]:
    """Every size of one export with its plain dump beside it."""
    results = []
    for size in args.sizes:
        if what == "quotes":
            url = "/api/v1/quotes?format=csv"
        else:
            url = "/api/v1/search?" + urlencode({"q": args.query, "mode": args.mode,
                                                 "format": "csv"})
        out = tmp / f"{what}-{size}.csv"
        exported = in_child({"run": "export", "data": args.data, "url": url, "size": size,
                             "out": str(out), "mode": args.mode}, args.repeat)
        if what == "quotes":
            plain = in_child({"run": "sql-quotes", "data": args.data, "size": size,
                              "out": str(tmp / f"plain-{size}.csv")}, args.repeat)
        else:
            ids = tmp / f"ids-{size}.json"
            passage_ids(out, ids)
            plain = in_child({"run": "sql-passages", "data": args.data, "ids": str(ids),
                              "out": str(tmp / f"plain-{size}.csv")}, args.repeat)
        results.append({"what": what, "size": size, "export": exported, "plain": plain})
    return results


def report(results: list[dict[str, Any]]) -> None:
    """The table, then the ratio and the growth against their targets."""
    print(f"{'export':7} {'size':>6} {'rows':>6} {'export s':>9} {'plain s':>8} {'ratio':>6} "
          f"{'export peak MB':>15} {'plain peak MB':>14}")
    for r in results:
        e, p = r["export"], r["plain"]
        print(f"{r['what']:7} {r['size']:>6} {e['rows']:>6} {e['seconds']:>9.3f} "
              f"{p['seconds']:>8.3f} {e['seconds'] / p['seconds']:>5.2f}x "
              f"{e['peak_rss_mb']:>15.1f} {p['peak_rss_mb']:>14.1f}")
    for what in dict.fromkeys(r["what"] for r in results):
        runs = [r for r in results if r["what"] == what]
        small, large = runs[0], runs[-1]
        ratio = large["export"]["seconds"] / large["plain"]["seconds"]
        growth = large["export"]["peak_rss_mb"] - small["export"]["peak_rss_mb"]
        print(f"{what}: {large['export']['rows']:,} rows in "
              f"{large['export']['seconds']:.3f} s vs plain {large['plain']['seconds']:.3f} s: "
              f"ratio {ratio:.2f}x (target <= {TARGET_RATIO}x: "
              f"{'met' if ratio <= TARGET_RATIO else 'missed'}); peak RSS "
              f"{small['export']['rows']:,} -> {large['export']['rows']:,} rows: "
              f"{growth:+.1f} MB (target < {TARGET_GROWTH_MB} MB: "
              f"{'flat' if growth < TARGET_GROWTH_MB else 'not flat'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="an onrecord data folder")
    parser.add_argument("--sizes", default="1000,10000",
                        help="export caps to measure, smallest first (default 1000,10000)")
    parser.add_argument("--what", choices=("quotes", "search", "both"), default="both")
    parser.add_argument("--query", default="said OR senator OR statement",
                        help="the search export's query")
    parser.add_argument("--mode", default="keyword", choices=("keyword", "semantic", "hybrid"),
                        help="the search export's mode")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement: the fastest time, the highest peak RSS "
                             "(default 3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    if not args.data or not (Path(args.data) / "store.sqlite3").exists():
        parser.error("--data: give an onrecord data folder (with store.sqlite3)")
    args.sizes = [int(s) for s in args.sizes.split(",")]
    whats = ("quotes", "search") if args.what == "both" else (args.what,)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        results = [r for what in whats for r in bench(args, what, Path(tmp))]
    report(results)


if __name__ == "__main__":
    main()
