"""Engine choice and the Milvus engine: the choice recorded in the data folder, one-line errors
for the other engine and for query forms Milvus cannot serve, moving a folder between engines
with ``reindex --engine`` (vectors kept), a Milvus Lite file shared with a second process, and
a Milvus ingest killed mid-way repaired by the next run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_crash_safety import (
    REPO,
    assert_settled_state_sound,
    child_env,
    ingest_command,
    kill_after,
    run_ingest,
    write_corpus,
)

from indexer.consistency import check_consistency
from indexer.engines import recorded
from indexer.search import SearchService

QUERIES = ('"minimum wage"', "budget", 'minimum AND wage NOT "minimum wage"', "snow stadium")


def totals(data: Path, mode: str = "keyword") -> dict[str, tuple[int, set[str]]]:
    """Each query's total and article ids on a data folder."""
    svc = SearchService.open(data, semantic=mode != "keyword")
    try:
        out = {}
        for q in QUERIES:
            found = svc.result_set(q, mode)
            out[q] = (found.total, set(found.article_ids()))
        return out
    finally:
        svc.close()


def test_a_new_folder_records_the_engine_asked_for(cli, corpus_dir):
    assert cli("--engine", "milvus", "ingest", str(corpus_dir), "--no-vectors").status == 0
    choice = recorded(cli.data)
    assert choice.name == "milvus" and choice.uri.endswith("milvus/onrecord.db")
    stats = json.loads(cli("stats", "--json").out)
    assert stats["engine"]["name"] == "milvus"
    assert stats["keyword_documents"] == stats["passages"] > 0
    found = cli("search", "police", "--mode", "keyword", "--json")  # no --engine: the record's
    assert found.status == 0 and json.loads(found.out)["total"] > 0


def test_the_other_engine_is_a_one_line_error_naming_reindex(cli, corpus_dir):
    assert cli("ingest", str(corpus_dir), "--no-vectors").status == 0
    refused = cli("--engine", "milvus", "search", "police", "--mode", "keyword")
    assert refused.status != 0 and "Traceback" not in refused.err
    assert refused.err.count("\n") == 1 and "onrecord reindex --engine milvus" in refused.err
    unknown = cli("--engine", "elastic", "stats")
    assert unknown.status != 0 and unknown.err.count("\n") == 1
    assert "--engine" in unknown.err and "whoosh, milvus" in unknown.err


def test_an_unreadable_engine_record_is_a_one_line_error(cli, corpus_dir):
    assert cli("ingest", str(corpus_dir), "--no-vectors").status == 0
    (cli.data / "engine.json").write_text("{not json", encoding="utf-8")
    broken = cli("search", "police", "--mode", "keyword")
    assert broken.status != 0 and broken.err.count("\n") == 1
    assert "engine.json" in broken.err and "reindex --engine" in broken.err


def test_reindex_moves_a_folder_between_engines_without_re_embedding(contract_data,
                                                                      tmp_path, cli):
    data = tmp_path / "moved"
    shutil.copytree(contract_data, data)
    before = totals(data, "hybrid")
    vectors = {p.name: p.read_bytes() for p in (data / "vectors").rglob("*") if p.is_file()}
    assert cli("reindex", "--engine", "milvus", data_dir=data).status == 0
    assert recorded(data).name == "milvus" and not (data / "whoosh").exists()
    assert totals(data, "hybrid") == before
    assert cli("reindex", "--engine", "whoosh", data_dir=data).status == 0
    assert recorded(data).name == "whoosh" and (data / "whoosh").exists()
    assert totals(data, "hybrid") == before
    after = {p.name: p.read_bytes() for p in (data / "vectors").rglob("*") if p.is_file()}
    assert after == vectors  # the same vectors: nothing was embedded again
    assert check_consistency(data).ok


