"""Quotes and the speaker registry through the real store, index and CLI."""

from __future__ import annotations

import sqlite3

QUOTE_KEYS = {"file", "start", "end", "text", "kind", "cue", "mention", "mention_start",
              "mention_end", "speaker", "speaker_role", "speaker_org", "confidence"}


def test_both_becchinas_are_one_registry_speaker(cli, seeded_data):
    body = cli("speakers", "--json", data_dir=seeded_data).json()
    becchinas = [s for s in body["speakers"] if "Becchina" in s["name"]]
    assert len(becchinas) == 1
    speaker = becchinas[0]
    assert speaker["name"] == "Jacob Becchina"
    assert "Jake Becchina" in speaker["aliases"]
    assert "KCPD" in speaker["orgs"]
    assert "police spokesman" in speaker["roles"] and "Sgt." in speaker["roles"]
    assert speaker["quotes"] >= 10
    assert speaker["first"] == "2021-11-17"


def test_speaker_filter_and_field_search(cli, seeded_data):
    by_name = cli("search", "standoff", "--speaker", "Jacob Becchina", "--mode", "keyword", "--json",
                  data_dir=seeded_data).json()
    assert by_name["total"] == 1
    hit = by_name["hits"][0]
    assert hit["speakers"][0]["name"] == "Jacob Becchina"
    assert hit["quotes"] and all(q["speaker"] == "Jacob Becchina" for q in hit["quotes"])
    q = hit["quotes"][0]
    assert hit["text"][q["start"]:q["end"]] == q["text"]
    nobody = cli("search", "standoff", "--speaker", "Hillary Clinton", "--json",
                 data_dir=seeded_data).json()
    assert nobody["total"] == 0
    assert cli("search", "speaker:jake", "--json", data_dir=seeded_data).json()["total"] == 2
    quotes_only = cli("search", "vehicle", "--quotes-only", "--json", data_dir=seeded_data).json()
    assert all(h["quotes"] for h in quotes_only["hits"])


def test_quote_level_search(cli, seeded_data):
    found = cli("quotes", "--speaker", "becchina", "--contains", "lethal force", "--json",
                data_dir=seeded_data).json()
    assert found["total"] == 1
    assert "lethal force" in found["quotes"][0]["text"].lower()
    assert found["quotes"][0]["speaker"] == "Jacob Becchina"


def test_quotes_cli_contract_offsets_index_the_raw_file(cli, corpus_dir):
    path = corpus_dir / "000_0693724921e55b3f.txt"
    result = cli("quotes", str(path), "--json")
    assert result.status == 0
    rows = result.json_lines()
    assert rows
    raw = path.open(encoding="utf-8", newline="").read()
    for row in rows:
        assert set(row) == QUOTE_KEYS
        assert raw[row["start"]:row["end"]] == row["text"]
        if row["mention"] is not None:
            assert raw[row["mention_start"]:row["mention_end"]] == row["mention"]
    assert {r["speaker"] for r in rows} == {"Jacob Becchina"}


def _release(folder, name: str, body: str):
    path = folder / name
    path.write_text(f"Statement on hospital funding\n\n{body}\n", encoding="utf-8")
    return path


def test_an_entry_named_by_a_later_alias_is_folded_into_that_speaker(cli, tmp_path):
    """'Hillary Rodham Clinton' with no title is registered on its own; a later 'Senator Hillary
    Rodham Clinton' matches 'Senator Hillary Clinton' and makes that name one of her aliases, so
    the first entry is her too: one speaker, whose filter finds all three releases. A bare
    'Senator Clinton' is her as well (the one Clinton known as a senator; President Bill Clinton
    stays apart); a bare 'Clinton' filter finds them all."""
    src = tmp_path / "src"
    src.mkdir()
    bodies = [
        '"The hospital will get its nurses," said Senator Hillary Clinton.',
        '"The hospital bill is good news," said Hillary Rodham Clinton.',
        '"The hospital money passed today," said Senator Hillary Rodham Clinton.',
        '"The hospital was my first stop," said President Bill Clinton.',
        '"The hospital wing opens today," said Senator Clinton.',
    ]
    for n, body in enumerate(bodies):
        assert cli("ingest", str(_release(src, f"r{n}.txt", body))).status == 0
    speakers = cli("speakers", "Clinton", "--json").json()["speakers"]
    hillary = [s for s in speakers if s["name"].startswith("Hillary")]
    assert len(hillary) == 1, speakers
    assert hillary[0]["quotes"] == 4
    assert "Hillary Rodham Clinton" in hillary[0]["aliases"]
    assert [s["name"] for s in speakers if "Bill" in s["name"]] == ["Bill Clinton"]
    found = cli("search", "hospital", "--speaker", "Hillary Rodham Clinton", "--mode", "keyword",
                "--json").json()
    assert found["total"] == 4
    assert {h["speakers"][0]["id"] for h in found["hits"]} == {hillary[0]["id"]}
    everyone = cli("search", "hospital", "--speaker", "Clinton", "--mode", "keyword",
                   "--json").json()
    assert everyone["total"] == 5  # a bare surname is every Clinton, the bare entry too
    stats = cli("stats", "--json").json()
    assert stats["keyword_documents"] == stats["passages"] == 5
    with sqlite3.connect(cli.data / "store.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE indexed = 0").fetchone()[0] == 0


