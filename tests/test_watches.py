"""Watches: saved searches matched against each ingest's new articles (real store, Whoosh index,
quote extractor and MiniLM model), reprints grouped under the first match, keyword-first
ingest catching up when vectors arrive, the CLI, and a failing webhook that never blocks the
ingest (a local HTTP server that fails on purpose)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from indexer.ingest import ingest_documents
from indexer.outbox import ALLOW_PRIVATE_ENV, deliver_due, wait_for_deliveries
from indexer.records import SourceDoc
from indexer.scope import Scope
from indexer.search import SearchService
from indexer.store import Store
from indexer.watches import WatchError, WatchSpec, add_watch, get_watch, watch_report


def doc(name: str, body: str, title: str, published: str, source: str) -> SourceDoc:
    return SourceDoc(origin=f"{name}.txt", body=body, title=title, published=published,
                     source=source)


OLD = [doc(f"old{i}", f"Senator Jane Roe said \"Ethanol subsidies were debated in round {i} "
       "of the budget talks.\" The committee adjourned without a vote on the measure.",
       f"Budget talks, round {i}", f"2020-01-0{i + 1}", "Gazette") for i in range(3)]
DOE = ('Senator John Doe said "Ethanol subsidies keep rural towns alive and we will defend '
       'them in every budget." He spoke in Des Moines on Monday before a crowd of growers and '
       'seed dealers from three counties.')
NEW = [doc("doe", DOE, "Doe defends ethanol", "2021-05-01", "Courier"),
       doc("doe-reprint", DOE, "Doe defends ethanol (wire copy)", "2021-05-02", "Wire"),
       doc("major", 'Senator Mary Major said "Biofuels distilled from corn deserve federal '
           'support because they cut our reliance on foreign oil." She addressed the state farm '
           'bureau at its spring meeting.', "Major backs biofuels", "2021-06-01", "Courier"),
       doc("parks", 'Senator Mary Major said "The national parks need more rangers this '
           'summer." Visitor numbers have doubled since the pandemic began.', "Parks staffing",
           "2021-06-02", "Courier")]


def titles(store: Store, name: str) -> list[str]:
    return [m["title"] for m in watch_report(store, get_watch(store, name))["matches"]]


def report_of(data: Path, name: str) -> dict:
    """The named watch's report, read from the store at ``data``."""
    store = Store.open(data, readonly=True)
    try:
        return watch_report(store, get_watch(store, name))
    finally:
        store.close()


@pytest.fixture(scope="module")
def watched(tmp_path_factory) -> Path:
    """A store with old articles, three watches added, then a keyword-first ingest of new ones
    (quotes, no vectors) and an ingest with vectors (which catches the semantic watch up)."""
    data = tmp_path_factory.mktemp("watched") / "data"
    ingest_documents(OLD, data, semantic=False)
    store = Store.open(data)
    try:
        add_watch(store, WatchSpec(name="ethanol", query="ethanol subsidies", mode="keyword"))
        add_watch(store, WatchSpec(name="doe", speaker="John Doe"))
        add_watch(store, WatchSpec(name="biofuel", query="renewable fuel made from corn",
                                   mode="semantic", threshold=0.45))
    finally:
        store.close()
    ingest_documents(NEW[:2], data, semantic=False)
    return data


def test_a_keyword_watch_matches_only_a_later_ingest_and_groups_the_reprint(watched):
    report = report_of(watched, "ethanol")
    assert report["total"] == 1, "the articles stored before the watch are not alerts"
    match = report["matches"][0]
    assert match["title"] == "Doe defends ethanol" and match["reasons"] == ["keyword"]
    assert [r["title"] for r in match["reprints"]] == ["Doe defends ethanol (wire copy)"]
    assert match["quote"]["speaker"] == "John Doe" and "Ethanol subsidies" in match["text"]


def test_a_speaker_watch_matches_the_speakers_quotes(watched):
    report = report_of(watched, "doe")
    assert [m["title"] for m in report["matches"]] == ["Doe defends ethanol"]
    assert report["matches"][0]["reasons"] == ["speaker"]
    assert report["matches"][0]["quote"]["speaker"] == "John Doe"


