"""Hostile input through the loaders: fuzzed HTML, WARC, CSV, JSONL and text bytes, deep nesting,
gigantic lines, NUL bytes and wrong encodings must give documents or one-line skip reasons, never
an exception; hostile archives must write nothing anywhere.

Hypothesis budgets are fixed and small so the suite stays quick; the seed is derandomised.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.cli import main
from indexer.loaders import load_bytes
from indexer.loaders.options import LoadOptions
from indexer.normalise import normalise
from indexer.passages import split_passages
from indexer.records import Skip, SourceDoc

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Mayor opens bridge | "
    "City News</title><meta property='article:published_time' content='2021-03-04T10:00:00Z'>"
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
    "\"Mayor opens bridge\", \"datePublished\": \"2021-03-04\"}</script></head><body><nav>Home"
    "</nav><article><h1>Mayor opens bridge</h1><p>SPRINGFIELD, Ill. — The mayor opened the new "
    "river bridge on Thursday after three years of work.</p><p>\"This bridge connects our "
    "neighbourhoods,\" said Mayor Ana Lopez, standing beside the ribbon.</p><p>Traffic will "
    "flow from Monday morning, the transport department said in a statement.</p></article>"
    "<footer>© City News</footer></body></html>"
).encode()
ROWS = [
    {"id": "r1", "title": "Budget passes", "text": "The council approved the budget. "
     "\"It is balanced,\" said the treasurer.", "published": "2022-01-05", "source": "Gazette"},
    {"id": "r2", "title": "School opens", "text": "A new school opened in the north of town, "
     "with places for four hundred pupils.", "published": "2022-02-07", "url": "https://x.test/s"},
]


def jsonl_bytes() -> bytes:
    return "\n".join(json.dumps(r) for r in ROWS).encode()


def csv_bytes() -> bytes:
    head = "id,title,text,published\n"
    return (head + "\n".join(f'{r["id"]},"{r["title"]}","{r["text"].replace(chr(34), chr(34) * 2)}",'
                             f'{r["published"]}' for r in ROWS)).encode()


def warc_bytes(pages: list[bytes], gz: bool = False) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://news.test/{n}", "response", payload=io.BytesIO(page),
            http_headers=headers))
    return out.getvalue()


SEEDS = {
    "page.html": PAGE,
    "rows.jsonl": jsonl_bytes(),
    "rows.csv": csv_bytes(),
    "crawl.warc": warc_bytes([PAGE, PAGE.replace(b"bridge", b"tunnel")]),
    "crawl.warc.gz": warc_bytes([PAGE], gz=True),
    "note.txt": b"Bridge opens\n\nThe mayor opened the bridge on Thursday. " * 3,
}


def check_loaded(name: str, data: bytes, options: LoadOptions | None = None) -> list:
    """Load bytes as ``name`` and check the contract: SourceDoc or one-line Skip, nothing raised;
    documents also survive normalisation and passage splitting."""
    origin = f"fuzz/{name}"
    items = list(load_bytes(name, data, origin, options or LoadOptions()))
    for item in items:
        assert isinstance(item, SourceDoc | Skip), type(item)
        assert item.origin.startswith(origin)
        if isinstance(item, Skip):
            assert item.reason and "\n" not in item.reason, item.reason
            continue
        assert isinstance(item.body, str)
        assert all("\n" not in w for w in item.warnings)
        article = normalise(item, item.origin)
        if article is not None:
            for passage in split_passages(article):
                assert article.text[passage.start:passage.end] == passage.text
    return items


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with a few random insertions, deletions and overwrites."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(("insert", "delete", "overwrite", "truncate")))
        chunk = draw(st.binary(min_size=1, max_size=24))
        if action == "insert":
            out[pos:pos] = chunk
        elif action == "delete":
            del out[pos:pos + len(chunk)]
        elif action == "overwrite":
            out[pos:pos + len(chunk)] = chunk
        else:
            del out[pos:]
    return bytes(out)


@seed(6)
@FUZZ
@given(st.sampled_from(sorted(SEEDS)).flatmap(lambda n: st.tuples(st.just(n),
                                                                   mutated(SEEDS[n]))))
def test_mutated_inputs_load_or_skip(case):
    name, data = case
    check_loaded(name, data)


@seed(7)
@FUZZ
@given(st.sampled_from(sorted(SEEDS)), st.binary(max_size=2048))
def test_random_bytes_under_every_name_load_or_skip(name, data):
    check_loaded(name, data)


HTML_SNIPPETS = ["<div>", "</div>", "<p>", "</p>", "<table><tr><td>", "<script>", "</script>",
                 "<!--", "-->", "<![CDATA[", "]]>", "<meta charset='", "utf-16", "'>", "<title>",
                 "</title>", "&#0;", "&#xD800;", "&amp", "<svg><foreignObject>", "<math>",
                 "\x00", "\ufeff", "é", "“", "<h1>", "<time datetime='", "2021-13-45", "'>",
                 "<script type='application/ld+json'>{", "[[[[", "}", "Mayor said"]


@seed(8)
@FUZZ
@given(st.lists(st.sampled_from(HTML_SNIPPETS), max_size=60),
       st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis", "utf-32"]))
def test_html_fragments_in_any_encoding_load_or_skip(parts, encoding):
    data = "".join(parts).encode(encoding, errors="replace")
    check_loaded("frag.html", data)
    check_loaded("frag.txt", data)


def test_deeply_nested_html_loads_or_skips():
    for depth in (500, 5_000, 50_000):
        page = "<html><body>" + "<div>" * depth + "Deep text said the mayor. " * 20
        check_loaded("deep.html", (page + "</div>" * depth + "</body></html>").encode())
        check_loaded("deep-unclosed.html", page.encode())
    check_loaded("deep-json.html", b"<html><head><script type='application/ld+json'>"
                 + b"[" * 100_000 + b"</script></head><body><p>Text.</p></body></html>")


def test_gigantic_lines_and_nul_bytes_load_or_skip():
    line = b"word " * 400_000  # 2 MB without a newline
    assert check_loaded("long.txt", line)
    check_loaded("long.html", b"<html><body><p>" + line + b"</p></body></html>")
    check_loaded("long.jsonl", json.dumps({"text": line.decode()}).encode())
    check_loaded("long.csv", b"text\n\"" + line + b"\"")
    check_loaded("long.csv", b"text\n\"" + line)  # unterminated quoted field
    for name in ("nul.txt", "nul.html", "nul.jsonl", "nul.csv", "nul.warc"):
        items = check_loaded(name, b"\x00" * 10_000)
        assert items and all(isinstance(i, Skip) for i in items)
        check_loaded(name, SEEDS.get(name.replace("nul", "rows"), PAGE).replace(b" ", b"\x00"))


def test_wrong_and_mixed_encodings_load_or_skip():
    text = "Zoë said “no” to the café’s plan — 東京. "
    for encoding in ("utf-16", "utf-16-le", "utf-32", "cp1252", "shift_jis", "koi8-r"):
        data = text.encode(encoding, errors="replace") * 20
        check_loaded("enc.txt", data)
        check_loaded("enc.html", b"<meta charset='utf-8'><p>" + data + b"</p>")
        check_loaded("enc.html", b"<meta charset='no-such-codec'><p>" + data + b"</p>")
        check_loaded("enc.csv", b"text\n" + data)
        check_loaded("enc.jsonl", b'{"text": "' + data + b'"}')
    check_loaded("mixed.txt", text.encode("utf-8") + text.encode("cp1252", errors="replace"))


def test_gzip_bomb_is_refused_with_one_reason():
    bomb = gzip.compress(b"\x00" * (8 << 20))
    items = check_loaded("bomb.txt.gz", bomb, LoadOptions(max_bytes=1 << 20))
    assert len(items) == 1 and isinstance(items[0], Skip)
    assert "limit" in items[0].reason


# --- archives ---------------------------------------------------------------------------------


def hostile_zip(outside: Path) -> bytes:
    """A zip with traversal, absolute, symlink and oversized members beside one good article."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("good.txt", SEEDS["note.txt"])
        z.writestr("../escaped.txt", SEEDS["note.txt"])
        z.writestr("a/../../escaped2.txt", SEEDS["note.txt"])
        z.writestr(str(outside / "absolute.txt"), SEEDS["note.txt"])
        z.writestr("C:\\windows\\evil.txt", SEEDS["note.txt"])
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, str(outside / "target.txt"))
        z.writestr("bomb.txt", b"\x00" * (6 << 20))
    return buf.getvalue()


