"""Train the learned re-ranker (``indexer/rerank.py``) on PolNeAR **train** questions.

    python scripts/train_rerank.py [--data PATH] [--keep DIR] [--per-article 3] [--depth 50]
                                   [--cache FEATURES.npz] [--out indexer/rerank_weights.json]

All PolNeAR train+dev articles are ingested as ``scripts/eval_qa.py`` ingests them (its
``build``; ``--keep DIR`` reuses a folder it kept), so the candidates are what the product ranks
in the QA setting. Questions are generated from the **train** annotations only (the dev articles
are present as distractors, never as targets), up to ``--per-article`` per article, one per form:

* ``who``: "Who said <words>?" (and similar who/which templates);
* ``speaker``: "What did <source as written> say about <words>?" (sources that are proper
  names only: a pronoun source names nobody);
* ``phrase``: a 3-6 word run of the quote's first sentence in double quotes.

``<words>`` (``--words``): ``quote``, 3-5 content words of the quote (default), or
``context``, a paraphrase proxy of 5-10 (who) or 3-6 (speaker) words, about a fifth from the
quote and the rest from the text around it (the QA set's questions share about 20% of their
content words with the quote).

Relevant passages are those containing the quote's first sentence (``eval_qa``'s target rule:
the sentence, or its longest in-passage prefix of at least 60%, compared as word tokens).
Candidates are the hybrid ranking's ``--depth`` best passages (``ResultSet``); questions whose
target is not among them are kept for the metrics but cannot train. A linear model is fitted by
a listwise softmax loss (the relevant candidates share the target mass) in numpy, starting
from the fused order with an L2 pull back towards it (``--l2``), over ``--features``;
features are standardised for the fit and the scale folded back into the weights. A fifth of
the train articles (seeded) is held out for validation. Printed: passage hit@1/@3 after
collapsing by article (the shown passage of each article is its best-scored one), fused vs
learned, per form, on the train and validation slices.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import eval_qa as qa  # noqa: E402
import numpy as np
from brat import brat_annotations  # noqa: E402

from indexer.keyword_index import QueryError  # noqa: E402
from indexer.rerank import DEPTH, FEATURES, WEIGHTS, features  # noqa: E402
from indexer.search import SearchService  # noqa: E402

PRONOUNS = set("""he she they it we i you him her them this that these those who which one
his its their our your there some many others other officials""".split())
DETERMINERS = ("the ", "a ", "an ")
WHO = ("Who said {w}?", "Which official talked about {w}?", "Who argued about {w}?",
       "Who commented on {w}?", "Which person spoke of {w}?")
SPEAKER = ("What did {s} say about {w}?", "How did {s} respond to {w}?",
           "What was {s}'s position on {w}?", "What did {s} say on {w}?")


# --- annotations and questions ----------------------------------------------------------------


def attributions(ann: str, text: str) -> list[dict[str, Any]]:
    """(content spans, source text) of each Attribution event of a brat .ann file."""
    spans, events = brat_annotations(ann)
    out = []
    for ev in events:
        if ev.get("Content") in spans:
            src = spans.get(ev.get("Source", ""))
            out.append({"content": spans[ev["Content"]],
                        "source": " ".join(text[a:b] for a, b in src) if src else ""})
    return out


def proper_source(source: str) -> str | None:
    """The source as written when it names someone (capitalised, not a pronoun), else None."""
    s = " ".join(source.split()).strip(" ,.;:")
    s = re.sub(r"[’']s$", "", s)
    if not s or len(s) > 60 or not s[0].isupper():
        return None
    if s.lower() in PRONOUNS or s.lower().startswith(DETERMINERS):
        return None
    return s


def content_words(text: str, rng: random.Random) -> str | None:
    """3-5 content words of ``text``, in order (the quote's own words)."""
    words = _words(text)
    if len(words) < 3:
        return None
    k = min(len(words), rng.randint(3, 5))
    start = rng.randint(0, len(words) - k)
    pool = words[start:start + max(k, min(len(words) - start, 8))]
    picked = sorted(rng.sample(range(len(pool)), k))
    return " ".join(pool[i] for i in picked)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text)
            if w.lower() not in qa.STOP and len(w) > 2]


