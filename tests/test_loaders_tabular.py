"""JSONL, JSON-array and CSV/TSV loaders: field mapping, common names, bad rows, encodings."""

from __future__ import annotations

import json

import pytest

from indexer.loaders import load_bytes
from indexer.loaders.options import LoadOptions, parse_field_map
from indexer.loaders.tabular import load_csv, load_jsonl, looks_like_html, resolve_columns
from indexer.records import Skip, SourceDoc


def _split(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, SourceDoc)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert len(docs) + len(skips) == len(items)
    return docs, skips


def _jsonl(*records) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_jsonl_common_field_names_are_recognised():
    data = _jsonl(
        {"headline": "Senator speaks", "body": "She said things.", "date": "2020-01-02",
         "link": "https://ex.org/a", "publisher": "Ex Wire", "author": ["A. One", "B. Two"]},
        {"Title": "Second", "Content": "More text.", "pub_date": "2021-03-04"},
    )
    docs, skips = _split(load_jsonl(data, "feed.jsonl", LoadOptions()))
    assert skips == []
    first, second = docs
    assert (first.origin, first.title, first.body) == ("feed.jsonl#L1", "Senator speaks",
                                                        "She said things.")
    assert (first.published, first.url, first.source) == ("2020-01-02", "https://ex.org/a",
                                                           "Ex Wire")
    assert first.byline == "A. One, B. Two"
    assert (second.origin, second.title, second.body, second.published) == (
        "feed.jsonl#L2", "Second", "More text.", "2021-03-04")


def test_jsonl_explicit_mapping_wins_over_common_names():
    options = LoadOptions(field_map=parse_field_map("text=story,published=when,title=hed"))
    data = _jsonl({"story": "Mapped body.", "text": "decoy", "when": "1999-12-31", "hed": "H",
                   "title": "decoy title"})
    docs, _ = _split(load_jsonl(data, "m.jsonl", options))
    assert [(d.body, d.published, d.title) for d in docs] == [("Mapped body.", "1999-12-31", "H")]


def test_jsonl_bad_lines_are_reported_by_line_and_the_rest_loads():
    data = _jsonl(
        {"text": "good one"},
        "{not json",
        "",
        "[1, 2]",
        {"title": "no text here"},
        {"text": "   "},
        {"text": "good two", "source": "Wire"},
    )
    docs, skips = _split(load_jsonl(data, "bad.jsonl", LoadOptions(source="Override")))
    assert [d.body for d in docs] == ["good one", "good two"]
    assert [d.origin for d in docs] == ["bad.jsonl#L1", "bad.jsonl#L7"]
    assert all(d.source == "Override" for d in docs)
    by_origin = {s.origin: s.reason for s in skips}
    assert set(by_origin) == {"bad.jsonl#L2", "bad.jsonl#L4", "bad.jsonl#L5", "bad.jsonl#L6"}
    assert "invalid JSON" in by_origin["bad.jsonl#L2"]
    assert "not a JSON object" in by_origin["bad.jsonl#L4"]
    assert "text" in by_origin["bad.jsonl#L5"]
    assert "empty text field 'text'" in by_origin["bad.jsonl#L6"]


def test_missing_mapped_field_is_named():
    options = LoadOptions(field_map={"text": "body_html"})
    _, skips = _split(load_jsonl(_jsonl({"text": "x"}), "f.jsonl", options))
    assert len(skips) == 1 and "'body_html'" in skips[0].reason


def test_json_array_file_loads_each_object():
    data = json.dumps([{"text": "one", "title": "A"}, "oops", {"article": "two"}],
                      indent=2).encode()
    docs, skips = _split(load_bytes("items.json", data, "items.json", LoadOptions()))
    assert [(d.origin, d.body) for d in docs] == [("items.json#item1", "one"),
                                                  ("items.json#item3", "two")]
    assert [s.origin for s in skips] == ["items.json#item2"]


def test_paragraph_list_text_is_joined_with_blank_lines():
    data = _jsonl({"text": ["First para.", "Second para."], "published": 2020})
    docs, _ = _split(load_jsonl(data, "p.jsonl", LoadOptions()))
    assert docs[0].body == "First para.\n\nSecond para."
    assert docs[0].published == "2020"


def test_csv_with_quoted_multiline_fields_and_row_numbers():
    data = (
        b'title,body,date\n'
        b'"Hello, world","Line one.\n\nLine two.",2020-05-06\n'
        b'Short row,only two\n'
        b'Empty,,2020-01-01\n'
        b'Last,"Final text",2021-01-01\n'
    )
    docs, skips = _split(load_csv(data, "x.csv", LoadOptions()))
    assert [(d.title, d.body, d.published) for d in docs] == [
        ("Hello, world", "Line one.\n\nLine two.", "2020-05-06"),
        ("Last", "Final text", "2021-01-01"),
    ]
    assert [d.origin for d in docs] == ["x.csv#row2", "x.csv#row5"]
    assert [(s.origin, s.reason) for s in skips] == [
        ("x.csv#row3", "2 columns, header has 3"),
        ("x.csv#row4", "empty text field 'body'"),
    ]


