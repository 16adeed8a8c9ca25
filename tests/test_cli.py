"""The CLI's JSON contracts and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

from web_fixtures import REPO

HIT_KEYS = {"article_id", "passage_id", "score", "title", "source", "published", "url", "text",
            "highlight"}


def test_extract_json_shape(cli, corpus_dir):
    result = cli("extract", str(corpus_dir / "000_0693724921e55b3f.txt"),
                 str(corpus_dir / "004_02b310e43e173d24.txt"), "--json")
    assert result.status == 0
    rows = result.json_lines()
    assert len(rows) == 2
    for row in rows:
        assert set(row) == {"file", "title", "published", "byline", "dateline", "source", "url",
                            "text", "paragraphs"}
        assert row["text"] == "\n\n".join(row["paragraphs"])
    assert rows[0]["published"] == "2021-11-17"
    assert rows[1]["published"] is None
    assert rows[1]["dateline"] == "KANSAS CITY, Mo."


def test_search_json_shape_and_paging(cli, seeded_data):
    result = cli("search", "police", "--json", "--limit", "1", data_dir=seeded_data)
    assert result.status == 0
    body = result.json()
    assert body["query"] == "police" and body["total"] == 2
    assert len(body["hits"]) == 1
    assert HIT_KEYS <= set(body["hits"][0])
    page2 = cli("search", "police", "--json", "--limit", "1", "--offset", "1",
                data_dir=seeded_data).json()
    assert page2["hits"][0]["article_id"] != body["hits"][0]["article_id"]


def test_a_bare_wildcard_is_punctuation_not_every_term(cli, seeded_data):
    def ranking(q):
        body = cli("search", q, "--mode", "keyword", "--json", data_dir=seeded_data).json()
        return body["total"], [hit["passage_id"] for hit in body["hits"]]

    assert ranking("moving * vehicles ?") == ranking("moving vehicles") != (0, [])
    assert ranking("standof*")[0] == 1  # a wildcard with letters still expands
    refused = cli("search", "* ?", "--json", data_dir=seeded_data)
    assert refused.status == 2 and "a wildcard needs letters" in refused.err
    assert len(refused.err.strip().splitlines()) == 1


def test_search_filters(cli, seeded_data):
    dated = cli("search", "police", "--since", "2021-11-01", "--until", "2021-11-30", "--json",
                data_dir=seeded_data).json()
    assert dated["total"] == 1 and dated["hits"][0]["published"] == "2021-11-17"
    none = cli("search", "police", "--until", "2020", "--json", data_dir=seeded_data).json()
    assert none["total"] == 0
    nosource = cli("search", "police", "--source", "Nowhere Gazette", "--json",
                   data_dir=seeded_data).json()
    assert nosource["hits"] == []
    one = cli("search", "police", "--since", "2021-11-01", "--until", "2021-11-30",
              data_dir=seeded_data).out
    assert one.startswith("1 matching article for 'police'")


def test_quote_search_reads_a_date_as_any_form_names_it(cli, seeded_data):
    """`quotes --since` / `--until` in another form ('November 1, 2021', '20211130') bound
    the quotes as the ISO form does, not compared as text ('2021-11-17' >= '20211101')."""
    def ids(*dates):
        rows = cli("quotes", "--speaker", "Becchina", "--since", dates[0], "--until", dates[1],
                   "--json", data_dir=seeded_data).json()["quotes"]
        return sorted(q["id"] for q in rows)

    iso = ids("2021-11-01", "2021-11-30")
    assert iso and ids("November 1, 2021", "20211130") == iso
    assert ids("20211118", "2021-12-31") != iso


def test_quotes_given_words_for_files_points_to_the_quote_search(cli, seeded_data):
    """`onrecord quotes moving vehicles` names no file: the error says so and shows the
    --query form that searches stored quotes, which finds them."""
    wrong = cli("quotes", "moving", "vehicles", data_dir=seeded_data)
    assert wrong.status == 1
    assert wrong.err.strip().splitlines()[-1] == (
        "onrecord: error: no such file: 'moving vehicles'; to search stored quotes for these "
        "words, use --query 'moving vehicles'")
    found = cli("quotes", "--query", "moving vehicles", "--json", data_dir=seeded_data).json()
    assert found["quotes"]
    paths = cli("quotes", "missing.txt", "gone/b.html", data_dir=seeded_data)  # files, gone
    assert paths.status == 1 and paths.err.strip().splitlines()[-1] == \
        "onrecord: error: no readable files"


def test_quotes_of_a_web_page_are_read_from_its_text_not_its_markup(cli, tmp_path):
    """`onrecord quotes page.html` reads the page as `onrecord extract` does: its quotes, with
    offsets into that text; not attribute values or scripts in the markup."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><head><title>Bridge levy passes</title>'
        '<script>var label = "subheadline";</script></head><body><article>'
        '<h1>Bridge levy passes</h1><p class="lead">The council approved the bridge levy on '
        'Monday after a long debate about the cost of repairs.</p>'
        '<p>“Every cent of it stays on the bridge,” said Mayor Ida Brandt, who proposed the '
        'levy last spring and campaigned for it across the city.</p>'
        '<p>Work on the bridge deck begins in April and should end before the winter.</p>'
        '</article></body></html>', encoding="utf-8")
    rows = cli("quotes", str(page), "--json").json_lines()
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Ida Brandt", "“Every cent of it stays on the bridge,”")]
    text = cli("extract", str(page), "--json").json_lines()[0]["text"]
    assert text[rows[0]["start"]:rows[0]["end"]] == rows[0]["text"]
    saved = tmp_path / "levy.php"  # a page saved under another name is read as a page too
    saved.write_bytes(page.read_bytes())
    assert [r["text"] for r in cli("quotes", str(saved), "--json").json_lines()] == \
        [rows[0]["text"]]