def paraphrase_words(text: str, span: tuple[int, int], quote: str, source: str, low: int,
                     high: int, rng: random.Random) -> str | None:
    """A reporter's paraphrase, approximated: ``low``-``high`` content words, about a fifth
    from the quote and the rest from the text around it (its sentence and neighbours, the
    title), never the source's name and never three quote words in a row. The QA set's
    questions share about 20% of their content words with the quote."""
    a, b = span
    around = text[max(0, a - 400):a] + " " + text[b:b + 400]
    title = text.split("\n", 1)[0]
    avoid = {w.lower() for w in _words(source)}
    in_quote = {qa.stem(w.lower()) for w in _words(quote)}
    context = [w for w in _words(around) + _words(title)
               if w.lower() not in avoid and qa.stem(w.lower()) not in in_quote]
    own = [w for w in _words(quote) if w.lower() not in avoid]
    seen: set[str] = set()
    context = [w for w in context if not (w.lower() in seen or seen.add(w.lower()))]
    total = rng.randint(low, high)
    n_quote = min(len(own), max(0, round(total * 0.2 + rng.uniform(-0.5, 0.5))))
    n_context = min(len(context), total - n_quote)
    if n_context + n_quote < 3:
        return None
    picked = rng.sample(context, n_context) + rng.sample(own, n_quote)
    rng.shuffle(picked)
    return " ".join(picked)


def phrase_of(sentence: str, rng: random.Random) -> str | None:
    """A run of 3-6 words of ``sentence`` separated by single spaces, copied verbatim."""
    words = list(re.finditer(r"[A-Za-z0-9]+", sentence))
    runs = []
    for k in (6, 5, 4, 3):
        for i in range(len(words) - k + 1):
            if all(sentence[words[j].end():words[j + 1].start()] == " " for j in range(i, i + k - 1)):
                runs.append(sentence[words[i].start():words[i + k - 1].end()])
        if len(runs) >= 3:
            break
    return f'"{rng.choice(runs)}"' if runs else None


def train_items(root: Path, per_article: int, seed: int, words_from: str = "context"
                ) -> list[qa.Item]:
    rng = random.Random(seed)
    items: list[qa.Item] = []
    for path in sorted((root / "train" / "text").glob("*.txt")):
        article = path.stem
        ann = qa.first_ann(root, "train", article)
        if ann is None:
            continue
        text = qa.read_text(path)
        atts = []
        for a in attributions(ann.read_text(encoding="utf-8"), text):
            first = text[a["content"][0][0]:a["content"][0][1]]
            sentence = qa.first_sentence(first)
            if len(qa.tokens(sentence)) >= 6:
                atts.append((a, " ".join(text[s:e] for s, e in a["content"]), sentence))
        rng.shuffle(atts)
        forms = list(qa.FORMS)
        rng.shuffle(forms)
        made = 0
        for form in forms:
            for a, quote, sentence in atts:
                if made >= per_article:
                    break
                source = proper_source(a["source"])
                if form == "phrase":
                    question = phrase_of(sentence, rng)
                elif form == "speaker":
                    words = content_words(quote, rng) if words_from == "quote" else \
                        paraphrase_words(text, a["content"][0], quote, a["source"], 3, 6, rng)
                    question = rng.choice(SPEAKER).format(s=source, w=words) \
                        if source and words else None
                else:
                    words = content_words(quote, rng) if words_from == "quote" else \
                        paraphrase_words(text, a["content"][0], quote, a["source"], 5, 10, rng)
                    question = rng.choice(WHO).format(w=words) if words else None
                if question is None:
                    continue
                atts.remove((a, quote, sentence))
                items.append(qa.Item(
                    id=f"t{len(items):05d}", form=form, question=question, article=article,
                    content_start=a["content"][0][0], content_end=a["content"][-1][1],
                    speaker=source or a["source"], split="train", quote=quote,
                    sentence=sentence))
                made += 1
                break
    return items


def validation_articles(items: list[qa.Item], seed: int, fraction: float = 0.2) -> set[str]:
    articles = sorted({i.article for i in items})
    random.Random(seed).shuffle(articles)
    return set(articles[:round(len(articles) * fraction)])


# --- candidates and features ------------------------------------------------------------------


