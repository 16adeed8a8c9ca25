"""VectorIndex: persistence, staging, deletions, merges, filtered search, crash safety."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from indexer.vectors import MANIFEST, VectorIndex, VectorIndexError, plan_merges

DIM = 16


def unit_rows(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def brute_force(ids: list[str], vectors: np.ndarray, query: np.ndarray, k: int) -> list[str]:
    """Exact top-k by cosine over the float16-rounded vectors, as the index stores them."""
    scores = vectors.astype(np.float16).astype(np.float32) @ query
    return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]


def build(directory, n: int = 200, seed: int = 0) -> tuple[VectorIndex, list[str], np.ndarray]:
    ids = [f"doc{i // 5}:{i % 5}" for i in range(n)]
    vectors = unit_rows(n, seed)
    index = VectorIndex.open(directory, DIM)
    index.add(ids, vectors)
    index.commit()
    return index, ids, vectors


def test_the_manifest_records_the_model_and_refuses_another(tmp_path):
    directory = tmp_path / "vectors"
    index = VectorIndex.open(directory, DIM, model="mini@aaa")
    index.add(["a:0"], unit_rows(1, 0))
    index.commit()
    assert json.loads((directory / MANIFEST).read_text())["model"] == "mini@aaa"
    assert len(VectorIndex.open(directory, DIM, model="mini@aaa")) == 1
    assert len(VectorIndex.open(directory, DIM)) == 1  # no model named: no check (stats, repair)
    with pytest.raises(VectorIndexError, match="made by embedding model mini@aaa, not other@bbb"):
        VectorIndex.open(directory, DIM, model="other@bbb")
    rebuilt = VectorIndex.open(directory, DIM, model="other@bbb", replace_model=True)
    rebuilt.clear()
    rebuilt.add(["a:0"], unit_rows(1, 1))
    rebuilt.commit()
    assert VectorIndex.open(directory, DIM, model="other@bbb").recorded_model == "other@bbb"


def test_an_index_without_a_recorded_model_adopts_the_first_committer(tmp_path):
    directory = tmp_path / "vectors"
    build(directory, n=10)  # committed with no model named, as indexes before it was recorded
    index = VectorIndex.open(directory, DIM, model="mini@aaa")
    assert index.recorded_model is None and len(index) == 10
    index.delete(["doc0:0"])
    index.commit()
    assert VectorIndex.open(directory, DIM).recorded_model == "mini@aaa"


def test_round_trip_search_and_reopen(tmp_path):
    index, ids, vectors = build(tmp_path / "vectors")
    query = vectors[7] + 0.05 * vectors[3]
    query /= np.linalg.norm(query)

    hits = index.search(query, 10)
    assert [i for i, _ in hits] == brute_force(ids, vectors, query, 10)
    assert hits[0][0] == ids[7]
    assert all(a[1] >= b[1] for a, b in zip(hits, hits[1:], strict=False))

    reopened = VectorIndex.open(tmp_path / "vectors", DIM)
    assert reopened.generation == 1
    assert len(reopened) == len(ids)
    assert reopened.ids() == ids
    assert reopened.has("doc1:2") and not reopened.has("nope")
    assert reopened.search(query, 10) == hits
    np.testing.assert_allclose(reopened.vector(ids[7]), vectors[7], atol=1e-3)


def test_staged_changes_are_invisible_until_commit(tmp_path):
    index = VectorIndex.open(tmp_path, DIM)
    index.add(["a"], unit_rows(1))
    assert index.dirty and len(index) == 0 and index.search(unit_rows(1)[0], 3) == []
    index.rollback()
    index.commit()
    assert not (tmp_path / MANIFEST).exists()


def test_add_replaces_existing_id(tmp_path):
    index, ids, vectors = build(tmp_path)
    replacement = -vectors[0:1]
    index.add([ids[0]], replacement)
    index.commit()

    assert len(index) == len(ids)
    assert index.ids().count(ids[0]) == 1
    assert index.search(replacement[0], 1)[0][0] == ids[0]
    assert index.search(vectors[0], len(ids))[-1][0] == ids[0]


def test_delete_is_honoured_after_reopen(tmp_path):
    index, ids, vectors = build(tmp_path)
    index.delete([ids[7], "never-added"])
    index.commit()

    reopened = VectorIndex.open(tmp_path, DIM)
    assert not reopened.has(ids[7])
    assert len(reopened) == len(ids) - 1
    found = [i for i, _ in reopened.search(vectors[7], 5)]
    assert ids[7] not in found
    remaining = [i for i in ids if i != ids[7]]
    assert found == brute_force(remaining, np.delete(vectors, 7, axis=0), vectors[7], 5)


def test_delete_of_staged_add_cancels_it(tmp_path):
    index, ids, _ = build(tmp_path, n=10)
    index.add(["new:0"], unit_rows(1, seed=9))
    index.delete(["new:0"])
    index.commit()
    assert not index.has("new:0") and len(index) == len(ids)


@pytest.mark.parametrize("as_mask", [False, True])
def test_filtered_search_is_not_short_when_allowed_rows_are_far(tmp_path, as_mask):
    index, ids, vectors = build(tmp_path, n=500)
    query = vectors[0]
    farthest = brute_force(ids, -vectors, query, 6)  # the six least similar rows
    allowed = set(farthest)
    if as_mask:
        allowed = np.array([i in allowed for i in index.ids()])

    hits = index.search(query, 5, allowed=allowed)
    assert len(hits) == 5
    assert {i for i, _ in hits} <= set(farthest)
    assert [i for i, _ in hits] == brute_force(farthest, vectors[[ids.index(i) for i in farthest]],
                                               query, 5)


def test_filtered_search_over_most_rows_matches_brute_force(tmp_path):
    index, ids, vectors = build(tmp_path, n=400)
    allowed_positions = list(range(0, 400, 2))
    allowed = {ids[i] for i in allowed_positions}
    query = vectors[1]

    hits = [i for i, _ in index.search(query, 20, allowed=allowed)]
    assert hits == brute_force([ids[i] for i in allowed_positions], vectors[allowed_positions],
                               query, 20)


def test_filter_allowing_fewer_than_k_returns_only_those(tmp_path):
    index, ids, vectors = build(tmp_path, n=50)
    index.delete([ids[2]])
    index.commit()
    hits = index.search(vectors[0], 10, allowed={ids[1], ids[2], "unknown"})
    assert [i for i, _ in hits] == [ids[1]]
    assert index.search(vectors[0], 10, allowed=set()) == []


def test_similar_excludes_the_id_itself(tmp_path):
    index, ids, vectors = build(tmp_path)
    hits = index.similar(ids[4], 5)
    assert len(hits) == 5 and ids[4] not in [i for i, _ in hits]
    assert [i for i, _ in hits] == brute_force(ids, vectors, vectors[4], 6)[1:]
    assert index.similar("absent", 5) == []


def test_reader_sees_writer_commit_after_reload(tmp_path):
    writer, ids, vectors = build(tmp_path, n=20)
    reader = VectorIndex.open(tmp_path, DIM)
    assert reader.reload_if_changed() is False

    writer.add(["late:0"], unit_rows(1, seed=5))
    writer.delete([ids[0]])
    writer.commit()
    assert not reader.has("late:0")
    assert reader.reload_if_changed() is True
    assert reader.has("late:0") and not reader.has(ids[0])
    assert reader.generation == writer.generation == 2


def test_second_writer_cannot_commit_over_unseen_generation(tmp_path):
    first, ids, _ = build(tmp_path, n=10)
    second = VectorIndex.open(tmp_path, DIM)
    first.delete([ids[0]])
    first.commit()
    second.delete([ids[1]])
    with pytest.raises(VectorIndexError, match="another writer"):
        second.commit()
    assert VectorIndex.open(tmp_path, DIM).has(ids[1])


def test_crash_before_manifest_replace_leaves_previous_generation(tmp_path, monkeypatch):
    index, ids, vectors = build(tmp_path, n=30)
    before = sorted(p.name for p in tmp_path.iterdir())
    real_replace = os.replace

    def crash_at_manifest(src, dst):
        if os.fspath(dst).endswith(MANIFEST):
            raise OSError("simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_at_manifest)
    index.delete(ids[:10])
    index.add(["new:0"], unit_rows(1, seed=3))
    with pytest.raises(OSError, match="simulated crash"):
        index.commit()
    monkeypatch.undo()

    written = sorted(p.name for p in tmp_path.iterdir())
    assert set(written) > set(before)  # the new generation's files did reach the disk
    survivor = VectorIndex.open(tmp_path, DIM)
    assert survivor.generation == 1
    assert survivor.ids() == ids and not survivor.has("new:0")
    assert [i for i, _ in survivor.search(vectors[0], 3)] == brute_force(ids, vectors, vectors[0], 3)

    survivor.add(["new:1"], unit_rows(1, seed=4))
    survivor.commit()
    assert survivor.generation == 2 and survivor.has("new:1")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_many_small_commits_merge_into_few_segments(tmp_path):
    index = VectorIndex.open(tmp_path, DIM)
    all_ids, all_vectors = [], []
    for batch in range(40):
        ids = [f"b{batch}:{i}" for i in range(10)]
        vectors = unit_rows(10, seed=100 + batch)
        index.add(ids, vectors)
        index.commit()
        all_ids += ids
        all_vectors.append(vectors)
    vectors = np.concatenate(all_vectors)

    segments = [p for p in tmp_path.iterdir() if p.name.endswith(".vec.npy")]
    assert len(segments) <= 5
    assert sorted(index.ids()) == sorted(all_ids)
    reopened = VectorIndex.open(tmp_path, DIM)
    assert [i for i, _ in reopened.search(vectors[123], 7)] == brute_force(
        all_ids, vectors, vectors[123], 7
    )


def test_heavy_deletion_compacts_away_tombstones(tmp_path):
    index, ids, vectors = build(tmp_path, n=100)
    index.delete(ids[:10])
    index.commit()
    assert any(".del-" in p.name for p in tmp_path.iterdir())

    index.delete(ids[10:40])
    index.commit()
    names = [p.name for p in tmp_path.iterdir()]
    assert not any(".del-" in name for name in names)
    assert len([n for n in names if n.endswith(".vec.npy")]) == 1
    reopened = VectorIndex.open(tmp_path, DIM)
    assert reopened.ids() == ids[40:]
    assert [i for i, _ in reopened.search(vectors[50], 5)] == brute_force(
        ids[40:], vectors[40:], vectors[50], 5
    )


def test_reader_keeps_working_after_writer_removes_its_files(tmp_path):
    writer, ids, vectors = build(tmp_path, n=60)
    reader = VectorIndex.open(tmp_path, DIM)
    expected = reader.search(vectors[5], 4)
    writer.delete(ids[:30])
    writer.commit()  # compaction rewrites and unlinks the generation the reader mapped
    assert reader.search(vectors[5], 4) == expected
    reader.reload_if_changed()
    assert len(reader) == 30


def test_clear_then_add_rebuilds_from_scratch(tmp_path):
    index, ids, _ = build(tmp_path, n=50)
    index.clear()
    index.add(["fresh:0", "fresh:1"], unit_rows(2, seed=7))
    index.commit()
    reopened = VectorIndex.open(tmp_path, DIM)
    assert reopened.ids() == ["fresh:0", "fresh:1"]
    assert len([p for p in tmp_path.iterdir() if p.name.endswith(".npy")]) == 2


def test_bad_input_is_refused_with_reasons(tmp_path):
    index, ids, _ = build(tmp_path, n=10)
    with pytest.raises(VectorIndexError, match="dimension 16"):
        VectorIndex.open(tmp_path, 384)
    with pytest.raises(ValueError, match="dimension"):
        index.add(["x"], np.ones((1, DIM + 1)))
    with pytest.raises(ValueError, match="NaN"):
        index.add(["x"], np.full((1, DIM), np.nan))
    with pytest.raises(ValueError, match="mask"):
        index.search(unit_rows(1)[0], 3, allowed=np.ones(3, dtype=bool))
    (tmp_path / MANIFEST).write_text("{not json")
    with pytest.raises(VectorIndexError, match="unreadable manifest"):
        VectorIndex.open(tmp_path, DIM)


def test_plan_merges_keeps_sizes_geometric():
    assert plan_merges([1000, 10]) == 0
    assert plan_merges([10000, 300, 100]) == 2
    assert plan_merges([1000, 300, 100]) == 3
    assert plan_merges([40, 10, 10]) == 3
    assert plan_merges([]) == 0


def test_damaged_segment_file_is_a_one_line_error(tmp_path):
    build(tmp_path, n=20)
    segment = next(p for p in tmp_path.iterdir() if p.name.endswith(".vec.npy"))
    segment.write_bytes(segment.read_bytes()[:100])
    with pytest.raises(VectorIndexError, match=segment.name) as caught:
        VectorIndex.open(tmp_path, DIM)
    assert "\n" not in str(caught.value)


def test_a_search_service_keeps_blas_on_the_calling_thread(contract_data):
    from threadpoolctl import threadpool_info

    from indexer.search import SearchService

    service = SearchService.open(contract_data)
    try:
        service.search("stadium lease", mode="semantic", limit=3)
        numpys = [pool for pool in threadpool_info() if pool["user_api"] == "blas"
                  and "numpy" in pool["filepath"]]  # not a BLAS another package loads later
        assert numpys and all(pool["num_threads"] == 1 for pool in numpys)
    finally:
        service.close()


def test_group_norms_are_the_lengths_of_each_groups_summed_vectors(tmp_path):
    index = VectorIndex.open(tmp_path, DIM)
    ids = []
    for batch in range(3):  # three segments; each group in several, and twice apart in one
        batch_ids = [f"a{(batch + i) % 4}:{batch}{i}" for i in range(5)]
        index.add(batch_ids, unit_rows(5, seed=50 + batch))
        index.commit(merge=False)
        ids += batch_ids
    index.delete([ids[0]])
    index.commit(merge=False)
    state = index._state
    stored = state.row_vectors(np.arange(len(state.ids)))
    groups = np.array([int(i[1]) if state.live[r] else -1 for r, i in enumerate(state.ids)])
    expected = [np.linalg.norm(stored[groups == g].sum(axis=0)) for g in range(5)]
    assert np.allclose(state.group_norms(groups, 5), expected, atol=1e-5)