def test_a_semantic_watch_waits_for_vectors_then_matches_by_meaning(watched, tmp_path):
    data = tmp_path / "data"
    import shutil

    shutil.copytree(watched, data)
    store = Store.open(data, readonly=True)
    try:
        assert titles(store, "biofuel") == [], "no vectors yet: nothing matched by meaning"
        assert len(store.pending_articles()) == 1  # the reprint is not pending: it is grouped
    finally:
        store.close()
    ingest_documents(NEW[2:], data)  # with vectors: the pending article's arrive first
    store = Store.open(data, readonly=True)
    try:
        report = watch_report(store, get_watch(store, "biofuel"))
        assert store.pending_articles() == []
    finally:
        store.close()
    matched = {m["title"]: m for m in report["matches"]}
    assert "Major backs biofuels" in matched and "Parks staffing" not in matched
    assert matched["Major backs biofuels"]["reasons"] == ["semantic"]
    assert matched["Major backs biofuels"]["score"] >= 0.45


def test_a_batch_is_matched_and_scored_on_its_new_passages_alone(tmp_path):
    """Each watch asks about a batch's new articles (a Scope): its set is exactly what the whole
    search finds among their passages, with the same scores, in keyword, semantic and (cut
    after ranking) hybrid mode, and semantic matching takes cosines with the new passages'
    vectors only, never the older ones'."""
    data = tmp_path / "data"
    ingest_documents(OLD + NEW, data)
    service = SearchService.open(data, feedback=False)
    try:
        t = service.keyword.tables()
        meta = service.store.articles_meta(t.article_ids)
        new_ids = {a for a, m in meta.items() if m["title"] in {d.title for d in NEW[2:]}}
        scope = Scope.of_articles(t, new_ids)
        assert len(new_ids) == 2 and 0 < len(scope.docs) < len(service.vectors)
        asked = [("corn OR parks OR ethanol", "keyword"), ("fuel made from corn", "semantic"),
                 ('"Mary Major" rangers', "semantic"), ("ethanol biofuels", "hybrid")]
        for query, mode in asked:
            whole = service.result_set(query, mode, speakers=False)
            scoped = service.result_set(query, mode, speakers=False, scope=scope)
            expected = {t.passage_ids[d]: s for d, s in zip(whole.docs, whole.scores, strict=True)
                        if d in set(scope.docs)}
            got = dict(zip(scoped.passage_ids(), scoped.scores.tolist(), strict=True))
            assert got and got == pytest.approx(expected, rel=1e-5), (query, mode)
            assert set(scoped.article_ids()) <= new_ids, "only the new articles are reported"
        with_vectors = len(service.vectors.gathered([t.passage_ids[d] for d in scope.docs])[0])
        assert scope.scored == 2 * with_vectors, "two semantic queries, the new passages each"
    finally:
        service.close()