def collect(service: SearchService, corpus: qa.Corpus, items: list[qa.Item], depth: int
            ) -> dict[str, Any]:
    """Feature rows of every question's candidates with their labels and article codes."""
    tokens_of: dict[str, list[str]] = {pid: qa.tokens(text) for pid, _, text in corpus.passages}
    xs, ys, qids, arts = [], [], [], []
    reachable = []
    t0 = time.perf_counter()
    for n, item in enumerate(items):
        target, _ = qa.target_of(item, corpus)
        try:
            found = service.result_set(item.question, "hybrid")
            cand = features(service, found, item.question, depth)
        except QueryError as exc:
            print(f"QueryError for {item.question!r}: {exc}", file=sys.stderr)
            reachable.append(False)
            continue
        labels = np.array([target is not None and qa.contains(tokens_of.get(pid) or
                                                               qa.tokens(_text(service, pid)),
                                                               target)
                           for pid in cand.passage_ids], dtype=bool)
        reachable.append(bool(labels.any()))
        xs.append(cand.features)
        ys.append(labels)
        qids.append(np.full(len(labels), n))
        arts.append(np.array([pid.rsplit(":", 1)[0] for pid in cand.passage_ids]))
        if (n + 1) % 250 == 0:
            print(f"  {n + 1}/{len(items)} questions, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr)
    return {"x": np.concatenate(xs), "y": np.concatenate(ys), "q": np.concatenate(qids),
            "article": np.concatenate(arts), "reachable": np.array(reachable)}


def _text(service: SearchService, pid: str) -> str:
    p = service.store.get_passage(pid)
    return p.text if p is not None else ""


# --- fitting and metrics ----------------------------------------------------------------------


def groups(q: np.ndarray) -> list[np.ndarray]:
    _, starts = np.unique(q, return_index=True)
    bounds = list(np.sort(starts)) + [len(q)]
    return [np.arange(a, b) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


STRUCTURAL = ("fused_z", "log_rank", "speaker_match", "attributed", "log_quotes",
              "question_x_attributed", "lead", "log_position", "log_length", "first_in_article",
              "article_support")


def fit(x: np.ndarray, y: np.ndarray, q: np.ndarray, l2: float = 1e-3, steps: int = 800,
        lr: float = 0.05, use: tuple[str, ...] = FEATURES) -> np.ndarray:
    """Weights of a listwise softmax model (Adam on the mean cross-entropy per question),
    starting from the fused order (``fused_z`` alone) with L2 pulling towards it; features not
    in ``use`` keep weight 0."""
    mean, std = x.mean(0), x.std(0)
    std[std < 1e-9] = 1.0
    xs = (x - mean) / std
    gs = [g for g in groups(q) if y[g].any()]
    idx = np.concatenate(gs)
    xs, yy = xs[idx], y[idx].astype(float)
    seg = np.concatenate([np.full(len(g), i) for i, g in enumerate(gs)])
    starts = np.cumsum([0] + [len(g) for g in gs])[:-1]
    target = yy / np.add.reduceat(yy, starts)[seg]
    w = np.zeros(x.shape[1])
    w[FEATURES.index("fused_z")] = 1.0 * std[FEATURES.index("fused_z")]  # start at fusion
    w0 = w.copy()
    free = np.array([name in use for name in FEATURES], dtype=float)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, steps + 1):
        s = xs @ w
        s = s - np.maximum.reduceat(s, starts)[seg]
        e = np.exp(s)
        p = e / np.add.reduceat(e, starts)[seg]
        grad = (xs.T @ (p - target) / len(gs) + l2 * (w - w0)) * free
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w / std


def shown_hits(scores: np.ndarray, y: np.ndarray, article: np.ndarray, k: int = 3) -> int | None:
    """Rank (1-based, by article) of the first shown passage that is relevant, or None."""
    order = np.lexsort((np.arange(len(scores)), -scores))
    seen: set[str] = set()
    rank = 0
    for i in order:
        if article[i] in seen:
            continue
        seen.add(article[i])
        rank += 1
        if y[i]:
            return rank
        if rank >= k:
            return None
    return None


def evaluate(data: dict[str, Any], w: np.ndarray | None, select: np.ndarray,
             forms: np.ndarray) -> dict[str, dict[str, float]]:
    """hit@1/@3 per form over the questions ``select`` picks (fused when ``w`` is None)."""
    out: dict[str, list[int | None]] = {}
    for g in groups(data["q"]):
        n = data["q"][g[0]]
        if not select[n]:
            continue
        scores = -np.arange(len(g), dtype=float) if w is None else data["x"][g] @ w
        r = shown_hits(scores, data["y"][g], data["article"][g])
        out.setdefault(str(forms[n]), []).append(r)
        out.setdefault("all", []).append(r)
    return {f: {"n": len(v), "hit1": qa.rate(v, 1), "hit3": qa.rate(v, 3)} for f, v in out.items()}


def print_metrics(label: str, fused: dict, learned: dict) -> None:
    print(f"\n{label}")
    print(f"  {'form':<8} {'n':>5} {'fused@1':>8} {'learn@1':>8} {'fused@3':>8} {'learn@3':>8}")
    for form in (*qa.FORMS, "all"):
        if form in fused:
            a, b = fused[form], learned[form]
            print(f"  {form:<8} {a['n']:>5} {qa.fmt(a['hit1']):>8} {qa.fmt(b['hit1']):>8} "
                  f"{qa.fmt(a['hit3']):>8} {qa.fmt(b['hit3']):>8}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=qa.DEFAULT_DATA)
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the OnRecord data folder here")
    ap.add_argument("--per-article", type=int, default=3)
    ap.add_argument("--depth", type=int, default=DEPTH)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--l2", type=float, default=1.0, help="L2 pull towards the fused order")
    ap.add_argument("--features", choices=("structural", "all"), default="structural",
                    help="structural: the fused score plus speaker/quote/position/length "
                         "features (the word-match legs stay inside the fused score); all: "
                         "the keyword and cosine legs too")
    ap.add_argument("--words", choices=("context", "quote"), default="quote",
                    help="who/speaker question words: a paraphrase proxy (about a fifth from "
                         "the quote, the rest from the text around it) or the quote's own")
    ap.add_argument("--cache", type=Path, help="feature rows saved/reused here (.npz)")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()

    root = qa.polnear_root(args.data)
    items = train_items(root, args.per_article, args.seed, args.words)
    forms = np.array([i.form for i in items])
    print(f"{len(items)} train questions from "
          f"{len({i.article for i in items})} train articles: "
          f"{ {f: int((forms == f).sum()) for f in qa.FORMS} }")
    digest = hashlib.sha1("\n".join(i.question for i in items).encode()).hexdigest()[:12]
    if args.cache and args.cache.exists() and str(np.load(args.cache)["digest"]) == digest:
        data = dict(np.load(args.cache))
        print(f"features reused from {args.cache}")
    else:
        data_dir = args.keep or Path(tempfile.mkdtemp(prefix="rerank-")) / "data"
        print(f"data folder {data_dir}: {json.dumps(qa.build(root, data_dir))}")
        corpus = qa.load_corpus(data_dir)
        service = SearchService.open(data_dir)
        t0 = time.perf_counter()
        try:
            data = collect(service, corpus, items, args.depth)
        finally:
            service.close()
        print(f"candidates and features for {len(items)} questions in "
              f"{time.perf_counter() - t0:.0f} s")
        if args.cache:
            np.savez(args.cache, digest=digest, **data)

    held = validation_articles(items, args.seed)
    val = np.array([i.article in held for i in items])
    reach = data["reachable"]
    train_q = np.isin(data["q"], np.flatnonzero(~val))
    print(f"train slice: {int((~val).sum())} questions ({int((reach & ~val).sum())} with a "
          f"relevant candidate); validation slice: {int(val.sum())} "
          f"({int((reach & val).sum())}) from {len(held)} held-out train articles")
    use = FEATURES if args.features == "all" else STRUCTURAL
    w = fit(data["x"][train_q], data["y"][train_q], data["q"][train_q], l2=args.l2, use=use)
    for label, sel in (("train slice", ~val), ("validation slice (held-out train articles)", val)):
        print_metrics(label, evaluate(data, None, sel, forms), evaluate(data, w, sel, forms))
    print("\nweights:")
    for name, value in zip(FEATURES, w, strict=True):
        print(f"  {name:<22} {value:+.4f}")

    # the shipped weights are refitted on every train question (validation included)
    w_all = fit(data["x"], data["y"], data["q"], l2=args.l2, use=use)
    args.out.write_text(json.dumps({
        "features": list(FEATURES),
        "weights": [round(float(v), 5) for v in w_all],
        "depth": args.depth,
        "model": "linear; listwise softmax cross-entropy (relevant candidates share the target), "
                 f"features {args.features}, L2 {args.l2} towards the fused order (fused_z "
                 "alone), Adam 800 steps, features standardised for the fit",
        "trained_on": f"PolNeAR v1.0 train only: {len(items)} generated questions "
                      f"({args.per_article} per article max, seed {args.seed}, words: "
                      f"{args.words}) over the hybrid "
                      f"top-{args.depth} with all train+dev articles indexed; relevant = passage "
                      "holds the quote's first sentence",
    }, indent=1) + "\n", encoding="utf-8")
    print(f"\nweights (fit on all train questions) written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