def test_query_syntax(cli, seeded_data):
    def total(q):
        return cli("search", q, "--mode", "keyword", "--json",
                   data_dir=seeded_data).json()["total"]

    assert total('"peaceful resolution"') == 1
    assert total("standoff AND vehicle") == 0
    assert total("standoff OR vehicle") == 2
    assert total("police NOT standoff") == 1
    assert total("standof*") == 1
    assert total("becchinna~") == 2
    assert total("title:standoffs") == 1
    assert total("date:[2021-11-01 to 2021-11-30]") == 1
    # a comparison leaves out the period it compares with; '>=' and '<=' keep it
    # (the dated seed article is of 2021-11-17)
    for query, expected in (("date:>2021", 0), ("date:>=2021", 1), ("date:<2021", 0),
                            ("date:<2022", 1), ("date:>2021-11-16", 1), ("date:>2021-11-17", 0),
                            ("date:<2021-11-17", 0), ("date:<=2021-11-17", 1),
                            ("date:<2021-11", 0), ("date:<2021-12", 1), ("date:>2021-10", 1)):
        assert total(query) == expected, query


def test_batch_search(cli, seeded_data, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(
        json.dumps({"id": "a", "query": "moving vehicles"}) + "\n"
        + json.dumps({"id": "b", "query": "standoff", "limit": 1}) + "\n"
        + json.dumps({"id": "c", "query": "nosuchfield:broken"}) + "\n"
    )
    result = cli("search", "--queries", str(queries), "--json", data_dir=seeded_data)
    assert result.status == 0
    rows = result.json_lines()
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[0]["hits"] and HIT_KEYS <= set(rows[0]["hits"][0])
    assert len(rows[1]["hits"]) == 1
    assert rows[2]["hits"] == [] and "unknown field" in rows[2]["error"]


def test_bad_queries_are_one_line_errors(cli, seeded_data):
    for args in (["nosuchfield:x"], ["police", "--since", "yesterday-ish"],
                 ["date:[garbage to 2021]"], ["police", "--limit", "0"]):
        result = cli("search", *args, data_dir=seeded_data)
        assert result.status == 2, args
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("onrecord: error:"), result.err


def test_module_entry_point_and_missing_store(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "indexer", "--data", str(tmp_path / "none"), "search", "x"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "no store" in proc.stderr and "Traceback" not in proc.stderr


def test_stats_and_reindex(cli, corpus_dir):
    cli("ingest", str(corpus_dir))
    before = cli("stats", "--json").json()
    assert before["articles"] == 2 and before["keyword_documents"] == before["passages"]
    assert cli("reindex").status == 0
    after = cli("stats", "--json").json()
    assert after["keyword_documents"] == before["passages"]
    assert cli("search", '"moving vehicles"', "--mode", "keyword", "--json").json()["total"] == 1


def test_vectors_of_another_model_are_refused_until_reindexed(cli, corpus_dir):
    cli("ingest", str(corpus_dir))
    stats = cli("stats", "--json").json()
    assert stats["vectors"] == stats["passages"] and "minilm" in stats["vector_model"].lower()
    manifest = cli.data / "vectors" / "manifest.json"
    doc = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(doc | {"model": "some-other-model@0123"}))
    refused = cli("search", "moving vehicles", "--mode", "semantic", "--json")
    lines = refused.err.strip().splitlines()
    assert refused.status != 0 and len(lines) == 1 and "Traceback" not in refused.err
    assert "some-other-model@0123" in lines[0] and "onrecord reindex" in lines[0]
    assert cli("reindex").status == 0
    assert cli("stats", "--json").json()["vector_model"] == stats["vector_model"]
    found = cli("search", "moving vehicles", "--mode", "semantic", "--json").json()
    assert found["hits"] and found["hits"][0]["found_by"] == ["semantic"]


def test_optimize_merges_segments_and_keeps_results(cli, corpus_dir, tmp_path):
    for n, path in enumerate(sorted(corpus_dir.glob("*.txt"))):  # one ingest, one segment each
        (tmp_path / f"in{n}").mkdir()
        (tmp_path / f"in{n}" / path.name).write_bytes(path.read_bytes())
        cli("ingest", str(tmp_path / f"in{n}"))
    assert cli("stats", "--json").json()["keyword_segments"] >= 2
    queries = ["police", '"moving vehicles"', "officers AND vehicle", "shooting NOT standoff"]

    def ranking(query):  # scores move a little: merged statistics no longer count deletions
        body = cli("search", query, "--mode", "keyword", "--json").json()
        return body["total"], [hit["passage_id"] for hit in body["hits"]]

    before = [ranking(q) for q in queries]
    assert any(total for total, _ in before)
    optimized = cli("optimize")
    assert optimized.status == 0 and "into 1 " in optimized.out
    assert cli("stats", "--json").json()["keyword_segments"] == 1
    assert [ranking(q) for q in queries] == before
    # Deleted passages are dropped from the merged segment, not carried along.
    gone = cli("search", "standoff", "--mode", "keyword", "--json").json()["hits"][0]
    assert cli("delete", gone["article_id"]).status == 0
    assert cli("optimize").status == 0
    stats = cli("stats", "--json").json()
    assert stats["keyword_documents"] == stats["passages"] and stats["keyword_segments"] == 1
    assert cli("search", "standoff", "--mode", "keyword", "--json").json()["total"] == 0


def test_optimize_without_an_index_is_one_line(cli):
    result = cli("optimize")
    assert result.status == 2 and "ingest something first" in result.err
    assert result.err.count("\n") == 1


def test_counts_are_written_in_the_right_number(cli, seeded_data):
    import re

    lines = cli("speakers", data_dir=seeded_data).out.splitlines()
    counts = [re.search(r"  (\d+) (quotes?),", line) for line in lines]
    assert counts and all(counts)
    assert all((m.group(2) == "quote") == (m.group(1) == "1") for m in counts)
    one = cli("search", "Interstate 435", "--mode", "keyword", data_dir=seeded_data).out
    assert one.startswith("1 matching article for ")
