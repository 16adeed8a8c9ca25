"""The store layer owns its SQL and row shapes: each table's decoder, the one quote serialiser,
and no import of the extractor or spaCy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from indexer.records import Quote, Speaker
from indexer.store import Store
from indexer.store_quotes import (
    EXTRACTED_QUOTE_FIELDS,
    HIT_QUOTE_FIELDS,
    QUOTE_FIELDS,
    ROW_QUOTE_FIELDS,
    quote_json,
)
from indexer.store_speakers import speaker_from_row

REPO = Path(__file__).resolve().parents[1]

ROW = {"id": 7, "article_id": "a1", "passage_id": "a1:0", "start": 110, "end": 130,
       "text": "“We will rebuild.”", "kind": "direct", "cue": "said", "mention": "Smith",
       "speaker_id": 3, "speaker": "Jane Smith", "speaker_as_written": "Smith",
       "speaker_role": "mayor", "speaker_org": None, "speaker_kind": "person", "confidence": 0.9,
       "title": "T", "source": "S", "published": "2020-01-02", "url": None, "score": 1.5,
       "found_by": ["keyword"]}


def test_the_store_layer_imports_no_extractor():
    probe = ("import sys, indexer.store, indexer.store_articles, indexer.store_quotes,"
             " indexer.store_speakers, indexer.registry, indexer.timeline, indexer.facets;"
             "print(sorted(m for m in ('spacy', 'thinc', 'torch', 'indexer.quotes')"
             " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, cwd=REPO,
                         capture_output=True, text=True).stdout.strip()
    assert out == "[]"


def test_quote_json_shapes():
    api = quote_json(ROW, with_article=True, ranked=("score",))
    assert list(api) == [*QUOTE_FIELDS, "title", "source", "published", "url", "score"]
    assert api["start"] == 110 and api["speaker_as_written"] == "Smith"
    hit = quote_json(ROW, HIT_QUOTE_FIELDS, passage_start=100, named=[3])
    assert list(hit) == [*HIT_QUOTE_FIELDS, "match"]
    assert (hit["start"], hit["end"], hit["match"]) == (10, 30, True)
    assert quote_json({**ROW, "speaker_id": None}, HIT_QUOTE_FIELDS, passage_start=100,
                      named=[3])["match"] is False
    cli = quote_json(ROW, ROW_QUOTE_FIELDS, with_article=True, ranked=("score", "found_by"))
    assert list(cli) == [*ROW_QUOTE_FIELDS, "title", "source", "published", "url", "score",
                         "found_by"]
    extracted = quote_json(Quote(0, 4, "“Hi”", "direct", speaker="X").to_dict(),
                           EXTRACTED_QUOTE_FIELDS)
    assert list(extracted) == list(EXTRACTED_QUOTE_FIELDS) and extracted["speaker"] == "X"


def test_rows_decode_through_one_reader_per_table(tmp_path):
    store = Store.open(tmp_path)
    try:
        with store.transaction():
            sid = store.create_speaker(Speaker(0, "José García", "person", ["Joe García"],
                                               ["mayor"], ["City"]))
            other = store.create_speaker(Speaker(0, "García", "person", [], ["Mr."], []))
            store.fold_speaker(other, sid)
        assert store.get_speaker(sid) == Speaker(sid, "José García", "person", ["Joe García"],
                                                 ["mayor"], ["City"])
        assert store.speakers() == [store.get_speaker(sid)]
        assert store.current_speaker_id(other) == sid and store.current_speaker_id(99) is None
        assert [s.id for s in store.speakers_like("%Joe%")] == [sid]
        assert store.speaker_count() == 1 and store.speaker_count("Garc") == 1
        summary = store.speaker_summary(sid)
        assert summary == {"id": sid, "name": "José García", "kind": "person",
                           "aliases": ["Joe García"], "roles": ["mayor"], "orgs": ["City"],
                           "quotes": 0, "first": None, "last": None}
        assert store.speaker_summaries() == [summary]
        row = store.conn.execute("SELECT id, name, aliases FROM speakers").fetchone()
        assert speaker_from_row(row) == Speaker(sid, "José García", "person", ["Joe García"])
        assert store.get_passage("nope") is None
    finally:
        store.close()
