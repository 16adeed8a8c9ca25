"""Archive loader: zip and tar members loaded in memory; hostile archives refused with reasons."""

from __future__ import annotations

import io
import json
import stat
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from indexer.loaders import load_path
from indexer.loaders.archives import (
    ArchiveLimits,
    is_ignored_member,
    iter_archive,
    load_archive,
    unsafe_member_reason,
)
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc


def _jsonl(*texts: str) -> bytes:
    return "".join(json.dumps({"title": t.split()[0], "text": t}) + "\n" for t in texts).encode()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _tar(members: list[tarfile.TarInfo | tuple[str, bytes]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tf.addfile(member)
                continue
            name, data = member
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _special(name: str, kind: bytes, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, SourceDoc)],
            {i.origin: i.reason for i in items if isinstance(i, Skip)})


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch) -> Path:
    """Run in an empty directory, so a test can show that nothing was extracted."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_zip_members_are_loaded_in_archive_order_with_nested_origins():
    data = _zip({
        "b/second.jsonl": _jsonl("Second record", "Third record"),
        "a/first.txt": b"First Title\n\nFirst body text.\n",
        "__MACOSX/a/._first.txt": b"\x00\x05resource fork",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "a/": b"",
        "img/photo.png": b"\x89PNG\r\n\x1a\n",
    })
    docs, skips = _split(load_archive(data, "in.zip", LoadOptions()))
    assert [d.origin for d in docs] == ["in.zip!b/second.jsonl#L1", "in.zip!b/second.jsonl#L2",
                                        "in.zip!a/first.txt"]
    assert docs[0].body == "Second record" and "First body text." in docs[2].body
    assert skips == {"in.zip!img/photo.png": "unknown file type .png"}


def test_tar_gz_through_load_path_and_nested_archive(tmp_path):
    inner = _zip({"deep.jsonl": _jsonl("Deep record")})
    data = _tar([("one.jsonl", _jsonl("Tar record")), ("nested/inner.zip", inner)])
    path = tmp_path / "bundle.tar.gz"
    path.write_bytes(data)
    docs, skips = _split(load_path(path, LoadOptions()))
    assert skips == {}
    assert [(d.origin, d.body) for d in docs] == [
        (f"{path}!one.jsonl#L1", "Tar record"),
        (f"{path}!nested/inner.zip!deep.jsonl#L1", "Deep record"),
    ]


@pytest.mark.parametrize("mode", ["w", "w:bz2", "w:xz"])
def test_other_tar_compressions(mode):
    docs, _ = _split(load_archive(_tar([("a.jsonl", _jsonl("Plain"))], mode), "a.tar",
                                  LoadOptions()))
    assert [d.body for d in docs] == ["Plain"]


def test_nesting_deeper_than_the_limit_is_refused():
    level2 = _zip({"x.jsonl": _jsonl("Too deep")})
    level1 = _zip({"l2.zip": level2})
    limits = ArchiveLimits(member_bytes=10**6, total_bytes=10**7, max_depth=2)
    docs, skips = _split(iter_archive(_zip({"l1.zip": level1}), "top.zip", LoadOptions(), limits))
    assert docs == []
    assert "nested more than 2 deep" in skips["top.zip!l1.zip!l2.zip"]


def test_path_traversal_and_absolute_members_are_refused_and_nothing_is_written(empty_cwd):
    zdata = _zip({"../evil.txt": b"pwned\n", "/etc/passwd": b"root:x:0:0\n",
                  "ok.jsonl": _jsonl("Safe record")})
    tdata = _tar([("../../evil.txt", b"pwned\n"), ("/etc/passwd", b"root:x:0:0\n"),
                  ("ok.jsonl", _jsonl("Safe tar record"))])
    zdocs, zskips = _split(load_archive(zdata, "z.zip", LoadOptions()))
    tdocs, tskips = _split(load_archive(tdata, "t.tar.gz", LoadOptions()))
    assert [d.body for d in zdocs + tdocs] == ["Safe record", "Safe tar record"]
    assert zskips["z.zip!../evil.txt"] == "unsafe path (..)"
    assert tskips["t.tar.gz!../../evil.txt"] == "unsafe path (..)"
    assert zskips["z.zip!/etc/passwd"] == "unsafe path (absolute)"
    assert tskips["t.tar.gz!/etc/passwd"] == "unsafe path (absolute)"
    assert list(empty_cwd.iterdir()) == []
    assert not (empty_cwd.parent / "evil.txt").exists()


def test_links_and_devices_are_refused_never_followed():
    tdata = _tar([
        _special("link.txt", tarfile.SYMTYPE, "/etc/passwd"),
        _special("hard.txt", tarfile.LNKTYPE, "ok.jsonl"),
        _special("dev.txt", tarfile.CHRTYPE),
        _special("fifo.txt", tarfile.FIFOTYPE),
        ("ok.jsonl", _jsonl("Real file")),
    ])
    docs, skips = _split(load_archive(tdata, "t.tar.gz", LoadOptions()))
    assert [d.body for d in docs] == ["Real file"]
    assert skips["t.tar.gz!link.txt"] == "symbolic link not followed"
    assert skips["t.tar.gz!hard.txt"] == "hard link not followed"
    assert "not a regular file" in skips["t.tar.gz!dev.txt"]
    assert "not a regular file" in skips["t.tar.gz!fifo.txt"]

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        link = zipfile.ZipInfo("zlink.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    _, zskips = _split(load_archive(buf.getvalue(), "l.zip", LoadOptions()))
    assert zskips == {"l.zip!zlink.txt": "symbolic link not followed"}


def test_zip_bomb_member_is_refused_and_the_rest_loads():
    data = _zip({"bomb.txt": bytes(100 * 1024 * 1024), "fine.jsonl": _jsonl("Fine record")})
    assert len(data) < 1024 * 1024  # it really is a bomb: 100 MiB of zeros, compressed
    docs, skips = _split(load_archive(data, "bomb.zip", LoadOptions(max_bytes=1_000_000)))
    assert [d.body for d in docs] == ["Fine record"]
    assert "over the member limit of 1000000 bytes" in skips["bomb.zip!bomb.txt"]


def test_zip_member_whose_header_understates_its_size_is_not_trusted():
    payload = bytes(5_000_000)
    data = bytearray(_zip({"liar.txt": payload}))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, 1000)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, 1000)  # uncompressed size, central directory
    docs, skips = _split(load_archive(bytes(data), "liar.zip", LoadOptions(max_bytes=100_000)))
    assert docs == []
    assert "corrupt" in skips["liar.zip!liar.txt"]


def test_tar_bomb_member_is_refused_by_size():
    data = _tar([("big.txt", bytes(20_000_000)), ("small.jsonl", _jsonl("Small"))])
    docs, skips = _split(load_archive(data, "b.tar.gz", LoadOptions(max_bytes=1_000_000)))
    assert [d.body for d in docs] == ["Small"]
    assert "over the member limit" in skips["b.tar.gz!big.txt"]


def test_total_output_and_member_count_caps_stop_the_archive():
    members = {f"m{i}.jsonl": _jsonl(f"Record {i} " + "x" * 300) for i in range(10)}
    limits = ArchiveLimits(member_bytes=10_000, total_bytes=1_500)
    docs, skips = _split(iter_archive(_zip(members), "many.zip", LoadOptions(), limits))
    assert 1 <= len(docs) < 10
    assert "decompressed output over 1500 bytes" in skips["many.zip"]

    limits = ArchiveLimits(member_bytes=10_000, total_bytes=10**6, max_members=3)
    tdata = _tar(list(members.items()))
    docs, skips = _split(iter_archive(tdata, "many.tar.gz", LoadOptions(), limits))
    assert len(docs) == 3
    assert "more than 3 members" in skips["many.tar.gz"]


def test_truncated_tar_gz_keeps_what_was_read():
    members = [(f"d{i}.jsonl", _jsonl(f"Document {i} " + "lorem ipsum " * 500)) for i in range(6)]
    data = _tar(members)
    docs, skips = _split(load_archive(data[: len(data) * 2 // 3], "cut.tar.gz", LoadOptions()))
    assert 1 <= len(docs) < 6
    assert [d.origin for d in docs] == [f"cut.tar.gz!d{i}.jsonl#L1" for i in range(len(docs))]
    assert any("truncated" in reason for reason in skips.values())


def test_corrupt_archives_become_skips():
    _, zskips = _split(load_archive(b"PK\x03\x04" + b"garbage" * 20, "bad.zip", LoadOptions()))
    _, tskips = _split(load_archive(b"not an archive at all" * 30, "bad.tar", LoadOptions()))
    assert "corrupt zip" in zskips["bad.zip"]
    assert "not a readable archive" in tskips["bad.tar"]


def test_member_name_checks():
    assert unsafe_member_reason("a/../../b") == "unsafe path (..)"
    assert unsafe_member_reason("..\\windows\\x.txt") == "unsafe path (..)"
    assert unsafe_member_reason("C:/x.txt") == "unsafe path (absolute)"
    assert unsafe_member_reason("a/b..c/d.txt") is None
    assert is_ignored_member("__MACOSX/a/._x.txt") and is_ignored_member("a/.hidden/x.txt")
    assert not is_ignored_member("a/x.txt")