def test_tsv_is_split_on_tabs():
    data = b"headline\ttext\tsite\nA, with comma\tBody; with semicolon\tWire\n"
    docs, skips = _split(load_bytes("f.tsv", data, "dir/f.tsv", LoadOptions()))
    assert skips == []
    assert [(d.title, d.body, d.source) for d in docs] == [
        ("A, with comma", "Body; with semicolon", "Wire")]


def test_semicolon_csv_dialect_is_sniffed():
    data = b"title;text\nOne;First body\nTwo;Second body\n"
    docs, _ = _split(load_csv(data, "s.csv", LoadOptions()))
    assert [(d.title, d.body) for d in docs] == [("One", "First body"), ("Two", "Second body")]


def test_single_column_csv_is_not_split_on_commas_in_the_text():
    data = b"text\nHello, world; again.\n\"Quoted, with\nnewline.\"\n"
    docs, skips = _split(load_csv(data, "one.csv", LoadOptions()))
    assert skips == []
    assert [d.body for d in docs] == ["Hello, world; again.", "Quoted, with\nnewline."]


def test_cp1252_csv_is_decoded_with_a_warning():
    text = ("title,text\n"
            "Caf\u00e9 r\u00e9ouvert,\"\u201cWe are d\u00e9lighted\u201d \u2014 said the "
            "ma\u00eetre d\u2019h\u00f4tel, \u00e0 na\u00efve fa\u00e7ade.\"\n")
    docs, _ = _split(load_csv(text.encode("cp1252"), "w.csv", LoadOptions()))
    assert docs[0].title == "Caf\u00e9 r\u00e9ouvert"
    assert "\u201cWe are d\u00e9lighted\u201d" in docs[0].body
    assert any("not UTF-8" in w for w in docs[0].warnings)


def test_big_csv_field_is_allowed():
    big = "word " * 60_000  # over the csv module's default 131072-character field limit
    data = f'title,text\nBig,"{big}"\n'.encode()
    docs, skips = _split(load_csv(data, "big.csv", LoadOptions()))
    assert skips == [] and docs[0].body == big


def test_csv_without_text_column_is_one_skip_naming_the_field():
    _, skips = _split(load_csv(b"a,b\n1,2\n3,4\n", "n.csv", LoadOptions()))
    assert len(skips) == 1 and skips[0].origin == "n.csv" and "text" in skips[0].reason


def test_html_in_a_text_field_is_extracted():
    pytest.importorskip("indexer.loaders.html")
    html = ("<html><body><article><h1>Vote today</h1><p>"
            + "The senator said the vote would happen today. " * 6
            + "</p><p>Second paragraph of the statement.</p></article></body></html>")
    data = _jsonl({"text": html, "date": "2020-02-02", "title": "Record title"})
    docs, _ = _split(load_jsonl(data, "h.jsonl", LoadOptions()))
    assert "<p>" not in docs[0].body and "Second paragraph of the statement." in docs[0].body
    assert (docs[0].title, docs[0].published) == ("Record title", "2020-02-02")


def test_html_detection_and_column_resolution_are_pure():
    assert looks_like_html("<p>Hello <b>there</b></p>")
    assert not looks_like_html("2 < 3 and so on")
    assert not looks_like_html("Plain <text>")
    cols = resolve_columns(["Headline", "BODY", "x"], {"published": "x"})
    assert cols == {"title": "Headline", "text": "BODY", "published": "x"}


def test_a_date_field_that_is_no_date_is_a_warning_naming_the_record_and_field():
    """A record's date that reads as no date ('2031-13-45') is not dropped in silence: a warning
    names the record and the field, and the record still loads (the text's own date may date
    it); a compact '20070303' is a date."""
    data = _jsonl({"text": "Budget talk.", "date": "2031-13-45"},
                  {"text": "More budget talk.", "date": "20070303"},
                  {"text": "Undated talk."})
    docs, skips = _split(load_jsonl(data, "feed.jsonl", LoadOptions()))
    assert skips == [] and len(docs) == 3
    assert docs[0].warnings == ["feed.jsonl#L1: field 'date': '2031-13-45' is not a date; the "
                                "text's own date is used, if any"]
    assert docs[1].warnings == [] and docs[1].published == "20070303"
    assert docs[2].warnings == []


def test_a_bad_date_field_over_html_text_warns_and_the_pages_own_date_is_used():
    """An HTML text field under a date field that is no date: the warning is kept and the
    page's own date (its metadata) dates the record, not the bad field."""
    pytest.importorskip("indexer.loaders.html")
    html = ('<html><head><meta property="article:published_time" content="2019-05-03">'
            "</head><body><article><h1>Vote today</h1><p>"
            + "The senator said the vote would happen today. " * 6
            + "</p></article></body></html>")
    data = _jsonl({"text": html, "date": "2031-13-45"})
    docs, _ = _split(load_jsonl(data, "h.jsonl", LoadOptions()))
    assert docs[0].warnings == ["h.jsonl#L1: field 'date': '2031-13-45' is not a date; the "
                                "text's own date is used, if any"]
    assert docs[0].published == "2019-05-03"
