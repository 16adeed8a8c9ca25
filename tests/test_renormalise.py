"""Store upgrades and `onrecord reindex --renormalise`: a store written by an older normaliser
(and an older schema) is read again in place, through the real store, Whoosh and the CLI."""

from __future__ import annotations

import dataclasses
import sqlite3

import indexer.ingest as ingest_module
from indexer.ingest import ingest
from indexer.keyword_index import KeywordIndex
from indexer.normalise import normalise
from indexer.records import Speaker
from indexer.renormalise import renormalise_store, squashed
from indexer.search import SearchService
from indexer.store import SCHEMA_VERSION, Store

RELEASE = (
    "SEN. DOE ANNOUNCES FUNDING FOR RURAL CLINICS IN THE NORTH\n"
    "  Sen. Jane Doe (D-Ore.) today announced $2 million in federal grants for four rural "
    "clinics in the north of the state, which will use the money to hire nurses, buy equipment "
    "and extend their opening hours into the evening and at weekends.\n"
    "   \"Families in small towns should not have to drive two hours to see a nurse or wait "
    "three weeks for an appointment,\" Doe said.\n"
    "   The grants come from the Health Resources and Services Administration, which received "
    "more than two hundred applications from clinics across the country this year.\n"
    "   Contact: Sam Lee, 202/555-0100.\n"
    " \n"
)

WRAPPED = (
    "The county commission voted on Tuesday to delay a decision on the\n"
    "proposed landfill expansion until an independent review of the site's\n"
    "groundwater monitoring is finished, the chair of the commission said.\n"
    "  Residents who live near the site told the commission that the smell\n"
    "had grown worse over the summer and that trucks arrived before dawn.\n"
)

GONE = "A third statement whose file is deleted before the store is read again.\n" * 3


def _old_normalise(doc, identity=None):
    """The normaliser before line structure: extracted-HTML reading of every body."""
    return normalise(dataclasses.replace(doc, layout="blocks"), identity)


