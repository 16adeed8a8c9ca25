"""Crash safety: ingest killed with SIGKILL mid-way, resumed, repaired; read-only and full disks.

Ingest runs as a real subprocess (``python -m indexer``) over a generated folder of small
articles in small batches, and is killed once the store holds a chosen number of articles, so
every kill lands mid-run.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.consistency import check_consistency, open_vectors
from indexer.keyword_index import KeywordIndex, passage_document

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 120
COPIES = 6  # exact duplicates among the files: stored and linked, no passages of their own
SEED = 20240611
WORDS = (
    "council budget police river school county bridge election housing transit court water "
    "library museum grant tax permit hospital union strike contract audit report lawsuit "
    "senator governor mayor sheriff prosecutor judge nurse teacher farmer officer witness "
    "announced approved rejected delayed expanded reviewed funded opened closed said warned "
    "residents voters students workers families drivers tenants owners patients inspectors "
    "downtown northern eastern rural coastal federal regional municipal annual emergency"
).split()


def write_corpus(folder: Path, count: int, seed: int, prefix: str = "a") -> list[Path]:
    """``count`` distinct articles (three paragraphs of random words) plus ``COPIES`` exact
    copies of some of them."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))).capitalize() + "."
            for _ in range(3)
        ]
        path = folder / f"{prefix}{n:04d}.txt"
        path.write_text(f"{title} {prefix}{n}\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        files.append(path)
    for n in range(COPIES):
        copy = folder / f"{prefix}copy{n}.txt"
        shutil.copyfile(files[n * 7 % count], copy)
        files.append(copy)
    return files


def ingest_command(data: Path, folder: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "indexer", "--data", str(data), "ingest", str(folder),
            "--no-quotes", "--json", *extra]


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ONRECORD_DEBUG"}
    env["PYTHONPATH"] = str(REPO)
    return env


def stored_articles(data: Path) -> int:
    """Articles committed to the store so far (0 while it does not exist or is busy)."""
    path = data / "store.sqlite3"
    if not path.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_after(proc: subprocess.Popen, data: Path, target: int, delay: float) -> bool:
    """SIGKILL ``proc`` ``delay`` seconds after the store first holds ``target`` articles;
    False if it finished first."""
    deadline = time.monotonic() + 240
    while stored_articles(data) < target:
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    time.sleep(delay)
    if proc.poll() is not None:
        return False
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return True


def run_ingest(data: Path, folder: Path, *extra: str) -> dict:
    done = subprocess.run(ingest_command(data, folder, *extra), capture_output=True, text=True,
                          env=child_env(), cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def assert_settled_state_sound(data: Path) -> None:
    """What must hold right after a kill: the store opens whole, no article is half-present,
    and the indexes disagree only about articles left marked unindexed."""
    report = check_consistency(data)
    assert report.integrity == "ok"
    assert report.half_present == [] and report.bad_offsets == []
    assert report.keyword_extra == [] and report.keyword_missing == []
    assert report.keyword_repeated == []
    assert report.vectors_extra == [] and report.vectors_missing == []


@pytest.fixture(scope="module")
def killed_and_resumed(tmp_path_factory) -> dict:
    """Ingest killed four times at random points, then rerun to completion."""
    root = tmp_path_factory.mktemp("crash")
    data, folder = root / "data", root / "in"
    files = write_corpus(folder, ARTICLES, SEED)
    rng = random.Random(SEED)
    total = len(files)
    kills = []
    for fraction in (0.15, 0.35, 0.55, 0.75):
        target = int(total * fraction) + rng.randint(0, 5)
        proc = subprocess.Popen(ingest_command(data, folder, "--batch-size", "5"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env=child_env(), cwd=REPO)
        if kill_after(proc, data, target, rng.uniform(0.0, 1.0)):
            kills.append(stored_articles(data))
            assert_settled_state_sound(data)
    first = run_ingest(data, folder, "--batch-size", "5")
    again = run_ingest(data, folder, "--no-vectors")
    return {"data": data, "files": files, "kills": kills, "first": first, "again": again}


def test_kills_land_mid_way_and_leave_a_sound_store(killed_and_resumed):
    kills, total = killed_and_resumed["kills"], len(killed_and_resumed["files"])
    mid_way = [stored for stored in kills if 0 < stored < total]
    assert len(mid_way) >= 3, f"most kills should land while articles are being stored: {kills}"


def test_rerun_completes_with_every_article_exactly_once(killed_and_resumed):
    data, files = killed_and_resumed["data"], killed_and_resumed["files"]
    report = check_consistency(data)
    assert report.ok, report.problems()
    assert report.vectors_checked
    assert report.articles == len(files)
    conn = sqlite3.connect(data / "store.sqlite3")
    try:
        origins = [r[0] for r in conn.execute("SELECT origin FROM articles")]
        duplicates = conn.execute("SELECT COUNT(*) FROM duplicates").fetchone()[0]
    finally:
        conn.close()
    assert sorted(Path(o).name for o in origins) == sorted(f.name for f in files)
    assert duplicates == COPIES
    assert report.passages >= 3 * (len(files) - COPIES) // 2


def test_rerun_skips_what_was_stored_before_the_kill(killed_and_resumed):
    first, kills = killed_and_resumed["first"], killed_and_resumed["kills"]
    total = len(killed_and_resumed["files"])
    assert first["unchanged"] >= kills[-1], "articles stored before the last kill are skipped"
    assert first["added"] + first["duplicates"] + first["unchanged"] == total
    assert first["skipped"] == []


def test_second_complete_run_changes_nothing(killed_and_resumed):
    again = killed_and_resumed["again"]
    assert (again["added"], again["updated"], again["duplicates"]) == (0, 0, 0)
    assert again["unchanged"] == len(killed_and_resumed["files"])


def test_resumed_ingest_continues_from_where_it_was_killed(tmp_path):
    """Killed at about 60%, the rerun adds only the rest and leaves stored articles alone."""
    data, folder = tmp_path / "data", tmp_path / "in"
    files = write_corpus(folder, 120, SEED + 1)
    proc = subprocess.Popen(ingest_command(data, folder, "--batch-size", "5", "--no-vectors"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env(), cwd=REPO)
    assert kill_after(proc, data, int(len(files) * 0.6), 0.0)
    conn = sqlite3.connect(data / "store.sqlite3")
    before = dict(conn.execute("SELECT id, ingested_at FROM articles"))
    conn.close()
    report = run_ingest(data, folder, "--no-vectors")
    assert report["unchanged"] == len(before)
    assert report["added"] + report["duplicates"] == len(files) - len(before)
    conn = sqlite3.connect(data / "store.sqlite3")
    after = dict(conn.execute("SELECT id, ingested_at FROM articles"))
    conn.close()
    assert {k: after[k] for k in before} == before, "stored articles were not rewritten"
    assert check_consistency(data).ok


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child} | descendants(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_worker_processes_exit_when_ingest_is_killed(tmp_path):
    """A SIGKILLed ingest leaves no orphaned quote or index worker behind."""
    data, folder = tmp_path / "data", tmp_path / "in"
    files = write_corpus(folder, 120, SEED + 2)
    proc = subprocess.Popen(ingest_command(data, folder, "--batch-size", "5", "--no-vectors"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=child_env(), cwd=REPO)
    deadline = time.monotonic() + 240
    workers: set[int] = set()
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = descendants(proc.pid)
        time.sleep(0.05)
    assert workers, "ingest forks a worker for quotes and signatures"
    assert stored_articles(data) < len(files)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "workers outlived the killed ingest"


def test_index_drift_is_detected_and_repaired_by_the_next_ingest(cli, tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 12, SEED + 2)
    assert cli("ingest", str(folder), "--no-quotes").status == 0
    assert check_consistency(cli.data).ok
    conn = sqlite3.connect(cli.data / "store.sqlite3")
    lost = [r[0] for r in conn.execute("SELECT id FROM passages ORDER BY id LIMIT 3")]
    conn.close()
    victims, other = lost[:2], lost[2]
    keyword = KeywordIndex.open(cli.data)
    with keyword.writer() as w:  # lose two passages, add one whose passage never existed
        for victim in victims:
            w.delete_by_term("passage_id", victim)
        w.add_document(**passage_document("ghost:0", "ghost", "phantom text", "Ghost", None,
                                          None))
    keyword.close()
    vectors = open_vectors(cli.data)
    vectors.delete([other])
    vectors.commit()
    report = check_consistency(cli.data)
    assert report.keyword_missing == victims and report.keyword_extra == ["ghost:0"]
    assert report.vectors_missing == [other]
    assert cli("ingest", str(folder), "--no-quotes").status == 0
    assert check_consistency(cli.data).ok
    assert cli("search", "phantom", "--mode", "keyword", "--json").json()["total"] == 0


def test_reindex_killed_part_way_is_repaired(tmp_path):
    data, folder = tmp_path / "data", tmp_path / "in"
    write_corpus(folder, 30, SEED + 3)
    run_ingest(data, folder, "--no-vectors")
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "--data", str(data), "reindex", "--no-vectors"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), cwd=REPO)
    time.sleep(random.Random(SEED).uniform(0.5, 1.5))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert check_consistency(data).integrity == "ok"
    run_ingest(data, folder, "--no-vectors")
    report = check_consistency(data)
    assert report.ok, report.problems()
    assert report.articles == 30 + COPIES


def _store_snapshot(data: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{data / 'store.sqlite3'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, content_hash, indexed FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()


def _without_root_override() -> None:
    """Make the child honour file permissions even as root, by dropping CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from its capability bounding set (so they are gone after exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_read_only_data_folder_gives_one_line_error_and_changes_nothing(tmp_path):
    data, folder, more = tmp_path / "data", tmp_path / "in", tmp_path / "more"
    write_corpus(folder, 10, SEED + 4)
    write_corpus(more, 10, SEED + 5, prefix="b")
    run_ingest(data, folder, "--no-vectors")
    before = _store_snapshot(data)
    files = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    for path in [*data.rglob("*"), data]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        done = subprocess.run(
            ingest_command(data, more, "--no-vectors"), capture_output=True, text=True,
            env=child_env(), cwd=REPO, timeout=120,
            preexec_fn=_without_root_override if os.geteuid() == 0 else None,
        )
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onrecord: error:"), done.stderr
    assert _store_snapshot(data) == before
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == files


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_gives_one_line_error_and_leaves_the_store_as_it_was(tmp_path):
    data, folder, more = tmp_path / "data", tmp_path / "in", tmp_path / "more"
    write_corpus(folder, 10, SEED + 6)
    write_corpus(more, 300, SEED + 7, prefix="b")
    run_ingest(data, folder, "--no-vectors")
    before = _store_snapshot(data)
    done = subprocess.run(
        ingest_command(data, more, "--no-vectors"), capture_output=True, text=True,
        env=child_env(), cwd=REPO, timeout=120, preexec_fn=_limit_file_size(256 * 1024),
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onrecord: error:"), done.stderr
    assert _store_snapshot(data) == before
    report = check_consistency(data)
    assert report.ok, report.problems()
