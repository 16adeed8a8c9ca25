"""Watches and lineage on the web: the JSON API (reads open, writes behind the admin token), the
Atom feed (the watch's secret or the admin token), the watch pages and the lineage section of a
quote's permalink page, over the web fixture's data (two watches saved before its articles)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

from indexer.store import Store
from webapp.app import create_app

ATOM = "{http://www.w3.org/2005/Atom}"


def secret_of(data, name: str) -> str:
    store = Store.open(data, readonly=True)
    try:
        return store.watch_by_key(name)["secret"]
    finally:
        store.close()


def test_the_watches_list_their_alerts_from_the_later_ingest(client):
    body = client.get("/api/v1/watches").get_json()
    watches = {w["name"]: w for w in body["watches"]}
    assert set(watches) == {"pursuits", "graves"}
    pursuits = client.get("/api/v1/watches/pursuits").get_json()
    titles = {m["title"] for m in pursuits["matches"]}
    assert {"Police review vehicle pursuit policy",
            "New chief outlines approach to vehicle pursuits"} <= titles
    assert all("keyword" in m["reasons"] for m in pursuits["matches"])
    corpus = client.get("/api/v1/search", query_string={"q": "vehicle pursuits",
                                                        "mode": "keyword", "limit": 50})
    earlier = {h["title"] for h in corpus.get_json()["hits"]} - titles
    assert earlier, "the corpus has older pursuit articles ..."
    assert not earlier & titles, "... which are not alerts: they came before the watch"
    graves = client.get("/api/v1/watches/graves").get_json()
    assert {m["title"] for m in graves["matches"]} == {
        "New chief outlines approach to vehicle pursuits", "Chief Graves on shootings at moving cars"}
    assert all(m["reasons"] == ["speaker"] and m["quote"]["speaker"] == "Stacey Graves"
               for m in graves["matches"])


def test_the_atom_feed_needs_the_watchs_secret_or_the_admin_token(web_data):
    app = create_app({"DATA_DIR": str(web_data), "ADMIN_TOKEN": "admin"})
    client = app.test_client()
    watch = client.get("/api/v1/watches/pursuits").get_json()
    url = f"/watches/{watch['id']}.atom"
    assert client.get(url).status_code == 401
    assert client.get(url, query_string={"token": "wrong"}).status_code == 401
    feed = client.get(url, query_string={"token": secret_of(web_data, "pursuits")})
    assert feed.status_code == 200 and feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)
    entries = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert entries == [m["title"] for m in watch["matches"]]
    assert root.findtext(f"{ATOM}title") == "OnRecord watch: pursuits"
    admin = client.get(url, headers={"Authorization": "Bearer admin"})
    assert admin.status_code == 200 and admin.data == feed.data


def test_writing_watches_needs_the_admin_token(web_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(web_data, data)
    client = create_app({"DATA_DIR": str(data), "ADMIN_TOKEN": "admin"}).test_client()
    auth = {"Authorization": "Bearer admin"}
    spec = {"name": "curfew", "query": "curfew", "mode": "keyword", "source": "KCPD"}
    assert client.post("/api/v1/watches", json=spec).status_code == 401
    made = client.post("/api/v1/watches", json=spec, headers=auth)
    assert made.status_code == 201
    assert made.get_json()["filters"] == {"source": "KCPD"} and made.get_json()["secret"]
    for bad, word in (({"name": "x", "colour": "red"}, "colour"),
                      ({"name": "x", "query": "a", "threshold": 3}, "threshold"),
                      ({"name": "curfew", "query": "a"}, "exists"),
                      ({"name": "x", "query": "a", "webhook": "http://169.254.169.254/"},
                       "link-local")):
        refused = client.post("/api/v1/watches", json=bad, headers=auth)
        assert refused.status_code == 400 and word in refused.get_json()["error"]["message"]
    hooked = {"name": "hooked", "query": "curfew", "webhook": "https://8.8.8.8/hook?key=s3cret"}
    assert client.post("/api/v1/watches", json=hooked, headers=auth).status_code == 201
    assert client.get("/api/v1/watches/hooked").get_json()["webhook"] == "https://8.8.8.8/\u2026"
    assert client.get("/api/v1/watches/hooked", headers=auth).get_json()["webhook"] == \
        hooked["webhook"], "the admin sees the whole URL"
    assert client.delete("/api/v1/watches/curfew").status_code == 401
    assert client.delete("/api/v1/watches/curfew", headers=auth).get_json()["removed"][
        "name"] == "curfew"
    assert client.get("/api/v1/watches/curfew").status_code == 404


def test_the_watch_pages_show_each_watch_with_its_matches(client):
    listing = client.get("/watches").get_data(as_text=True)
    assert "pursuits" in listing and "graves" in listing
    assert "New chief outlines approach to vehicle pursuits" in listing
    watch = client.get("/api/v1/watches/graves").get_json()
    page = client.get(f"/watches/{watch['id']}").get_data(as_text=True)
    assert "Chief Graves on shootings at moving cars" in page and "speaker" in page


def test_a_quote_permalink_shows_where_its_statement_appears(client):
    quote = client.get("/api/v1/quotes", query_string={"speaker": "Stacey Graves"}
                       ).get_json()["quotes"][0]
    lineage = client.get(f"/api/v1/quotes/{quote['id']}/lineage").get_json()
    assert lineage["quote"]["id"] == quote["id"]
    first = lineage["appearances"][0]
    assert first["earliest"] and lineage["earliest"]["article_id"] == first["article_id"]
    dates = [a["published"] for a in lineage["appearances"] if a["published"]]
    assert dates == sorted(dates)
    page = client.get(f"/articles/{quote['article_id']}?quote={quote['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Where this statement appears" in html
    assert "earliest" in html
    assert "Where this statement appears" not in client.get(
        f"/articles/{quote['article_id']}").get_data(as_text=True)
