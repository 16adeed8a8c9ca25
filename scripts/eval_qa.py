"""Question answering on PolNeAR dev: passage hit@1/@3, article recall@5 and ``ask`` speaker@1/@3.

    python scripts/eval_qa.py [--data PATH] [--keep DIR] [--split tune|heldout|all]
                              [--form who|speaker|phrase] [--json OUT] [--misses] [--check]

The questions are ``scripts/qa/polnear_dev_questions.jsonl``: reporter-style questions about
quotes annotated in PolNeAR **dev** articles, in three forms: ``who`` (a who/which question that
does not name the speaker), ``speaker`` ("What did <speaker> say about …") and ``phrase`` (an
exact 3–6 word phrase of the quote in double quotes). Each item stores only the article name,
the gold Content span's offsets and the gold speaker (the resolved full name); the quote text
is read from the data at run time, so none of PolNeAR is committed.

All PolNeAR train+dev articles (924) are ingested through the real pipeline (quotes and vectors
on), so the dev articles sit among the train articles as distractors. ``PATH`` is the
extracted PolNeAR folder or the tarball (default ../shared/data/polnear-train-dev.tar.gz next
to the repository). ``--keep DIR`` keeps the OnRecord data folder (and the baseline's passage
vectors) and reuses it on the next run. ``--split`` defaults to ``tune``: the held-out third is
run only when tuning is over. ``--check`` only verifies the question set against the data
(gold spans exist, phrases are copied from the quote, paraphrase rule, each batch's split
rule) and exits.

The set was written in batches, each before any tuning on it: batch 1 (139 items, 46 held
out) with the script; batch 2 (48 who and speaker items, q140-q187, 16 held out, session 15)
from dev attributions no earlier item used. Within each batch a seeded shuffle per form holds
out the first third (``assign_splits``), so a later batch never moves an earlier item.

Definitions (what this script measures):

* gold sentence: the first sentence of the gold Content's first span (split after ``.``,
  ``!`` or ``?`` and any closing quote). Texts are compared as sequences of lower-cased word
  tokens (``\\w+``), so whitespace, quote characters, dashes and ellipses do not matter.
  If the sentence is not inside any one passage of the gold article (a passage cut runs through
  it), the target is the longest prefix of it that is inside one passage, when that prefix
  holds at least 60% of its tokens; otherwise the item is counted as a miss and listed as
  unreachable.
* passage hit@k: one of the first k hits (one per article) shows a passage containing the
  target. Containment is by text, so a reprint of the same story (another article whose
  passage holds the same sentence) counts too.
* article recall@5: the gold article (or the article it was stored as a duplicate of) is among
  the first 5 hits.
* ask speaker@k (who and speaker forms): one of the first k answers of ``service.ask(question,
  limit=3)`` names the gold speaker: the answer's ``speaker`` equals the gold name (case,
  accents, titles such as Sen./Mr./President and punctuation aside), or the registry entry
  whose name is the answer's speaker lists the gold name among its aliases. A surname alone
  does not match a gold full name.
* queries: who/speaker questions are given to ``SearchService.search`` exactly as typed (with
  ``?`` and apostrophes, as ``onrecord search QUESTION --json`` passes them); a phrase item's
  query is the quoted phrase. A ``QueryError`` is a miss and is printed (a bug to report).
* baselines, over the same stored passages: plain Whoosh (BM25F over passage text with a
  default StemmingAnalyzer, OR grouping; questions pass through ``escape_query`` since raw ``?``
  is a Whoosh wildcard), plain MiniLM cosine (the installed model via ``load_embedder``,
  passage text only) and RRF(k=60) of the two passage rankings (top 200 each). Each ranks
  passages; the shown passage of an article is its best one. Baselines have no ``ask``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tarfile
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brat import brat_annotations  # noqa: E402

from indexer.ask import escape_query  # noqa: E402
from indexer.fusion import reciprocal_rank_fusion  # noqa: E402
from indexer.ingest import ingest_documents  # noqa: E402
from indexer.keyword_index import QueryError  # noqa: E402
from indexer.records import SourceDoc  # noqa: E402
from indexer.search import SearchService  # noqa: E402
from indexer.store import Store  # noqa: E402

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "qa" / "polnear_dev_questions.jsonl"
DEFAULT_DATA = HERE.parents[1] / "shared" / "data" / "polnear-train-dev.tar.gz"
FORMS = ("who", "speaker", "phrase")
SYSTEMS = ("onrecord-hybrid", "onrecord-keyword", "onrecord-semantic", "whoosh", "minilm", "rrf")
PREFIX_MIN = 0.6  # a sentence cut by a passage boundary: its longest in-passage prefix, if ≥ 60%
BASELINE_DEPTH = 200  # passages each baseline ranks before collapsing by article
TARGETS = (  # (label, split form or None for who+speaker, metric, threshold) from issue 17
    ("who-question hit@3", "who", "hit3", 0.70),
    ("speaker-question hit@3", "speaker", "hit3", 0.90),
    ("phrase hit@1", "phrase", "hit1", 0.98),
    ("ask speaker@1 (who+speaker)", None, "spk1", 0.80),
)

# --- the data ---------------------------------------------------------------------------------


def polnear_root(data: Path) -> Path:
    """The folder holding train/ and dev/, extracting the tarball to a temporary folder."""
    if data.is_dir():
        for cand in (data, data / "polnear"):
            if (cand / "dev").is_dir():
                return cand
        raise SystemExit(f"eval_qa: no dev/ folder under {data}")
    if not data.exists():
        raise SystemExit(f"eval_qa: no PolNeAR data at {data}")
    tmp = Path(tempfile.mkdtemp(prefix="polnear-"))
    with tarfile.open(data) as tar:
        tar.extractall(tmp, filter="data")
    return polnear_root(tmp)


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def first_ann(root: Path, split: str, article: str) -> Path | None:
    anns = sorted((root / split / "attributions").glob(f"{article}_*.ann"))
    anns = [a for a in anns if re.fullmatch(r"_[0-9a-f]{4}", a.stem[len(article):])]
    return anns[0] if anns else None


def content_spans(ann: str) -> list[list[tuple[int, int]]]:
    """The Content spans of every Attribution event of a brat .ann file."""
    spans, events = brat_annotations(ann)
    return [spans[ev["Content"]] for ev in events if ev.get("Content") in spans]


@dataclass
class Item:
    """One question with its gold quote, read from the data."""

    id: str
    form: str
    question: str
    article: str
    content_start: int
    content_end: int
    speaker: str
    split: str
    batch: int = 1  # items written together; the split rule applies within each batch
    quote: str = ""  # the gold Content text (all spans, joined by a space)
    sentence: str = ""  # its first sentence
    problems: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        return self.question


def load_items(root: Path, path: Path = QUESTIONS) -> list[Item]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = Item(**json.loads(line))
        text_path = root / "dev" / "text" / f"{item.article}.txt"
        ann = first_ann(root, "dev", item.article)
        if not text_path.exists() or ann is None:
            item.problems.append("article or annotation file missing")
            items.append(item)
            continue
        text = read_text(text_path)
        match = [s for s in content_spans(ann.read_text(encoding="utf-8"))
                 if s[0][0] == item.content_start and s[-1][1] == item.content_end]
        if not match:
            item.problems.append("no Content span with these offsets in the first annotator file")
        else:
            item.quote = " ".join(text[a:b] for a, b in match[0])
            item.sentence = first_sentence(text[match[0][0][0]:match[0][0][1]])
        items.append(item)
    return items


ABBREVIATIONS = set("""mr mrs ms dr sen rep gov gen lt col sgt capt st jr sr rev prof pres vs
no u.s inc corp co""".split())


def first_sentence(span: str) -> str:
    """Up to the first ``.``/``!``/``?`` (and closing quote) that is not an abbreviation's
    period (``Mr.``, ``Sen.``, ``U.S.``, an initial)."""
    span = span.strip()
    for m in re.finditer(r"[.!?]+[”\"’']*(?=\s|$)", span):
        word = re.search(r"([\w.]*)$", span[:m.start()]).group(1).lower()
        if m.group().startswith(".") and (word in ABBREVIATIONS or len(word) == 1):
            continue
        return span[:m.end()]
    return span


# --- text comparison --------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return re.findall(r"\w+", text.lower())


def contains(hay: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    n = len(needle)
    first = needle[0]
    return any(hay[i] == first and hay[i:i + n] == needle for i in range(len(hay) - n + 1))


STOP = set("""a an and are as at be by can for from have if in is it may not of on or that the this
to us we when will with yet you your he she his her hers him they them their theirs i me my mine
our ours its was were been being do did does done has had having would could should shall must
might what which who whom whose how why where there here about after before into over under
than then so but also just very more most some any all no nor only own same too s t don didn
doesn isn wasn aren weren won wouldn couldn shouldn ve ll re d m o say said says tell told
ask asked up out off again once these those such each other both few while because until
against between through during above below down further whether one""".split())


def stem(word: str) -> str:
    from whoosh.lang.porter import stem as porter

    return porter(word)


def content_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if t not in STOP]


def shared_runs(question: str, quote: str, n: int = 3) -> list[str]:
    """Runs of ``n`` consecutive content words (stemmed) of the question found in the quote."""
    q, s = content_stems(question), content_stems(quote)
    grams = {tuple(s[i:i + n]) for i in range(len(s) - n + 1)}
    return [" ".join(q[i:i + n]) for i in range(len(q) - n + 1) if tuple(q[i:i + n]) in grams]


def check(items: list[Item]) -> int:
    """Verify the set against the data; print each violation. Returns their number."""
    bad = 0
    per_article: dict[str, int] = {}
    for item in items:
        per_article[item.article] = per_article.get(item.article, 0) + 1
        problems = list(item.problems)
        if item.quote:
            if item.form == "phrase":
                m = re.fullmatch(r'"([^"]+)"', item.question)
                words = tokens(m.group(1)) if m else []
                if not m:
                    problems.append("phrase item is not one double-quoted phrase")
                elif not 3 <= len(words) <= 6:
                    problems.append(f"phrase has {len(words)} words, not 3-6")
                elif m.group(1) not in item.quote:
                    problems.append("phrase is not copied verbatim from the quote")
            else:
                runs = shared_runs(item.question, item.quote)
                if runs:
                    problems.append(f"reuses quote words: {runs}")
                if item.form == "who":
                    surname = item.speaker.split()[-1].lower()
                    if surname in tokens(item.question):
                        problems.append(f"who question names the speaker ({surname})")
            if len(tokens(item.sentence)) < 3:
                problems.append(f"first sentence too short: {item.sentence!r}")
        for p in problems:
            bad += 1
            print(f"{item.id} [{item.form}] {p}\n    Q: {item.question}\n    quote: {item.quote[:160]!r}")
    for article, n in per_article.items():
        if n > 3:
            bad += 1
            print(f"{article}: {n} questions (at most 3)")
    forms = {f: sum(i.form == f for i in items) for f in FORMS}
    splits = {s: sum(i.split == s for i in items) for s in ("tune", "heldout")}
    print(f"{len(items)} questions {forms}, {splits}, {len(per_article)} articles; "
          f"{bad} violation(s)")
    return bad


def assign_splits(items: list[Item], seed: int = 17) -> dict[str, str]:
    """The split rule the set was made with, applied to each batch of items on its own (so
    items added later never move an earlier item between the parts): per form, a seeded
    shuffle, the first third held out."""
    out = {}
    for batch in sorted({i.batch for i in items}):
        rng = random.Random(seed)
        for form in FORMS:
            ids = [i.id for i in items if i.form == form and i.batch == batch]
            rng.shuffle(ids)
            k = round(len(ids) / 3)
            out.update({i: "heldout" if j < k else "tune" for j, i in enumerate(ids)})
    return out


# --- building the OnRecord data folder --------------------------------------------------------


def polnear_docs(root: Path):
    for split in ("train", "dev"):
        for path in sorted((root / split / "text").glob("*.txt")):
            yield SourceDoc(origin=str(path), body=read_text(path), url=f"polnear:{split}/{path.stem}",
                            published=path.stem.split("_")[1])


def build(root: Path, data_dir: Path) -> dict[str, Any]:
    if (data_dir / "store.sqlite3").exists():
        return {"reused": str(data_dir)}
    data_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    report = ingest_documents(polnear_docs(root), data_dir)
    return {"ingest_s": round(time.perf_counter() - t0, 1), **report.to_dict()}


@dataclass
class Corpus:
    """The stored passages and how article ids map to PolNeAR names."""

    name_of: dict[str, str]  # article id -> PolNeAR article name
    id_of: dict[str, str]  # PolNeAR name -> canonical article id (duplicates resolved)
    passages: list[tuple[str, str, str]]  # (passage id, article id, text), canonical articles only
    by_article: dict[str, list[list[str]]]  # article id -> its passages' tokens


def load_corpus(data_dir: Path) -> Corpus:
    store = Store.open(data_dir, readonly=True)
    try:
        conn = store.conn
        name_of = {r["id"]: (r["url"] or "").rsplit("/", 1)[-1]
                   for r in conn.execute("SELECT id, url FROM articles")}
        dup = {r["article_id"]: r["canonical_id"]
               for r in conn.execute("SELECT article_id, canonical_id FROM duplicates")}
        id_of = {name: dup.get(aid, aid) for aid, name in name_of.items()}
        passages = [(r["id"], r["article_id"], r["text"]) for r in conn.execute(
            "SELECT id, article_id, text FROM passages WHERE article_id NOT IN "
            "(SELECT article_id FROM duplicates) ORDER BY article_id, ordinal")]
    finally:
        store.close()
    by_article: dict[str, list[list[str]]] = {}
    for _, aid, text in passages:
        by_article.setdefault(aid, []).append(tokens(text))
    return Corpus(name_of, id_of, passages, by_article)


def target_of(item: Item, corpus: Corpus) -> tuple[list[str] | None, str]:
    """The token sequence a shown passage must contain, and how it was chosen."""
    sent = tokens(item.sentence)
    aid = corpus.id_of.get(item.article)
    if not sent or aid is None:
        return None, "gold article not stored"
    passages = corpus.by_article.get(aid, [])
    if any(contains(p, sent) for p in passages):
        return sent, "sentence"
    for k in range(len(sent) - 1, 0, -1):
        if k < PREFIX_MIN * len(sent):
            break
        if any(contains(p, sent[:k]) for p in passages):
            return sent[:k], f"prefix {k}/{len(sent)}"
    return None, "unreachable (sentence split across passages below 60%)"


# --- runs -------------------------------------------------------------------------------------


@dataclass
class Shown:
    article: str  # PolNeAR name
    text: str


def plain_baselines(corpus: Corpus, items: list[Item], cache: Path | None
                    ) -> dict[str, dict[str, list[Shown]]]:
    import numpy as np
    from whoosh import index, scoring
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser

    from indexer.embeddings import load_embedder

    text_of = {pid: text for pid, _, text in corpus.passages}
    art_of = {pid: aid for pid, aid, _ in corpus.passages}
    tmp = tempfile.mkdtemp(prefix="qa-whoosh-")
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=StemmingAnalyzer()))
    ix = index.create_in(tmp, schema)
    w = ix.writer()
    for pid, _, text in corpus.passages:
        w.add_document(id=pid, body=text)
    w.commit()
    parser = QueryParser("body", schema, group=OrGroup)
    keyword: dict[str, list[str]] = {}
    with ix.searcher(weighting=scoring.BM25F()) as s:
        for item in items:
            q = item.query if item.form == "phrase" else escape_query(item.query)
            keyword[item.id] = [h["id"] for h in s.search(parser.parse(q), limit=BASELINE_DEPTH)]

    ids = [pid for pid, _, _ in corpus.passages]
    digest = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]
    vec_path = cache / f"baseline_minilm_{digest}.npy" if cache else None
    embedder = load_embedder()
    if vec_path and vec_path.exists():
        dvec = np.load(vec_path)
    else:
        t0 = time.perf_counter()
        dvec = embedder.encode([text_of[p] for p in ids])
        print(f"baseline MiniLM: {len(ids)} passages embedded in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        if vec_path:
            np.save(vec_path, dvec)
    semantic: dict[str, list[str]] = {}
    for item in items:
        q = item.query.strip('"') if item.form == "phrase" else item.query
        sims = dvec @ embedder.encode_query(q)
        semantic[item.id] = [ids[i] for i in np.argsort(-sims)[:BASELINE_DEPTH]]

    def collapse(pids: list[str]) -> list[Shown]:
        seen: set[str] = set()
        out = []
        for pid in pids:
            aid = art_of[pid]
            if aid not in seen:
                seen.add(aid)
                out.append(Shown(corpus.name_of.get(aid, aid), text_of[pid]))
            if len(out) >= 10:
                break
        return out

    runs: dict[str, dict[str, list[Shown]]] = {"whoosh": {}, "minilm": {}, "rrf": {}}
    for item in items:
        runs["whoosh"][item.id] = collapse(keyword[item.id])
        runs["minilm"][item.id] = collapse(semantic[item.id])
        fused = reciprocal_rank_fusion({"k": keyword[item.id], "s": semantic[item.id]}, k=60)
        runs["rrf"][item.id] = collapse([pid for pid, _, _ in fused])
    return runs


def onrecord_runs(service: SearchService, corpus: Corpus, items: list[Item]
                  ) -> tuple[dict[str, dict[str, list[Shown]]], dict[str, list[str]], list[str]]:
    runs: dict[str, dict[str, list[Shown]]] = {}
    errors: list[str] = []
    for mode in ("hybrid", "keyword", "semantic"):
        run: dict[str, list[Shown]] = {}
        for item in items:
            try:
                result = service.search(item.query, mode=mode, limit=10)
            except QueryError as exc:
                errors.append(f"QueryError in {mode} for {item.id} {item.query!r}: {exc}")
                run[item.id] = []
                continue
            run[item.id] = [Shown(corpus.name_of.get(h.article_id, h.article_id), h.text)
                            for h in result.hits]
        runs[f"onrecord-{mode}"] = run
    asked: dict[str, list[str]] = {}
    for item in items:
        if item.form == "phrase":
            continue
        try:
            result = service.ask(item.query, limit=3)
        except QueryError as exc:
            errors.append(f"QueryError in ask for {item.id} {item.query!r}: {exc}")
            asked[item.id] = []
            continue
        asked[item.id] = [a.speaker or "" for a in result.answers]
    return runs, asked, errors


# --- speaker matching -------------------------------------------------------------------------

TITLES = set("""mr mrs ms miss dr sen senator rep representative gov governor president pres
vice secretary sec gen general lt col sgt capt judge justice rev reverend del delegate prof
professor former u s""".split())


def norm_name(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    words = re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", name.replace("’", "'"))
    while words and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)


def registry_aliases(data_dir: Path) -> dict[str, set[str]]:
    """Normalised speaker name -> normalised names and aliases of the entries with that name."""
    store = Store.open(data_dir, readonly=True)
    out: dict[str, set[str]] = {}
    try:
        for r in store.conn.execute("SELECT name, aliases FROM speakers"):
            names = {norm_name(r["name"])} | {norm_name(a) for a in json.loads(r["aliases"] or "[]")}
            out.setdefault(norm_name(r["name"]), set()).update(names)
    finally:
        store.close()
    return out


def speaker_rank(answers: list[str], gold: str, aliases: dict[str, set[str]]) -> int | None:
    g = norm_name(gold)
    for rank, name in enumerate(answers, 1):
        n = norm_name(name)
        if n and (n == g or g in aliases.get(n, ())):
            return rank
    return None


# --- scoring and printing ---------------------------------------------------------------------


def hit_rank(shown: list[Shown], target: list[str] | None) -> int | None:
    if target is None:
        return None
    for rank, s in enumerate(shown, 1):
        if contains(tokens(s.text), target):
            return rank
    return None


def article_rank(shown: list[Shown], item: Item, corpus: Corpus) -> int | None:
    gold = corpus.id_of.get(item.article)
    for rank, s in enumerate(shown, 1):
        if corpus.id_of.get(s.article) == gold:
            return rank
    return None


def rate(values: list[int | None], k: int) -> float | None:
    return sum(v is not None and v <= k for v in values) / len(values) if values else None


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def metrics(results: list[dict[str, Any]], system: str) -> dict[str, float | None]:
    hits = [r["systems"][system]["hit"] for r in results]
    arts = [r["systems"][system]["article"] for r in results]
    out = {"n": len(results), "hit1": rate(hits, 1), "hit3": rate(hits, 3), "rec5": rate(arts, 5),
           "spk1": None, "spk3": None}
    if system == "onrecord-hybrid":
        spk = [r["ask_rank"] for r in results if r["form"] != "phrase"]
        out["spk1"], out["spk3"] = rate(spk, 1), rate(spk, 3)
    return out


def print_table(title: str, results: list[dict[str, Any]]) -> None:
    print(f"\n{title} (n={len(results)})")
    print(f"  {'system':<19} {'hit@1':>6} {'hit@3':>6} {'R@5':>6} {'spk@1':>6} {'spk@3':>6}")
    for system in SYSTEMS:
        m = metrics(results, system)
        print(f"  {system:<19} {fmt(m['hit1']):>6} {fmt(m['hit3']):>6} {fmt(m['rec5']):>6} "
              f"{fmt(m['spk1']):>6} {fmt(m['spk3']):>6}")


def print_targets(split: str, results: list[dict[str, Any]]) -> None:
    print(f"\ntargets, {split} (onrecord-hybrid; speaker@ is ask)")
    for label, form, metric, threshold in TARGETS:
        sel = [r for r in results if (r["form"] == form if form else r["form"] != "phrase")]
        value = metrics(sel, "onrecord-hybrid")[metric]
        verdict = "–" if value is None else ("met" if value >= threshold else "NOT met")
        print(f"  {label:<28} {fmt(value):>6}  target ≥ {threshold:.2f}  {verdict}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the OnRecord data folder here")
    ap.add_argument("--split", choices=("tune", "heldout", "all"), default="tune")
    ap.add_argument("--form", choices=FORMS)
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--json", type=Path, help="write per-question results here")
    ap.add_argument("--misses", action="store_true", help="print missed questions and what was shown")
    ap.add_argument("--check", action="store_true", help="only verify the question set")
    args = ap.parse_args()

    root = polnear_root(args.data)
    items = load_items(root, args.questions)
    if args.check:
        bad = check(items)
        wrong = {i for i, s in assign_splits(items).items()
                 if s != next(it.split for it in items if it.id == i)}
        if wrong:
            print(f"splits differ from the seeded rule for {sorted(wrong)}")
        return 1 if bad or wrong else 0
    items = [i for i in items if (args.split == "all" or i.split == args.split)
             and (args.form is None or i.form == args.form)]
    broken = [i for i in items if i.problems]
    for i in broken:
        print(f"{i.id}: {'; '.join(i.problems)} (counted as a miss)", file=sys.stderr)

    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="qa-")) / "data"
    info = build(root, data_dir)
    print(f"data folder {data_dir}: {json.dumps(info)}")
    corpus = load_corpus(data_dir)
    print(f"{len(corpus.name_of)} articles stored, {len(corpus.passages)} passages in canonical "
          f"articles; {len(items)} questions (split {args.split})")

    targets = {i.id: target_of(i, corpus) for i in items}
    for iid, (_target, how) in targets.items():
        if how != "sentence":
            print(f"  {iid}: target is {how}")

    t0 = time.perf_counter()
    service = SearchService.open(data_dir)
    try:
        runs, asked, errors = onrecord_runs(service, corpus, items)
    finally:
        service.close()
    onrecord_s = time.perf_counter() - t0
    runs.update(plain_baselines(corpus, items, args.keep))
    aliases = registry_aliases(data_dir)
    for e in errors:
        print(e)

    results = []
    for item in items:
        target, how = targets[item.id]
        row: dict[str, Any] = {
            "id": item.id, "form": item.form, "split": item.split, "question": item.question,
            "article": item.article, "speaker": item.speaker, "sentence": item.sentence,
            "target": how, "systems": {}, "ask": asked.get(item.id),
            "ask_rank": speaker_rank(asked.get(item.id, []), item.speaker, aliases)
            if item.form != "phrase" else None,
        }
        for system in SYSTEMS:
            shown = runs[system].get(item.id, [])
            row["systems"][system] = {
                "hit": hit_rank(shown, target), "article": article_rank(shown, item, corpus),
                "shown": [{"article": s.article, "text": s.text} for s in shown[:3]],
            }
        results.append(row)

    print(f"onrecord searches and asks: {onrecord_s:.0f} s")
    for split in ("tune", "heldout"):
        part = [r for r in results if r["split"] == split]
        if not part:
            continue
        for form in FORMS:
            sel = [r for r in part if r["form"] == form]
            if sel:
                print_table(f"{split} · {form}", sel)
        print_table(f"{split} · all forms", part)
        print_targets(split, part)

    if args.misses:
        print("\nmisses (onrecord-hybrid hit@3 or ask speaker@1):")
        for r in results:
            hy = r["systems"]["onrecord-hybrid"]
            ask_miss = r["form"] != "phrase" and r["ask_rank"] != 1
            if hy["hit"] is not None and hy["hit"] <= 3 and not ask_miss:
                continue
            print(f"\n{r['id']} [{r['form']}] {r['question']}\n  gold {r['article']} · "
                  f"{r['speaker']}: {r['sentence'][:140]!r}\n  hit={hy['hit']} "
                  f"article={hy['article']} ask={r['ask']}")
            for k, s in enumerate(hy["shown"], 1):
                print(f"  {k}. {s['article'][:45]}: {s['text'][:160]!r}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nper-question results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