def _registry(tmp_path):
    from indexer.registry import SpeakerRegistry
    from indexer.store import Store

    store = Store.open(tmp_path / "data")
    return store, SpeakerRegistry(store)


def test_no_fold_on_a_match_that_rests_on_an_initial(tmp_path):
    store, registry = _registry(tmp_path)
    with store.transaction():
        john = registry.resolve("John Smith", "person", ["Senator"], [])
        jane = registry.resolve("Jane Smith", "person", ["State Senator"], [])
        assert registry.resolve("J. Smith", "person", ["Senator"], []) == john
        assert registry.resolve("Jane Smith", "person", ["Senator"], []) == jane
    names = {r[0] for r in store.conn.execute("SELECT name FROM speakers")}
    assert names == {"John Smith", "Jane Smith"}


def test_an_article_never_gets_an_id_that_a_later_speaker_of_it_folded_away(tmp_path):
    """The article's first speaker resolves to 'Hillary Rodham Clinton'; its second, Senator
    Hillary Clinton, has that name as an alias, so the first entry is folded into hers: both
    quotes get her id, which still exists."""
    from indexer.records import Quote

    store, registry = _registry(tmp_path)
    with store.transaction():
        rodham = registry.resolve("Hillary Rodham Clinton", "person", [], [])
        hillary = registry.resolve("Hillary Clinton", "person", ["Senator"], [])
        store.conn.execute("UPDATE speakers SET aliases = ? WHERE id = ?",
                           ('["Hillary Rodham Clinton"]', hillary))
    store.conn.close()
    store, registry = _registry(tmp_path)  # reloads the alias
    quotes = [Quote(0, 5, "\"Hi.\"", "direct", speaker="Hillary Rodham Clinton"),
              Quote(10, 15, "\"Yo.\"", "direct", speaker="Hillary Clinton",
                    mention="Senator Hillary Clinton")]
    with store.transaction():
        ids = registry.resolve_article(quotes)
    assert rodham != hillary and ids == [hillary, hillary]
    assert [r[0] for r in store.conn.execute("SELECT id FROM speakers")] == [hillary]


def test_a_speaker_filter_ignores_accents_apostrophes_and_like_wildcards(tmp_path):
    from indexer.registry import find_speaker_ids

    store, registry = _registry(tmp_path)
    with store.transaction():
        garcia = registry.resolve("María García", "person", [], [])
        obrien = registry.resolve("Pat O’Brien", "person", [], [])
    assert find_speaker_ids(store, "Maria Garcia") == [garcia]
    assert find_speaker_ids(store, "GARCIA") == [garcia]
    assert find_speaker_ids(store, "Pat O'Brien") == [obrien]
    assert find_speaker_ids(store, "%") == [] and find_speaker_ids(store, "_") == []


def test_a_middle_initial_more_or_less_is_the_same_person_unless_it_tells_two_apart(tmp_path):
    store, registry = _registry(tmp_path)
    with store.transaction():
        frank = registry.resolve("Frank Lautenberg", "person", [], [])
        assert registry.resolve("Frank R. Lautenberg", "person", ["Senator"], []) == frank
        w = registry.resolve("George W. Bush", "person", ["President"], [])
        assert registry.resolve("George Bush", "person", [], []) == w
        # a name whose middle initials differ from the entry's is someone else
        assert registry.resolve("George H. W. Bush", "person", [], []) != w
        # a middle name (a maiden name, a second surname) is not compared as an initial
        assert registry.resolve("Ann Hale", "person", [], []) != \
            registry.resolve("Ann Baker Hale", "person", [], [])