class FailingHook(BaseHTTPRequestHandler):
    """A webhook receiver that fails every POST (and counts them)."""

    posts: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FailingHook.posts.append(json.loads(body))
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_failing_webhook_is_retried_later_and_never_blocks_the_ingest(tmp_path, monkeypatch):
    data = tmp_path / "data"
    ingest_documents(OLD[:1], data, semantic=False, quotes=False)
    server = HTTPServer(("127.0.0.1", 0), FailingHook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/hook"
    store = Store.open(data)
    try:
        with pytest.raises(WatchError, match="loopback, private or link-local"):
            add_watch(store, WatchSpec(name="hook", query="ethanol", webhook=url))
        monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
        add_watch(store, WatchSpec(name="hook", query="ethanol", mode="keyword", webhook=url))
    finally:
        store.close()
    report = ingest_documents(NEW[:1], data, semantic=False, quotes=False)
    assert report.added == 1 and not report.warnings
    wait_for_deliveries()
    store = Store.open(data)
    try:
        watch = get_watch(store, "hook")
        [entry] = store.webhook_log(watch.id)
        assert entry["status"] == "pending" and entry["attempts"] == 1
        assert "500" in entry["last_error"]
        assert entry["next_attempt_at"] > entry["created_at"], "retried later, with backoff"
        assert deliver_due(store).to_dict() == {"delivered": 0, "retrying": 0, "failed": 0}
        later = datetime.now(UTC) + timedelta(hours=1)
        assert deliver_due(store, at=later).retrying == 1  # the backoff has passed
        [entry] = store.webhook_log(watch.id)
        assert entry["attempts"] == 2
        assert titles(store, "hook") == ["Doe defends ethanol"], "the match is recorded anyway"
    finally:
        store.close()
        server.shutdown()
    posted = FailingHook.posts[-1]
    assert posted["watch"]["name"] == "hook"
    assert [m["title"] for m in posted["matches"]] == ["Doe defends ethanol"]


def test_watch_cli_adds_lists_runs_and_removes(cli, watched, tmp_path):
    import shutil

    data = tmp_path / "copy"
    shutil.copytree(watched, data)
    added = cli("watch", "add", "corn", "corn", "OR", "ethanol", "--mode", "keyword",
                "--source", "Courier", "--json", data_dir=data)
    assert added.status == 0 and added.json()["filters"] == {"source": "Courier"}
    assert added.json()["secret"]
    listed = cli("watch", "list", "--json", data_dir=data).json()
    assert [w["name"] for w in listed["watches"]] == ["ethanol", "doe", "biofuel", "corn"]
    assert all("secret" not in w for w in listed["watches"])
    assert [w["matches"] for w in listed["watches"]] == [1, 1, 0, 0]
    run = cli("watch", "run", "ethanol", "--json", data_dir=data).json()
    assert run["watches"][0]["total"] == 1
    again = cli("watch", "run", "ethanol", "--since-last", "--json", data_dir=data).json()
    assert again["watches"][0]["total"] == 0, "nothing recorded since the last run"
    text = cli("watch", "run", "ethanol", "--since", "2000-01-01", data_dir=data)
    assert "Doe defends ethanol" in text.out and "reprinted" in text.out
    for bad, message in ((("watch", "add", "corn", "x"), "exists"),
                         (("watch", "add", "y", "(a"), "query"),
                         (("watch", "add", "z"), "a query or a filter"),
                         (("watch", "run", "--since", "soon"), "since: not a date"),
                         (("watch", "remove", "nope"), "no watch")):
        result = cli(*bad, data_dir=data)
        assert result.status == 2 and message in result.err and "Traceback" not in result.err
    assert cli("watch", "remove", "corn", data_dir=data).status == 0
    assert " corn: " not in cli("watch", "list", data_dir=data).out
    # options between the name and the query, as a reporter writes them
    late = cli("watch", "add", "late", "--source", "Courier", "corn", "OR", "ethanol", "--json",
               data_dir=data)
    assert late.status == 0 and late.json()["query"] == "corn OR ethanol"
    assert "read as part of the query" in late.err  # said, in case a value lacked its quotes
    quoted = cli("watch", "add", "later", "--source", "City Courier", "corn", "--json",
                 data_dir=data)
    assert quoted.status == 0 and quoted.json()["query"] == "corn"
    assert "read as part of the query" not in quoted.err  # a quoted value: the query was meant


def test_matches_recorded_together_are_shown_best_first(tmp_path):
    data = tmp_path / "data"
    ingest_documents(OLD, data, semantic=False)
    store = Store.open(data)
    try:
        add_watch(store, WatchSpec(name="subsidies", query="ethanol subsidies", mode="keyword"))
    finally:
        store.close()
    batch = [doc("passing", "The farm bureau met on Monday. Members discussed rail freight rates, "
                 "seed prices, a new grain elevator and, briefly, ethanol.", "Farm bureau meets",
                 "2021-07-01", "Courier"),
             doc("focused", "Ethanol subsidies dominated the hearing. Critics of ethanol subsidies "
                 "said the subsidies cost too much.", "Ethanol subsidies hearing", "2021-07-02",
                 "Courier")]
    ingest_documents(batch, data, semantic=False)
    report = report_of(data, "subsidies")
    assert [m["title"] for m in report["matches"]] == ["Ethanol subsidies hearing",
                                                      "Farm bureau meets"]
    assert report["matches"][0]["score"] > report["matches"][1]["score"]


def test_watch_add_says_plain_words_match_any_of_them(cli):
    """Keyword matching reads plain words as any of them ('ethanol subsidies' alerts on trade
    subsidies too): adding such a watch says so and how to ask for all of them; a phrase, an
    AND, an OR chain, one word, a semantic watch or words the suggestion would mangle (a
    hyphenated one) get no such line."""
    added = cli("watch", "add", "subsidies", "ethanol", "subsidies")
    assert added.status == 0
    assert "match any one of them" in added.out
    assert "'\"ethanol subsidies\"'" in added.out and "'ethanol AND subsidies'" in added.out
    for n, query in enumerate((['"ethanol subsidies"'], ["ethanol", "AND", "subsidies"],
                               ["ethanol", "OR", "biodiesel"], ["ethanol"],
                               ["ethanol", "subsidies", "--mode", "semantic"],
                               ["ethanol-based", "fuel", "subsidies"])):
        result = cli("watch", "add", f"w{n}", *query)
        assert result.status == 0 and "any one of them" not in result.out, query
