"""Distributed ingest on a local Ray (indexer.ray_ingest): the same articles, passages, quotes,
duplicates and vectors as the in-process pipeline, and ``embed`` on Ray the same vectors.
One local Ray for the module (starting it costs seconds and memory)."""

from __future__ import annotations

import pytest
from ingest_snapshot import assert_same_vectors, ingested_inputs, stored, vectors_of

from indexer.consistency import check_consistency
from indexer.ray_ingest import RaySpec, embed_on_ray, ingest_on_ray, start_ray

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def local_ray():
    """A local Ray with two CPUs, shared by the module's tests, started as the product starts
    one (``start_ray``: a second try when the first times out on a loaded machine)."""
    start_ray(ray, RaySpec(workers=2))
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The inputs and their in-process ingest (with quotes and vectors)."""
    return ingested_inputs(tmp_path_factory)


def test_ray_ingest_equals_in_process_ingest(tmp_path, corpus, cli):
    inputs, in_process = corpus
    data = tmp_path / "data"
    result = cli("ingest", *inputs, "--workers", "ray", "--ray-workers", "2", "--json",
                 data_dir=data)
    assert result.status == 0, result.err
    report = result.json()
    assert report["added"] > 0 and report["duplicates"] == 1
    assert ray.is_initialized()  # the module's Ray, used as it is and left running
    assert stored(data) == stored(in_process)
    for ours, theirs in zip(vectors_of(data), vectors_of(in_process), strict=True):
        assert_same_vectors(ours, theirs)
    assert check_consistency(data).ok, check_consistency(data).problems()
    again = cli("ingest", *inputs, "--workers", "ray", "--json", data_dir=data).json()
    assert again["added"] == again["updated"] == 0 and again["unchanged"] == report["added"] + 1


def test_keyword_first_on_ray_then_embed_on_ray_equals_in_process(tmp_path, corpus):
    inputs, in_process = corpus
    data = tmp_path / "data"
    spec = RaySpec(workers=1)
    ingest_on_ray(inputs, data, spec, semantic=False)
    assert vectors_of(data) == ({}, {})
    report = embed_on_ray(data, spec)
    assert report.remaining_passages == report.remaining_quotes == 0 and report.passages > 0
    assert stored(data) == stored(in_process)
    for ours, theirs in zip(vectors_of(data), vectors_of(in_process), strict=True):
        assert_same_vectors(ours, theirs)