def test_an_older_milvus_lite_folder_is_a_one_line_error_and_reindex_rebuilds_it(
        cli, corpus_dir):
    command = ingest_command(cli.data, corpus_dir, "--no-vectors")  # in a process of its own,
    subprocess.run([*command[:3], "--engine", "milvus", *command[3:]], check=True, env=child_env(),
                   cwd=REPO, stdout=subprocess.DEVNULL)  # so no Lite server here holds the file
    lite = cli.data / "milvus" / "onrecord.db"
    lite.unlink()
    (lite / "segments").mkdir(parents=True)  # Milvus Lite 3 keeps a folder where 2.5 keeps a file
    refused = cli("search", "police", "--mode", "keyword")
    assert refused.status != 0 and refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert "onrecord reindex --engine milvus" in refused.err
    assert cli("reindex", "--engine", "milvus").status == 0 and lite.is_file()
    found = cli("search", "police", "--mode", "keyword", "--json")
    assert found.status == 0 and json.loads(found.out)["total"] > 0


def test_query_forms_milvus_cannot_serve_are_one_line_errors(contract_data_milvus, cli):
    for query in ("budgit~", '"minimum wage"~3'):
        refused = cli("search", query, "--mode", "keyword", data_dir=contract_data_milvus)
        assert refused.status != 0 and refused.err.count("\n") == 1
        assert "Milvus engine" in refused.err and "Traceback" not in refused.err


def test_wildcards_titles_and_filters_agree_with_whoosh(contract_data, contract_data_milvus):
    from indexer.querymodel import Filters

    cases = [("budg*", Filters()), ("title:budget", Filters()), ("budget", Filters(
        since="2020-01-01", until="2021-06-30")), ("stadium", Filters(speaker="Maria Lopez")),
        ("stadium", Filters(quotes_only=True)), ("stadium", Filters(kind="direct")),
        ('"minimum wage" OR snow', Filters()), ("speaker:lopez", Filters()),
        ('speaker:"maria lopez" stadium', Filters())]
    services = [SearchService.open(d, semantic=False)
                for d in (contract_data, contract_data_milvus)]
    try:
        for query, filters in cases:
            whoosh, milvus = (set(s.result_set(query, "keyword", Filters(**vars(filters)))
                                  .article_ids()) for s in services)
            assert whoosh == milvus and whoosh, (query, filters)
    finally:
        for s in services:
            s.close()


def test_a_watchs_batch_on_milvus_is_the_whole_collections_matches_cut_to_it(
        contract_data, contract_data_milvus):
    """Milvus matches the whole collection (it cannot score a few passages alone): a batch's
    Scope cuts its matches to the new articles, and keyword and semantic watches find there
    what they find on Whoosh. A watch reads the plain floor (its threshold), so the whole
    collection's set is taken without the background floor."""
    from indexer.scope import Scope

    services = [SearchService.open(d, feedback=False) for d in (contract_data, contract_data_milvus)]
    try:
        assert not getattr(services[1].keyword, "SCORES_WITHIN", False)
        found = []
        for svc in services:
            t = svc.keyword.tables()
            new = set(sorted(t.article_ids)[::2])
            scope = Scope.of_articles(t, new)
            sets = []
            for query, mode in (("budget OR stadium", "keyword"), ("school funding", "semantic")):
                whole = set(svc.result_set(query, mode, speakers=False, background=False)
                            .article_ids())
                scoped = set(svc.result_set(query, mode, speakers=False, scope=scope)
                             .article_ids())
                assert scoped == whole & new and scoped, (svc.keyword.ENGINE, query)
                sets.append(scoped)
            found.append(sets)
        assert found[0] == found[1]
    finally:
        for s in services:
            s.close()


