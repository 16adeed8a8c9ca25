"""Hostile queries: random strings and query-syntax fragments through the search service (keyword
and hybrid modes), question answering and the ``onrecord`` CLI give results or a one-line
``QueryError``, never another exception or a traceback.

Hypothesis budgets are fixed and small so the suite stays quick; the seed is derandomised.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.cli import main
from indexer.keyword_index import Filters, QueryError
from indexer.search import SearchResult, SearchService

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    '"', "(", ")", "AND", "OR", "NOT", "ANDNOT", "AND NOT", "title:", "text:", "source:",
    "speaker:", "date:", "published:", "has_quote:", "has_quote:true", "quote:yes", "by:",
    "unknown:", "http://x.test/a:b", "date:[", "date:[2021-01-01 to 2021-06-30]", "[", "]",
    "{", "}", " to ", "TO", "*", "?", "~", "~2", "~99", "^", "^3", "^-1", "+", "-", ":", "\\",
    "/", "'", "<", ">", ">=", "<=", "date:>2021", "date:<=1999-02-30", "2021-13-45", "police",
    "officer", "vehicles", "Kansas", "stand*", "st*nd", "*ing", "becchina~", "café", "ǅ", "🙂",
    "\x00", "\t", "\n", "\u200b", "\ufeff", "\ud7ff", "&lt;script&gt;", "<script>alert(1)</script>",
    "''", '""', "()", "((", "))", "a" * 300, "NEAR", "~/", "*:*", "%", "_", "$", "\\*",
]


def syntax_soup() -> st.SearchStrategy[str]:
    """Queries built from syntax fragments and words, joined with or without spaces."""
    return st.tuples(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12),
                     st.sampled_from([" ", "", "  "])).map(lambda t: t[1].join(t[0]))


ANY_QUERY = st.one_of(st.text(max_size=120), syntax_soup(),
                      st.text(alphabet=st.sampled_from('ab"():*~^[]-+ ANDORT'), max_size=40))


@pytest.fixture(scope="module")
def service(seeded_data):
    svc = SearchService.open(seeded_data)
    yield svc
    svc.close()


def check_search(service: SearchService, query: str, mode: str, **kwargs) -> None:
    """One query: a well-formed result, or a QueryError with a one-line message."""
    try:
        result = service.search(query, mode=mode, **kwargs)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc), str(exc)
        return
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert hit.passage_id.startswith(hit.article_id + ":")
        assert "<script" not in hit.highlight


@FUZZ
@given(ANY_QUERY)
def test_random_queries_in_keyword_mode(service, query):
    check_search(service, query, "keyword")


@settings(FUZZ, max_examples=30)
@given(ANY_QUERY)
def test_random_queries_in_hybrid_mode(service, query):
    check_search(service, query, "hybrid")


@settings(FUZZ, max_examples=30)
@given(st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=12)),
       st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.text(max_size=20)),
       st.booleans(), st.integers(-5, 200), st.integers(-5, 20_000),
       st.sampled_from(["keyword", "hybrid", "semantic", "bogus", ""]))
def test_random_filters_and_paging(service, source, since, until, speaker, quotes_only, limit,
                                   offset, mode):
    filters = Filters(source=source, since=since, until=until, speaker=speaker,
                      quotes_only=quotes_only)
    check_search(service, "police", mode, limit=limit, offset=offset, filters=filters)


@settings(FUZZ, max_examples=8)
@given(ANY_QUERY)
def test_random_questions(service, question):
    try:
        result = service.ask(question)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(result.to_dict(), dict)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@settings(FUZZ, max_examples=40)
@given(ANY_QUERY, st.sampled_from(["keyword", "keyword", "hybrid"]), st.booleans())
def test_cli_search_never_prints_a_traceback(seeded_data, query, mode, as_json):
    args = ["--data", str(seeded_data), "search", "--mode", mode, *(["--json"] * as_json),
            "--", query]
    status, out, err = run_cli(*args)
    assert "Traceback" not in err and "internal error" not in err, err
    assert status in (0, 2)
    if status == 2:
        assert err.startswith("onrecord: error:") and err.count("\n") == 1, err
    else:
        assert out


@settings(FUZZ, max_examples=15)
@given(st.lists(ANY_QUERY, min_size=1, max_size=4))
def test_cli_batch_search_reports_bad_lines_and_goes_on(seeded_data, tmp_path_factory, queries):
    import json

    path = tmp_path_factory.mktemp("q") / "queries.jsonl"
    lines = [json.dumps({"id": n, "query": q, "mode": "keyword"}) for n, q in enumerate(queries)]
    path.write_text("\n".join([*lines, "{not json", '{"id": "x", "query": 5}']), encoding="utf-8")
    status, out, err = run_cli("--data", str(seeded_data), "search", "--queries", str(path),
                               "--json")
    assert status == 0 and "Traceback" not in err and "internal error" not in err, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(queries) + 2
    assert "error" in rows[-1] and "error" in rows[-2]


def test_pathological_syntax_is_answered_or_refused(service):
    for query in ["*", "*" * 50, "?*?*?*?*", "a~99", "police~9", "date:[0001 to 9999]",
                  "date:[2021 to]", "title:" * 40, "(" * 200 + "x" + ")" * 200, "NOT police",
                  "NOT NOT NOT", "AND", "OR OR", '"' + "police " * 150 + '"', "x" * 1001,
                  "\x00", "speaker:", "has_quote:maybe", "date:yesterday", "^" * 10]:
        for mode in ("keyword", "hybrid"):
            check_search(service, query, mode)
