"""Evaluate HTML extraction on the html-eval set: our extractor against plain trafilatura.

Usage: ``python scripts/eval_extraction.py [--data PATH] [--limit N] [--show-misses FIELD]
[--half tune|held-out]``

Pages are split once and for all into a tune half and a held-out half by a hash of their URL
(``split_of``); heuristics are tuned on the tune half only. Each run reports both extractors on
each half and on all pages. Body figures follow trafilatura's benchmark: a ``with`` snippet found
is a true positive, one missing a false negative, a ``without`` snippet present a false positive;
precision, recall and F1 follow from those counts.

PATH is a directory holding ``evaldata.json`` and ``pages/``, a ``html-eval.tar.gz`` tarball
(extracted to a temporary directory), or a folder containing that tarball (default
``../shared/data`` relative to the repository). Snippets are matched after collapsing whitespace;
titles and authors are compared as a reader would call them the same: case-, whitespace- and
punctuation-insensitively (NFKC, Unicode case folding so ``GROSSE`` matches ``große``, punctuation
and symbols dropped); dates must match to the day.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import trafilatura  # noqa: E402

from indexer.loaders.html import decode_html, extract_html, normalise_for_match  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
TARBALL = "html-eval.tar.gz"
HALVES = ("tune", "held-out")


@dataclass
class Prediction:
    """One extractor's output for one page."""

    text: str
    title: str | None
    date: str | None
    author: str | None


@dataclass
class Score:
    """Running totals for one extractor."""

    with_found: int = 0
    with_total: int = 0
    without_absent: int = 0
    without_total: int = 0
    title_ok: int = 0
    title_total: int = 0
    date_ok: int = 0
    date_total: int = 0
    author_ok: int = 0
    author_total: int = 0
    seconds: float = 0.0
    pages: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)


def split_of(url: str) -> str:
    """The fixed half a page belongs to: by the first byte of the SHA-1 of its URL."""
    return HALVES[hashlib.sha1(url.encode("utf-8")).digest()[0] % 2]


def body_prf(score: Score) -> tuple[float, float, float]:
    """Body precision, recall and F1 from snippet counts (trafilatura's benchmark definition)."""
    true_pos = score.with_found
    false_neg = score.with_total - score.with_found
    false_pos = score.without_total - score.without_absent
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(html: str, url: str) -> Prediction:
    """Our extractor (indexer.loaders.html.extract_html)."""
    result = extract_html(html, url)
    return Prediction(result.text, result.title, result.published, result.byline)


def plain_trafilatura(html: str, url: str) -> Prediction:
    """Plain ``trafilatura.extract`` with default settings, plus ``extract_metadata``."""
    text = trafilatura.extract(html, url=url) or ""
    meta = trafilatura.extract_metadata(html, default_url=url)
    return Prediction(text, meta.title, meta.date, meta.author)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def score_page(score: Score, item: dict, pred: Prediction, url: str) -> None:
    """Add one page's results to ``score``, remembering misses for ``--show-misses``."""
    text = squash(pred.text)
    for snippet in item.get("with", []):
        score.with_total += 1
        if squash(snippet) in text:
            score.with_found += 1
        else:
            score.misses.setdefault("with", []).append(f"{url}: {snippet!r}")
    for snippet in item.get("without", []):
        score.without_total += 1
        if squash(snippet) not in text:
            score.without_absent += 1
        else:
            score.misses.setdefault("without", []).append(f"{url}: {snippet!r}")
    checks = (("title", pred.title), ("date", pred.date), ("author", pred.author))
    for name, got in checks:
        expected = item.get(name) or ""
        if isinstance(expected, list):  # some authors are given as a list of names
            expected = "; ".join(expected)
        if not expected:
            continue
        setattr(score, f"{name}_total", getattr(score, f"{name}_total") + 1)
        if name == "date":
            ok = (got or "")[:10] == expected[:10]
        else:
            ok = normalise_for_match(got or "") == normalise_for_match(expected)
        if ok:
            setattr(score, f"{name}_ok", getattr(score, f"{name}_ok") + 1)
        else:
            score.misses.setdefault(name, []).append(f"{url}: want {expected!r} got {got!r}")


def ratio(ok: int, total: int) -> str:
    return f"{ok / total:.3f} ({ok}/{total})" if total else "n/a"