def test_a_second_process_shares_the_milvus_lite_file(contract_data_milvus):
    """This process holds the Lite file (the fixture opened it); a CLI run in another process
    reaches it through the endpoint this process serves."""
    here = totals(contract_data_milvus)['"minimum wage"'][0]
    done = subprocess.run([sys.executable, "-m", "indexer", "--data", str(contract_data_milvus),
                           "search", '"minimum wage"', "--mode", "keyword", "--json"],
                          capture_output=True, text=True, env=child_env(), cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == here > 0


def test_an_ingest_beside_a_turned_away_reader_lands_where_the_holder_reads(tmp_path):
    """This process serves a Lite file; a second process is turned away from the file (it
    reads through the endpoint); a third ingests. The ingest's passages are the ones this
    process then reads: one server for the file throughout, however the others came and went
    (Lite's launcher deletes the lock file when a turned-away launch is collected)."""
    data, folder = tmp_path / "data", tmp_path / "in"
    write_corpus(folder, 3, 20261206)
    command = ingest_command(data, folder, "--no-vectors")
    subprocess.run([*command[:3], "--engine", "milvus", *command[3:]], check=True,
                   env=child_env(), cwd=REPO, stdout=subprocess.DEVNULL)
    svc = SearchService.open(data, semantic=False)
    try:
        before = svc.keyword.doc_count()
        reader = subprocess.run([sys.executable, "-m", "indexer", "--data", str(data), "stats",
                                 "--json"], capture_output=True, text=True, env=child_env(),
                                cwd=REPO, timeout=300)
        assert reader.returncode == 0, reader.stderr
        assert json.loads(reader.stdout)["keyword_documents"] == before > 0
        write_corpus(folder, 2, 20261207, prefix="b")
        run_ingest(data, folder, "--no-vectors")
        assert svc.keyword.doc_count() == svc.store.stats()["passages"] > before
    finally:
        svc.close()


@pytest.mark.slow
def test_a_milvus_ingest_killed_mid_way_is_repaired_by_the_next_run(tmp_path):
    data, folder = tmp_path / "data", tmp_path / "in"
    files = write_corpus(folder, 120, 20240612)
    command = ingest_command(data, folder, "--batch-size", "5", "--no-vectors")
    proc = subprocess.Popen([*command[:3], "--engine", "milvus", *command[3:]],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env(), cwd=REPO)
    assert kill_after(proc, data, int(len(files) * 0.6), 0.3)
    assert recorded(data).name == "milvus"
    assert_settled_state_sound(data)
    report = run_ingest(data, folder, "--no-vectors")
    assert report["added"] + report["unchanged"] + report["duplicates"] == len(files)
    settled = check_consistency(data)
    assert settled.ok and not settled.unindexed
    svc = SearchService.open(data, semantic=False)
    try:
        assert svc.keyword.doc_count() == svc.store.stats()["passages"]
    finally:
        svc.close()


def test_queries_compile_to_milvus_expressions_and_checked_parts():
    from indexer.keyword_index import make_schema, parse_query
    from indexer.milvus_query import (
        AllOf,
        Checked,
        Expr,
        Word,
        compile_plan,
        without_text_match,
    )
    from indexer.querymodel import QueryError

    def plan(text):
        return compile_plan(parse_query(text, make_schema()))

    assert plan("budgets") == Word("budget")  # stemmed as Whoosh does
    assert plan("speaker:lopez") == Expr("text_match(speaker_text, 'lopez')")
    phrase = plan('"minimum wages"')
    assert phrase == Checked("any", words=("minimum", "wage"))
    assert phrase.holds("council minimum wage debat".split(), 1)
    assert not phrase.holds("minimum council wage".split(), 1)
    assert not phrase.holds("minimum wage council".split(), 1)  # title "minimum", text "wage…"
    assert plan("budg*").pattern == "budg*"
    assert without_text_match("(a) and (text_match(speaker_text, 'lopez'))") == (
        "(a) and ((speaker_text == 'lopez' or speaker_text like 'lopez %' or "
        "speaker_text like '% lopez' or speaker_text like '% lopez %'))")
    both_parts = plan('budget NOT "minimum wage"')
    assert isinstance(both_parts, AllOf) and len(both_parts.parts) == 2
    with pytest.raises(QueryError, match="Milvus engine"):
        plan("budgit~")


def test_words_in_more_passages_than_one_search_returns_still_match_everywhere(
        contract_data_milvus, monkeypatch):
    """A word's postings come from a BM25 search of the word alone; a word held by more
    passages than one search window returns takes the rest from the exact term filter, so
    totals and result sets do not depend on the window."""
    import indexer.milvus_engine as milvus_engine

    full = totals(contract_data_milvus)
    assert any(total > 3 for total, _ in full.values())
    monkeypatch.setattr(milvus_engine, "WINDOW", 3)
    assert totals(contract_data_milvus) == full