def _make_v1(data) -> None:
    """Turn a store into what schema version 1 wrote: no raw columns, version 1 recorded."""
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.execute("ALTER TABLE articles DROP COLUMN raw")
    conn.execute("ALTER TABLE articles DROP COLUMN raw_meta")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def _rows(data):
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.row_factory = sqlite3.Row
    rows = {r["origin"].rsplit("/", 1)[-1]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    passages = {r[0]: r[1] for r in conn.execute(
        "SELECT article_id, COUNT(*) FROM passages GROUP BY article_id")}
    conn.close()
    return rows, passages


def _columns(data):
    conn = sqlite3.connect(data / "store.sqlite3")
    cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
    conn.close()
    return cols


def test_v1_store_reads_readonly_then_upgrades_and_renormalises_from_files(
        cli, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(RELEASE)
    (folder / "wrapped.txt").write_text(WRAPPED)
    (folder / "gone.txt").write_text(GONE)
    data = tmp_path / "data"
    with monkeypatch.context() as m:
        m.setattr(ingest_module, "normalise", _old_normalise)
        report = ingest([str(folder)], data, quotes=False, semantic=False)
    assert report.added == 3
    _make_v1(data)
    old, _ = _rows(data)
    assert "\n\n" not in old["release.txt"]["text"], "the old reading made one paragraph"
    assert old["release.txt"]["title"] == "SEN."

    # a read-only open of the old store still searches and reports its version
    store = Store.open(data, readonly=True)
    assert store.stats()["schema_version"] == 1
    store.close()
    service = SearchService.open(data)
    try:
        assert service.search("rural clinics", mode="keyword").hits
    finally:
        service.close()
    assert "raw" not in _columns(data)

    (folder / "gone.txt").unlink()
    result = cli("reindex", "--renormalise", "--no-vectors", "--no-quotes", data_dir=data)
    assert result.status == 0, result.err
    assert "renormalised 3 articles: 2 changed, 0 unchanged, 1 kept as they are" in result.out
    warnings = [ln for ln in result.err.splitlines() if ln.startswith("warning: kept")]
    assert len(warnings) == 1 and "gone.txt" in warnings[0]

    assert {"raw", "raw_meta"} <= set(_columns(data))
    store = Store.open(data, readonly=True)
    assert store.stats()["schema_version"] == SCHEMA_VERSION == 4
    store.close()
    new, passages = _rows(data)
    release = new["release.txt"]
    assert release["title"] == "SEN. DOE ANNOUNCES FUNDING FOR RURAL CLINICS IN THE NORTH"
    assert release["text"].count("\n\n") == 2, "one paragraph a line, the contact line dropped"
    assert "Contact:" not in release["text"]
    assert release["raw"] == RELEASE, "the file's text is kept for the next time"
    assert squashed(release["title"] + release["text"] + "Contact: Sam Lee, 202/555-0100.") == \
        squashed(old["release.txt"]["text"])
    wrapped = new["wrapped.txt"]
    assert wrapped["text"].count("\n\n") == 1
    assert "on the proposed landfill" in wrapped["text"]
    assert new["gone.txt"]["text"] == old["gone.txt"]["text"], "kept as it was"
    assert all(passages.get(r["id"]) for r in new.values()), "every article keeps passages"

    service = SearchService.open(data)
    try:
        hits = service.search('"on the proposed landfill"', mode="keyword").hits
    finally:
        service.close()
    assert [h.title for h in hits] == [wrapped["title"]]

    again = cli("reindex", "--renormalise", "--no-vectors", "--no-quotes", data_dir=data)
    assert "0 changed, 2 unchanged, 1 kept as they are" in again.out


def test_renormalise_from_stored_raw_recuts_passages_and_quotes(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    body = RELEASE.replace("Doe said.", "Doe said.\n   \"We will keep pressing for more,\" "
                                        "said Sen. Jane Doe.")
    (folder / "release.txt").write_text(body)
    data = tmp_path / "data"
    with monkeypatch.context() as m:
        m.setattr(ingest_module, "normalise", _old_normalise)
        ingest([str(folder)], data, quotes=True, semantic=False)
    # the old normaliser stored its raw text too, and with it the layout it read: make that plain
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.execute("UPDATE articles SET raw_meta = '{}'")
    (before_text,) = conn.execute("SELECT text FROM articles").fetchone()
    before_quotes = conn.execute("SELECT id, text FROM quotes ORDER BY id").fetchall()
    conn.commit()
    conn.close()
    assert before_quotes

    store = Store.open(data)
    keyword = KeywordIndex.open(data)
    try:
        report = renormalise_store(store, keyword, quotes=True)
        assert (report.articles, report.changed, report.from_file) == (1, 1, 0)
        (row,) = store.conn.execute("SELECT id, text, indexed FROM articles")
        assert row["text"] != before_text and row["text"].count("\n\n") == 3
        assert row["indexed"] == 0, "left for the index rebuild (or the next run) to index"
        quotes = store.conn.execute("SELECT id, text, start, end FROM quotes ORDER BY id")
        quotes = [dict(q) for q in quotes]
        for q in quotes:
            assert row["text"][q["start"]:q["end"]] == q["text"]
        assert {q["text"] for q in quotes} == {t for _, t in before_quotes}
        passages = store.passages_for(row["id"])
        assert passages and all(row["text"][p.start:p.end] == p.text for p in passages)
        assert "SEN. DOE ANNOUNCES" not in " ".join(p.text for p in passages)
    finally:
        keyword.close()
        store.close()


def test_a_file_still_holds_what_an_older_normaliser_stored():
    from indexer.renormalise import file_still_holds

    body = "TITLE LINE\n  First line of the lead\nHOME\n  and its end.\nKANSAS CITY -- Rest.\n"
    assert file_still_holds("First line of the lead and its end.\n\nRest.", body)
    assert file_still_holds("TITLE LINE First line of the lead and its end.", body)
    assert not file_still_holds("First line of the lead and a new end.", body)
    assert not file_still_holds("Rest. First line", body), "in order"


def test_a_speaker_entry_left_without_quotes_is_folded_where_its_quotes_went(tmp_path):
    """An older extractor read 'Brooklyn District Eric Gonzalez' as a name and credited the
    quote to it: extracted again, the quote is Eric Gonzalez's, and the emptied entry is folded
    into his, its id resolving to him (no empty entry listed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(
        "Man Sentenced for Double Murder\n"
        "Brooklyn District Attorney Eric Gonzalez today announced that a man was sentenced "
        "to 50 years to life in prison for two murders committed in 2002.\n"
        "District Attorney Gonzalez said, “Justice has prevailed in this case, and the families "
        "can find some solace in today’s sentence.”\n")
    data = tmp_path / "data"
    ingest([str(folder)], data, quotes=True, semantic=False)
    store = Store.open(data)
    keyword = KeywordIndex.open(data)
    try:
        with store.transaction():  # what the older extractor stored
            ghost = store.create_speaker(Speaker(0, "Brooklyn District Eric Gonzalez", "person"))
            store.conn.execute("UPDATE quotes SET speaker_id = ?", (ghost,))
        (quote_id,) = store.conn.execute("SELECT id FROM quotes").fetchone()
        report = renormalise_store(store, keyword, quotes=True, every=True)
        assert report.folded == 1 and not store.speaker_exists(ghost)
        (speaker_id,) = store.conn.execute("SELECT speaker_id FROM quotes WHERE id = ?",
                                           (quote_id,)).fetchone()
        assert store.get_speaker(speaker_id).name == "Eric Gonzalez"
        assert store.current_speaker_id(ghost) == speaker_id
        assert [s["name"] for s in store.speaker_summaries()] == ["Eric Gonzalez"]
    finally:
        keyword.close()
        store.close()


def test_an_article_read_again_from_its_file_keeps_the_source_it_was_given(cli, tmp_path):
    """A row stored without its loader's text (before schema version 2) is read again from its
    file without the options it was ingested with: its ``--source`` stays, and it reads the
    same (the comparison of sources must not rewrite it to no source)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "release.txt").write_text(RELEASE)
    assert cli("ingest", str(folder), "--source", "Riverton Herald", "--no-vectors").status == 0
    conn = sqlite3.connect(cli.data / "store.sqlite3")
    conn.execute("UPDATE articles SET raw = NULL, raw_meta = NULL")
    conn.commit()
    conn.close()
    result = cli("reindex", "--renormalise", "--no-vectors")
    assert "0 changed, 1 unchanged" in result.out, result.out
    conn = sqlite3.connect(cli.data / "store.sqlite3")
    assert conn.execute("SELECT source FROM articles").fetchone()[0] == "Riverton Herald"
    conn.close()
