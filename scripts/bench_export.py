"""Whole-set exports through the whole request path next to a plain SQL-to-CSV dump.

For each size (default 1,000 and 10,000 rows) and each export (``quotes``: every stored quote,
newest first, ``/api/v1/quotes?format=csv``; ``search``: every article a query matches,
``/api/v1/search?format=csv``), one child process serves the export through Flask's test
client (the app's ``EXPORT_CAP`` set to the size, the search or quote ranking included) and
writes the body to a file as a download would, and another dumps the same rows in the same
columns (rank, score and citation included) with sqlite3 and the csv module alone; the two
files must hold the same cells (the export's formula guard aside), or the bench stops. Each
child reports its wall time and peak RSS (``ru_maxrss``), so memory is measured per run; each
is run ``--repeat`` times (default 3), keeping the fastest time and the highest peak. Printed: rows, seconds and peak RSS per run, the time ratio
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
# The plain dumps write the export's columns, in its order, from SQL alone: the issuer's name
# as the export gives it (the registry name, else as stored) and the citation as
# ``indexer.answers.format_citation`` writes it ("Speaker, role, quoted in 'Title', Source,
# 2021-11-17"; an article's alone: "'Title', Source, 2021-11-17").
ISSUER_SQL = ("CASE WHEN a.issuer != '' THEN COALESCE(NULLIF((SELECT name FROM speakers"
              " WHERE id = a.issuer_id), ''), a.issuer) END")
PLACE_SQL = ("'''' || a.title || '''' || COALESCE(', ' || COALESCE(NULLIF(a.source, '') || ', '"
             " || NULLIF(a.published, ''), NULLIF(a.source, ''), NULLIF(a.published, '')), '')")
SPEAKER_SQL = "NULLIF(COALESCE(s.name, q.speaker_name), '')"
HELD_SQL = "COALESCE(NULLIF(q.speaker_role, ''), NULLIF(q.speaker_org, ''))"
CITATION_SQL = (f"COALESCE(COALESCE({SPEAKER_SQL} || ', ' || {HELD_SQL}, {SPEAKER_SQL},"
                f" {HELD_SQL}) || ', quoted in ', '') || {PLACE_SQL}")
QUOTE_ORDER = "a.published DESC, q.article_id, q.start"
QUOTE_SQL = (
    f"SELECT ROW_NUMBER() OVER (ORDER BY {QUOTE_ORDER}), q.id, q.article_id, q.passage_id, NULL,"
    " a.title, a.source, {issuer}, a.published, a.url, COALESCE(s.name, q.speaker_name),"
    f" q.speaker_role, q.speaker_org, q.text, q.kind, {CITATION_SQL}"
    " FROM quotes q JOIN articles a ON a.id = q.article_id"
    " LEFT JOIN speakers s ON s.id = q.speaker_id"
    f" ORDER BY {QUOTE_ORDER} LIMIT ?")
PASSAGE_SQL = ("SELECT p.id, p.article_id, a.title, a.source, {issuer}, a.published, a.url,"
               f" p.text, {PLACE_SQL} FROM passages p JOIN articles a ON a.id = p.article_id"
               " WHERE p.id IN ({marks})")
PASSAGE_QUOTES_SQL = ("SELECT q.passage_id, COALESCE(s.name, q.speaker_name), q.speaker_role,"
                      f" q.speaker_org, q.text, q.kind, {CITATION_SQL} FROM quotes q"
                      " JOIN articles a ON a.id = q.article_id"
                      " LEFT JOIN speakers s ON s.id = q.speaker_id"
                      " WHERE q.passage_id IN ({marks}) ORDER BY q.start")
FORMULA_STARTS = "=+-@\t\r"  # cells the export guards with a leading '
EXPORT_COLUMNS = {  # indexer.export's columns, written here without importing it
    "quotes": ("rank", "quote_id", "article_id", "passage_id", "score", "title", "source",
               "issuer", "published", "url", "speaker", "speaker_role", "speaker_org", "quote",
               "kind", "citation"),
    "search": ("rank", "article_id", "passage_id", "score", "title", "source", "issuer",
               "published", "url", "text", "speaker", "speaker_role", "speaker_org", "quote",
               "kind", "citation"),
}


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
    """The issuer's name as the export gives it, or NULL for a store from before issuers were
    kept."""
    names = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    return ISSUER_SQL if "issuer" in names else "NULL"


def sql_quotes_run(data: str, size: int, out: Path) -> dict[str, Any]:
    """The newest ``size`` quotes with their articles, in the export's columns, dumped by
    sqlite3 and csv alone."""
    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{Path(data) / 'store.sqlite3'}?mode=ro", uri=True)
    rows = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS["quotes"])
        for row in conn.execute(QUOTE_SQL.format(issuer=issuer_column(conn)), (size,)):
            writer.writerow(row)
            rows += 1
    conn.close()
    return {"seconds": time.perf_counter() - start, "rows": rows, "peak_rss_mb": peak_rss_mb()}


def sql_passages_run(data: str, ids_file: Path, out: Path) -> dict[str, Any]:
    """The export's passages (ids and scores in its order) with their articles and quotes
    joined, in the export's columns, dumped by sqlite3 and csv alone, 500 ids a query."""
    ranked = json.loads(ids_file.read_text())
    start = time.perf_counter()
    conn = sqlite3.connect(f"file:{Path(data) / 'store.sqlite3'}?mode=ro", uri=True)
    issuer = issuer_column(conn)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS["search"])
        for i in range(0, len(ranked), 500):
            chunk = ranked[i:i + 500]
            ids = [pid for pid, _ in chunk]
            marks = ",".join("?" * len(ids))
            passages = {r[0]: r for r in conn.execute(
                PASSAGE_SQL.format(issuer=issuer, marks=marks), ids)}
            quotes: dict[str, list[tuple[Any, ...]]] = {}
            for r in conn.execute(PASSAGE_QUOTES_SQL.format(marks=marks), ids):
                quotes.setdefault(r[0], []).append(r[1:])
            for rank, (pid, score) in enumerate(chunk, i + 1):
                qs = quotes.get(pid, [])
                p = passages[pid]
                cols = [" | ".join(str(q[k] or "") for q in qs) for k in range(5)]
                citation = " | ".join(dict.fromkeys(q[5] for q in qs)) or p[8]
                writer.writerow([rank, p[1], p[0], score, *p[2:8], *cols, citation])
    conn.close()
    return {"seconds": time.perf_counter() - start, "rows": len(ranked),
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
    """The passage ids and scores of an export file, in order, as JSON for the plain dump."""
    with export_csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        ids = [(r["passage_id"], r["score"]) for r in reader
               if not r["rank"].startswith("# truncated")]
    ids_file.write_text(json.dumps(ids))


def same_cells(export_csv: Path, plain_csv: Path) -> int:
    """Check that the plain dump wrote the export's rows, cell for cell (the export's
    formula guard aside: a cell it prefixed with ``'``), and return how many rows."""
    with export_csv.open(encoding="utf-8", newline="") as fe, \
            plain_csv.open(encoding="utf-8", newline="") as fp:
        exported = [r for r in csv.reader(fe) if not r[0].startswith("# truncated")]
        plain = list(csv.reader(fp))
    if len(exported) != len(plain):
        raise SystemExit(f"{plain_csv.name}: {len(plain)} lines, the export {len(exported)}")
    for n, (e, p) in enumerate(zip(exported, plain, strict=True)):
        diff = [(i, a, b) for i, (a, b) in enumerate(zip(e, p, strict=False))
                if a != b and not (b[:1] and b[0] in FORMULA_STARTS and a == "'" + b)]
        if diff or len(e) != len(p):
            raise SystemExit(f"{plain_csv.name} line {n + 1} differs from the export: {diff[:3]}")
    return len(plain) - 1


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
        plain_out = tmp / f"plain-{what}-{size}.csv"
        if what == "quotes":
            plain = in_child({"run": "sql-quotes", "data": args.data, "size": size,
                              "out": str(plain_out)}, args.repeat)
        else:
            ids = tmp / f"ids-{size}.json"
            passage_ids(out, ids)
            plain = in_child({"run": "sql-passages", "data": args.data, "ids": str(ids),
                              "out": str(plain_out)}, args.repeat)
        same_cells(out, plain_out)  # the same rows and columns, or no comparison at all
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