def test_a_surname_of_two_words_alone_is_the_one_full_name_that_ends_in_it(tmp_path):
    from indexer.speakers import bare_surname, is_full_name

    assert bare_surname("Van Hollen") == "hollen" and not is_full_name("Van Hollen")
    assert bare_surname("Chris Van Hollen") is None and is_full_name("Chris Van Hollen")
    store, registry = _registry(tmp_path)
    with store.transaction():
        chris = registry.resolve("Chris Van Hollen", "person", ["Rep."], [])
        assert registry.resolve("Van Hollen", "person", ["Congressman"], []) == chris


def test_quotes_keep_a_live_speaker_when_the_issuer_folds_their_entry_away(tmp_path):
    """The article's quote makes 'John T. Salazar' (Congressman) a new entry beside 'John
    Salazar' (Rep. and Senator: offices that do not settle it); its issuer, 'John T. Salazar'
    without titles, then joins 'John Salazar' and folds the new entry into it: the quote is
    stored with the surviving id, not the folded one."""
    from indexer.ingest import ingest_documents
    from indexer.records import SourceDoc

    data = tmp_path / "data"
    first = SourceDoc(origin="a.txt", title="Water bill", body=(
        "\"The water bill matters to every farm,\" said Rep. John Salazar.\n\n\"We will pass "
        "it,\" said Senator John Salazar."))
    second = SourceDoc(origin="b.txt", title="Drought aid", issuer="John T. Salazar", body=(
        "Congressman John T. Salazar welcomed the drought aid.\n\n\"Our farmers have waited "
        "long enough for this help,\" said Congressman John T. Salazar."))
    from indexer.store import Store

    report = ingest_documents([first, second], data, semantic=False)
    assert report.added == 2
    store = Store.open(data, readonly=True)
    rows = store.conn.execute(
        "SELECT q.speaker_id, s.id FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
        " WHERE q.speaker_id IS NOT NULL").fetchall()
    store.close()
    assert rows and all(sid == live for sid, live in rows)


def test_a_role_no_quote_gives_any_more_is_not_listed(tmp_path):
    """A registry entry keeps every role an extraction read; the speakers list names those its
    quotes give, so a reading an older extractor made is not shown once no quote gives it."""
    import json

    from indexer.ingest import ingest_documents
    from indexer.records import SourceDoc
    from indexer.store import Store

    doc = SourceDoc(origin="a.txt", title="Levee vote", key="a",
                    body="“The levee will hold,” said Mayor Ann Ortiz on Tuesday.")
    data = tmp_path / "data"
    ingest_documents([doc], data)
    store = Store.open(data)
    try:
        (sid,) = store.conn.execute("SELECT id FROM speakers WHERE name = 'Ann Ortiz'").fetchone()
        with store.transaction():
            store.conn.execute("UPDATE speakers SET roles = ? WHERE id = ?",
                               (json.dumps(["Mayor", "one of the city's loudest voices"]), sid))
        assert store.speaker_summary(sid)["roles"] == ["Mayor"]
    finally:
        store.close()


def test_a_role_written_in_two_cases_is_one_row_of_the_speaker_s_roles(tmp_path):
    """'said Lead Prosecutor Ann Bell' and 'said lead prosecutor Ann Bell' describe her one
    way: the speaker page's table of roles over time counts them in one row."""
    from indexer.ingest import ingest_documents
    from indexer.records import SourceDoc
    from indexer.store import Store
    from indexer.timeline import speaker_timeline

    docs = [SourceDoc(origin=f"case{i}.txt", key=f"case{i}", published=f"2024-0{i + 1}-10",
                      title=f"Verdict in case {i}", source="DA News",
                      body=f"A jury returned its verdict in case {i} on Friday.\n\n“Justice was "
                           f"done for the family today in case {i},” said {role} Ann Bell.")
            for i, role in enumerate(("Lead Prosecutor", "lead prosecutor"))]
    ingest_documents(docs, tmp_path / "data")
    store = Store.open(tmp_path / "data", readonly=True)
    try:
        bell = next(s for s in store.speakers() if s.name == "Ann Bell")
        rows = speaker_timeline(store, bell.id)["roles_over_time"]
    finally:
        store.close()
    assert [(r["role"], r["quotes"], r["first"], r["last"]) for r in rows] == [
        ("Lead Prosecutor", 2, "2024-01-10", "2024-02-10")]