def report(name: str, score: Score) -> None:
    rate = score.pages / score.seconds if score.seconds else 0.0
    precision, recall, f1 = body_prf(score)
    print(f"== {name}")
    print(f"  body P / R / F1         {precision:.3f} / {recall:.3f} / {f1:.3f}")
    print(f"  with snippets found     {ratio(score.with_found, score.with_total)}")
    print(f"  without snippets absent {ratio(score.without_absent, score.without_total)}")
    print(f"  title accuracy          {ratio(score.title_ok, score.title_total)}")
    print(f"  date accuracy (day)     {ratio(score.date_ok, score.date_total)}")
    print(f"  author accuracy         {ratio(score.author_ok, score.author_total)}")
    timing = f"({score.pages} pages, {score.seconds:.1f}s)"
    print(f"  speed                   {rate:.1f} pages/s {timing}")


def summary(scores: dict[tuple[str, str], Score], names: list[str], parts: list[str]) -> None:
    """One line per extractor and part: body P/R/F1, title, date, author, and ours' F1 margin."""
    print("== summary (body P / R / F1, title, date, author)")
    for part in parts:
        base_f1 = body_prf(scores[names[-1], part])[2]
        for name in names:
            score = scores[name, part]
            precision, recall, f1 = body_prf(score)
            fields = (score.title_ok, score.title_total, score.date_ok, score.date_total)
            title = fields[0] / fields[1] if fields[1] else 0.0
            day = fields[2] / fields[3] if fields[3] else 0.0
            author = score.author_ok / score.author_total if score.author_total else 0.0
            margin = f"  (F1 {f1 - base_f1:+.3f} vs trafilatura)" if name != names[-1] else ""
            print(
                f"  {part:<8} {name.split()[0]:<6} P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
                f"  title {title:.3f} date {day:.3f} author {author:.3f}{margin}"
            )


def resolve_data(path: Path, tmp: Path) -> Path:
    """The directory holding ``evaldata.json``; a tarball is extracted into ``tmp`` first."""
    if path.is_dir() and (path / "evaldata.json").exists():
        return path
    tarball = path / TARBALL if path.is_dir() else path
    if not tarball.exists():
        raise SystemExit(f"no html-eval data at {path} (want evaldata.json or {TARBALL})")
    with tarfile.open(tarball) as tar:
        tar.extractall(tmp, filter="data")
    found = next(tmp.rglob("evaldata.json"), None)
    if found is None:
        raise SystemExit(f"{tarball}: no evaldata.json inside")
    return found.parent


def run(data_dir: Path, limit: int | None, show: str | None, half: str | None) -> None:
    evaldata = json.loads((data_dir / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(evaldata.items())[:limit] if limit else sorted(evaldata.items())
    pages = []
    for url, item in items:
        page = data_dir / "pages" / item["file"]
        if page.exists() and half in (None, split_of(url)):
            html, _ = decode_html(page.read_bytes(), str(page))
            pages.append((url, item, html))
    extractors: list[tuple[str, Callable[[str, str], Prediction]]] = [
        ("ours (extract_html)", ours),
        ("plain trafilatura.extract + extract_metadata", plain_trafilatura),
    ]
    parts = [half] if half else [*HALVES, "all"]
    scores = {(name, part): Score() for name, _ in extractors for part in parts}
    for name, func in extractors:
        for url, item, html in pages:
            start = time.perf_counter()
            pred = func(html, url)
            seconds = time.perf_counter() - start
            for part in {split_of(url), "all"} & set(parts):
                score = scores[name, part]
                score.seconds += seconds
                score.pages += 1
                score_page(score, item, pred, url)
    for part in parts:
        for name, _ in extractors:
            report(f"{name} [{part}]", scores[name, part])
            if show:
                for line in scores[name, part].misses.get(show, []):
                    print(f"    miss {line}")
    summary(scores, [name for name, _ in extractors], parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="html-eval dir or tarball")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--show-misses", choices=("with", "without", "title", "date", "author"), default=None
    )
    parser.add_argument("--half", choices=HALVES, default=None, help="only one half of the pages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        run(resolve_data(args.data, Path(tmp)), args.limit, args.show_misses, args.half)


if __name__ == "__main__":
    main()