def hostile_tar(outside: Path) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        def add(name: str, payload: bytes = SEEDS["note.txt"], **attrs) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            for key, value in attrs.items():
                setattr(info, key, value)
            t.addfile(info, io.BytesIO(payload) if info.isreg() else None)

        add("good.txt")
        add("../escaped.txt")
        add(str(outside / "absolute.txt"))
        add("sym.txt", b"", type=tarfile.SYMTYPE, linkname=str(outside / "target.txt"))
        add("hard.txt", b"", type=tarfile.LNKTYPE, linkname="good.txt")
        add("dev.txt", b"", type=tarfile.CHRTYPE)
        add("bomb.txt", b"\x00" * (6 << 20))
    return buf.getvalue()


def nested_zip_bomb(levels: int) -> bytes:
    data = b"\x00" * (2 << 20)
    name = "inner.txt"
    for level in range(levels):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for copy in range(8):
                z.writestr(f"{copy}-{name}", data)
        data, name = buf.getvalue(), f"level{level}.zip"
    return data


def snapshot(root: Path, skip: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and skip not in p.parents}


def test_hostile_archives_write_nothing_outside_the_data_folder(tmp_path, monkeypatch, capsys):
    outside = tmp_path / "outside"  # the sentinel: relative escapes from cwd land here
    cwd = outside / "deep" / "er"
    cwd.mkdir(parents=True)
    (outside / "target.txt").write_text("secret target", encoding="utf-8")
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "hostile.zip").write_bytes(hostile_zip(outside))
    (inputs / "hostile.tar.gz").write_bytes(hostile_tar(outside))
    (inputs / "nested.zip").write_bytes(nested_zip_bomb(5))
    data = tmp_path / "data"
    before = snapshot(tmp_path, data)
    monkeypatch.chdir(cwd)
    status = main(["--data", str(data), "ingest", str(inputs), "--max-bytes", str(1 << 20),
                   "--no-quotes", "--no-vectors", "--json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert snapshot(tmp_path, data) == before, "nothing outside the data folder changed"
    report = json.loads(captured.out)
    assert report["added"] == 1 and report["duplicates"] == 1  # the good member, twice
    reasons = {s["input"].rsplit("!", 1)[-1]: s["reason"] for s in report["skipped"]}
    for member in ("../escaped.txt", "a/../../escaped2.txt", str(outside / "absolute.txt"),
                   "C:\\windows\\evil.txt", "link.txt", "sym.txt", "hard.txt", "dev.txt",
                   "bomb.txt"):
        assert member in reasons, member
    assert all(r and "\n" not in r for r in reasons.values())
    lines = [ln for ln in captured.err.splitlines() if ln.startswith("skipped ")]
    assert len(lines) == len(report["skipped"])
    assert any("nested.zip" in s["input"] for s in report["skipped"])
    written = [p for p in data.rglob("*") if p.is_file() and "escaped" in p.name]
    assert written == []


@functools.cache
def archive_seed(kind: str) -> bytes:
    outside = Path("/nonexistent/outside")
    return hostile_zip(outside) if kind == "zip" else hostile_tar(outside)


@seed(9)
@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.sampled_from(["zip", "tar"]).flatmap(
    lambda kind: st.tuples(st.just(kind), mutated(archive_seed(kind)))))
def test_mutated_archives_load_or_skip(case):
    kind, data = case
    name = "fuzz.zip" if kind == "zip" else "fuzz.tar.gz"
    check_loaded(name, data, LoadOptions(max_bytes=1 << 20))
