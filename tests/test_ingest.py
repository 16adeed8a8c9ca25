"""Ingest behaviour: idempotence, updates, duplicates and bad input, through the real store."""

from __future__ import annotations

import gzip
import sqlite3

BODY = (
    "The city council voted on Tuesday to expand the downtown bus network, adding three routes "
    "that will run every ten minutes during rush hour and every twenty minutes at night.\n\n"
    "\"This is the biggest change to our transit system in a generation,\" said Mayor Ana "
    "Lopez, who has pushed for the plan since her election campaign two years ago.\n\n"
    "Opponents said the money would be better spent repairing roads, and warned that ridership "
    "had not recovered from its pandemic low. The new routes start operating in March."
)


def _count(data, sql):
    conn = sqlite3.connect(data / "store.sqlite3")
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_reingest_changes_nothing(cli, corpus_dir):
    first = cli("ingest", str(corpus_dir), "--json")
    assert first.status == 0
    assert first.json()["added"] == 2
    passages = _count(cli.data, "SELECT COUNT(*) FROM passages")
    again = cli("ingest", str(corpus_dir), "--json")
    assert again.status == 0
    report = again.json()
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 2)
    assert _count(cli.data, "SELECT COUNT(*) FROM passages") == passages
    assert _count(cli.data, "SELECT COUNT(*) FROM articles") == 2


def test_grown_folder_adds_only_new_and_updates_changed(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Bus routes expand\n\n" + BODY, encoding="utf-8")
    assert cli("ingest", str(folder), "--json").json()["added"] == 1
    (folder / "b.txt").write_text(
        "Library hours\n\nThe public library will open on Sundays from next month, the board "
        "decided, after a petition signed by more than four thousand residents asked for it.",
        encoding="utf-8",
    )
    (folder / "a.txt").write_text("Bus routes expand\n\n" + BODY + "\n\nA correction was added.")
    report = cli("ingest", str(folder), "--json").json()
    assert (report["added"], report["updated"], report["unchanged"]) == (1, 1, 0)
    assert _count(cli.data, "SELECT COUNT(*) FROM articles") == 2
    hits = cli("search", "correction", "--json").json()["hits"]
    assert len(hits) == 1 and "correction" in hits[0]["text"]


def test_exact_and_near_duplicates_are_linked_not_shown_twice(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "original.txt").write_text("Bus routes expand\n\n" + BODY, encoding="utf-8")
    (folder / "copy.txt").write_text("Bus routes expand\n\n" + BODY, encoding="utf-8")
    reprint = BODY.replace("on Tuesday", "on Tuesday evening") + "\n\nCopyright 2024 Example Wire."
    (folder / "reprint.txt").write_text("Council expands buses\n\n" + reprint, encoding="utf-8")
    report = cli("ingest", str(folder), "--json").json()
    assert report["added"] == 1
    assert report["duplicates"] == 2
    kinds = sorted(
        r[0]
        for r in sqlite3.connect(cli.data / "store.sqlite3").execute("SELECT kind FROM duplicates")
    )
    assert kinds == ["exact", "near"]
    assert _count(cli.data, "SELECT COUNT(*) FROM articles") == 3, "reprints are stored, not lost"
    result = cli("search", "ridership", "--json").json()
    assert result["total"] == 1


def test_bad_inputs_are_reported_and_the_rest_ingested(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Bus routes expand\n\n" + BODY, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.xyz").write_text("unknown type")
    (folder / "latin1.txt").write_bytes(
        "Caf\u00e9 owners protest\n\nThe caf\u00e9 owners on Main Street said the new fees "
        "were unfair and asked the council to reconsider the decision before summer.".encode("cp1252")
    )
    (folder / "broken.txt.gz").write_bytes(gzip.compress(BODY.encode())[:40])
    (folder / "big.txt").write_text("word " * 5000)
    (folder / "bot-check.txt").write_text(  # what a site served the scraper instead
        "Pardon Our Interruption\nAs you were browsing something about your browser made us "
        "think you were a bot.\nPlease stand by.\n", encoding="utf-8")
    (folder / "headline.txt").write_text(  # an article whose headline only starts alike
        "Access denied to records, auditor says\n\nThe county auditor said on Friday that "
        "the parks department refused for a year to show how it spent its repair money, and "
        "asked the board to order the records released.", encoding="utf-8")
    result = cli("ingest", str(folder), "--json", "--max-bytes", "20000")
    assert result.status == 0
    report = result.json()
    assert report["added"] == 3
    reasons = {s["input"].rsplit("/", 1)[-1]: s["reason"] for s in report["skipped"]}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "unknown file type .xyz" == reasons["notes.xyz"]
    assert "gzip" in reasons["broken.txt.gz"]
    assert "too large" in reasons["big.txt"]
    assert reasons["bot-check.txt"].startswith("a bot check or error page")
    assert "headline.txt" not in reasons
    assert any("latin1.txt" in w for w in report["warnings"])
    for line in result.err.strip().splitlines():
        assert line.startswith(("skipped ", "warning: ")), line
    hits = cli("search", "café", "--json").json()["hits"]
    assert hits and "café" in hits[0]["text"]


def test_nothing_ingestible_exits_non_zero_with_one_line(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("ingest", str(tmp_path / "empty.txt"))
    assert result.status != 0
    assert "nothing could be ingested" in result.err
    assert "Traceback" not in result.err
    missing = cli("ingest", str(tmp_path / "nope"))
    assert missing.status != 0
    assert "no such file" in missing.err
