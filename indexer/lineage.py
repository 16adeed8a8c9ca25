"""Statement lineage: the other quotes and passages that carry the same statement as a quote,
verbatim, trimmed or reworded, across articles and sources, ordered by date, the earliest
marked, with the speaker each source credited and a word-level diff of each variant against
the earliest.

Two texts are the same statement (``same_statement``) when their words are equal
(``exact``); when one sentence or clause of either is carried by the other whole
(``trimmed``) or with a word or two edited (``reworded``), and no other name is put in that
sentence (``carried_sentence``: a stock line travelling inside another statement, rule 3 of
``scripts/lineage_rule.md``); when the shorter's words run unbroken inside the longer's, or
most of its word trigrams are in the longer (``trimmed``); when their MinHash Jaccard over word trigrams is high (``near``); or when
their MiniLM cosine is high *and* they share most content words, or one long sentence with a
word or two edited, or a clause of nine words kept in a rewritten statement, not counting the
capitalised words of a name inside it (``reworded``: the word tests keep out statements on the
same topic by the same speaker, which embed close). Short of a carried sentence, a text that
is the other with a name, number or region put in another's place (where the sentence was
reordered too: "in rural Hart County" / "help Johnston County expand"), or a named region
narrowed by a compass word, is a press office's template filled in again: a different
statement (``swapped_names``).
The thresholds (``THRESHOLDS``) were measured by ``scripts/eval_lineage.py`` on pairs labelled
from the Senate and prosecutor corpora. Candidates come from the quote index (the quote's words
and meaning) and the passage index (passages that hold the words without a stored quote).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

from indexer.normalise import matching_form
from indexer.store_quotes import QUOTE_FIELDS, quote_json

CANDIDATES = 100  # quotes and passages read as candidates for one lineage
QUERY_WORDS = 40  # words of the quote that look for candidates
NUM_PERM = 128
SCHEME = "affine64"  # as indexer.dedup signs articles
CARRIED_GAP = 4  # words between two matches of one line carried: a word or two edited (on the
# tune half 4 to 6 score alike and 3 lower; at 5 a lone "we" five words before "good news on the
# economic front" made that phrase one carried line)
STOP = frozenset("""a an and are as at be been but by for from has have he her his i in is it
its of on or our she that the their there they this to was we were will with would you your
not no do does did so than then them these those who which what when where how all any can
could should may might must shall us my me him""".split())

Tokens = list[tuple[str, bool]]  # a text's words, each with whether it opens a sentence


@dataclass(frozen=True)
class Thresholds:
    """Where "same statement" starts on each measure (see ``scripts/eval_lineage.py``)."""

    min_words: int = 6  # a shorter text of fewer words is never "trimmed" from a longer one
    overlap: float = 0.9  # share of the shorter text's word trigrams found in the longer
    run: int = 12  # words in a row both carry: one sentence of the statement repeated, ...
    run_cosine: float = 0.5  # ... unless the texts' MiniLM cosine is below this: a stock
    # sentence ("My Hometown Prosperity Plan calls for …") in two different statements
    jaccard: float = 0.6  # MinHash Jaccard of the word trigram sets
    cosine: float = 0.85  # MiniLM cosine, together with ...
    words: float = 0.7  # ... the share of the shorter text's content words in the longer
    sentence_words: int = 10  # a sentence this long of the shorter text, ...
    sentence: float = 0.9  # ... this share of its words in the longer, in order, ...
    sentence_cosine: float = 0.75  # ... and this cosine: one sentence repeated, edited
    clause_run: int = 9  # a clause of this many plain words both carry (``plain_run``), ...
    clause_words: float = 0.5  # ... this share of the shorter text's content words ...
    clause_cosine: float = 0.6  # ... and this cosine: a statement rewritten around a clause
    # it kept (chosen on the tune half: runs 8-9, cosines 0.55-0.6 and a share of 0.5 score alike)
    carried_words: int = 8  # a sentence of either text this long, ...
    carried: float = 0.85  # ... this share of its words in the other, in order, no name swapped
    # in them: one line travelling inside another statement (scripts/lineage_rule.md, rule 3)


THRESHOLDS = Thresholds()


@dataclass
class Similarity:
    """How alike two statement texts are, on each measure ``same_statement`` reads."""

    exact: bool
    contained: bool  # the shorter's words run unbroken inside the longer's
    shorter_words: int
    overlap: float  # of word trigrams, over the shorter text's
    jaccard: float  # MinHash estimate, word trigrams
    words: float  # of content words, over the shorter text's
    run: int = 0  # the longest run of words both texts carry
    plain_run: int = 0  # that run less its capitalised words after the first: a shared name
    # (a grant program, an office) is no shared wording
    sentence: float = 0.0  # the most of one long sentence of the shorter the longer carries
    conflict: bool = False  # a name or number swapped for another: a template, refilled
    cosine: float | None = None
    carried: float = 0.0  # the most of one sentence of either text the other carries, where
    # the words it carries put no other name, number or region in place (``carried_sentence``)

    def to_dict(self) -> dict[str, Any]:
        return {"overlap": round(self.overlap, 3), "jaccard": round(self.jaccard, 3),
                "words": round(self.words, 3), "run": self.run, "plain_run": self.plain_run,
                "sentence": round(self.sentence, 3), "carried": round(self.carried, 3),
                "conflict": self.conflict,
                "cosine": None if self.cosine is None else round(self.cosine, 3)}


def cased_words(text: str) -> list[str]:
    """A text's words as written, typography folded, punctuation dropped."""
    return re.findall(r"\w+", matching_form(text))


def words_of(text: str) -> list[str]:
    """A text's words, case folded, typography folded, punctuation dropped."""
    return [w.casefold() for w in cased_words(text)]


def trigrams(words: list[str]) -> set[str]:
    if len(words) < 3:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


@lru_cache(maxsize=1)
def _permutations() -> Any:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def minhash(grams: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    mh.update_batch([g.encode() for g in grams])
    return mh


def runs_inside(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` appears as an unbroken run of ``long``'s words."""
    if not short or len(short) > len(long):
        return False
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def longest_run(a: list[str], b: list[str]) -> tuple[int, int]:
    """(start in ``a``, length) of the longest run of words ``a`` and ``b`` share."""
    if not a or not b:
        return 0, 0
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.a, match.size


def plain_words(run: list[str]) -> int:
    """How many words of a run (as written) are not capitalised, the first and "I" counting
    as plain: a run that is mostly a proper name shares a name, not wording."""
    return sum(1 for i, w in enumerate(run) if i == 0 or w == "I" or not w[:1].isupper())


def sentences(text: str) -> list[str]:
    """A statement's sentences, cut after ".", "!", "?" or ";"."""
    return re.split(r"(?<=[.!?;])\s+", text)


def edited_sentence(text: str, long: list[str], least: int) -> float:
    """The largest share of the words of one sentence of ``text`` (of at least ``least``
    words) that ``long`` carries in order: a sentence repeated with a word or two edited."""
    best = 0.0
    for sentence in sentences(text):
        words = words_of(sentence)
        if len(words) >= least:
            blocks = difflib.SequenceMatcher(None, words, long, autojunk=False)
            best = max(best, sum(b.size for b in blocks.get_matching_blocks()) / len(words))
    return best


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses joined by ", and" or ", but", each a claim of its own ("..., and I
    am very pleased to see such a strong commitment"); none for a sentence of one clause."""
    parts = re.split(r",\s+(?=(?:and|but)\s)", sentence)
    return parts if len(parts) > 1 else []


def _stretches(found: list[Any], gap: int) -> list[Any]:
    """The best run of matching blocks at most ``gap`` words apart in both texts."""
    runs = [[found[0]]]
    for m in found[1:]:
        last = runs[-1][-1]
        if m.b - (last.b + last.size) <= gap and m.a - (last.a + last.size) <= gap:
            runs[-1].append(m)
        else:
            runs.append([m])
    return max(runs, key=lambda run: sum(m.size for m in run))


def spelled_words(text: str) -> tuple[str, list[tuple[int, int]], list[str]]:
    """A text in matching form, the span of each of its words there, and the words case
    folded: read once for every sentence of the other text that ``carried_share`` looks for."""
    form = matching_form(text)
    spans = [m.span() for m in re.finditer(r"\w+", form)]
    return form, spans, [form[i:j].casefold() for i, j in spans]


def carried_share(words: list[str], other: tuple[str, list[tuple[int, int]], list[str]],
                  gap: int = CARRIED_GAP) -> tuple[float, str]:
    """(the share of ``words`` that ``other`` carries in order in one stretch, its matches at
    most ``gap`` words apart, and that stretch from where the words would start to where they
    would end). A match far from the rest ("Our veterans" opening the other, "made significant
    sacrifices" 25 words on) is no part of one line carried; the words are aligned again with
    the stretch's neighbourhood alone, so an "It is" earlier in the other does not take the
    sentence's opening words. The stretch starts with "and " where its first word does not
    open a sentence of ``other``, so a name there reads as one ("Jesse Rodriguez has devoted" /
    "Paul has devoted"). ``other``: the other text's ``spelled_words``."""
    form, spans, folded = other

    def aligned(lo: int, hi: int) -> list[Any]:
        blocks = difflib.SequenceMatcher(None, words, folded[lo:hi],
                                         autojunk=False).get_matching_blocks()
        return [difflib.Match(m.a, m.b + lo, m.size) for m in blocks if m.size]

    found = aligned(0, len(folded)) if words else []
    if not found:
        return 0.0, ""
    blocks = _stretches(found, gap)
    lo = max(0, blocks[0].b - blocks[0].a - gap)
    hi = min(len(folded), blocks[-1].b + len(words) - blocks[-1].a + gap)
    again = _stretches(aligned(lo, hi), gap)
    if sum(m.size for m in again) > sum(m.size for m in blocks):
        blocks = again
    first = max(0, blocks[0].b - blocks[0].a)
    last = max(first + 1, min(len(spans), blocks[-1].b + len(words) - blocks[-1].a))
    opens = first == 0 or bool(re.search(r"[.!?]", form[spans[first - 1][1]:spans[first][0]]))
    window = ("" if opens else "and ") + form[spans[first][0]:spans[last - 1][1]]
    return sum(m.size for m in blocks) / len(words), window


def names_replaced(ta: Tokens, tb: Tokens, ops: list[Any]) -> bool:
    """Whether, where two texts differ (``ops``: ``token_ops`` of their ``tokens``), a run
    holding a name, number or region stands in one for a run holding another in the other,
    however long either run ("the High Ridge Fire Protection District" / "Allendale"), or one
    capitalised word opening a sentence for another ("Paul has devoted" / "Rodriguez has
    devoted"): stricter than ``swapped_names``, for a sentence one text carries from the
    other."""
    for op, i1, i2, j1, j2 in ops:
        if op != "replace":
            continue
        if any(referent(w, o) for w, o in ta[i1:i2]) and any(referent(w, o) for w, o in tb[j1:j2]):
            return True
        if i2 - i1 == j2 - j1 == 1 and all(
                w[:1].isupper() and w.casefold() not in STOP for w, _ in (ta[i1], tb[j1])):
            return True
    return False


def carried_sentence(a: str, b: str, least: int) -> float:
    """The largest share of the words of one sentence or clause of either text (of at least
    ``least`` words) that the other carries in order, counting it only where neither the
    stretch of the other standing for it nor the one standing for its whole sentence puts
    another name, number or region in place: a stock line repeated inside another statement is
    that line travelling, a template refilled anywhere in the sentence is not."""
    best = 0.0
    for text, other in ((a, b), (b, a)):
        spelled = spelled_words(other)
        for sentence in sentences(text):
            words = words_of(sentence)
            if len(words) < least:
                continue
            whole, window = carried_share(words, spelled)
            sentence_refilled: bool | None = None
            for unit in [sentence, *clauses(sentence)]:
                unit_words = words if unit is sentence else words_of(unit)
                if len(unit_words) < least:
                    continue
                share, own = (whole, window) if unit is sentence else \
                    carried_share(unit_words, spelled)
                if share <= best:
                    continue
                if sentence_refilled is None:
                    sentence_refilled = refilled_in(sentence, window)
                if sentence_refilled:
                    break
                if unit is sentence or not refilled_in(unit, own):
                    best = share
    return best


def refilled_in(text: str, stretch: str) -> bool:
    """Whether the stretch of another text standing for ``text`` puts another name, number or
    region in its place (``names_replaced`` or ``swapped_names``, on one alignment)."""
    ta, tb = tokens(text), tokens(stretch)
    ops = token_ops(ta, tb)
    return names_replaced(ta, tb, ops) or refilled_tokens(ta, tb, ops)


# compass words name a region as a name does: "southeastern" / "northeastern Pennsylvania"
COMPASS = re.compile(r"(?:north|south|east|west|mid)(?:east|west)?(?:ern|erly|ward)?|central",
                     re.IGNORECASE)


# the offices a bill passes through: "the Senate passed" / "the President signed into law" is
# one statement reissued at the bill's next stage, not a template filled with another name
STAGES = frozenset({"senate", "house", "congress", "president"})


def referent(word: str, opens: bool) -> bool:
    """Whether a word names what a template is filled with: a capitalised word that does not
    open a sentence (``opens``: the text's first word, or one after ``.``, ``!`` or ``?``) and
    is no bill ``STAGES`` office, a number, or a compass word."""
    return bool(not opens and word[:1].isupper() and word.casefold() not in STAGES
                or word[:1].isdigit() or COMPASS.fullmatch(word))


def tokens(text: str) -> Tokens:
    """A text's words (typography folded, case kept), each with whether it opens a sentence."""
    text = matching_form(text)
    out: list[tuple[str, bool]] = []
    end: int | None = None
    for m in re.finditer(r"\w+", text):
        out.append((m.group(), end is None or bool(re.search(r"[.!?]", text[end:m.start()]))))
        end = m.end()
    return out


def refilled(side: list[tuple[str, bool]], other: list[tuple[str, bool]]) -> bool:
    """Whether two replaced runs put one name, number or region in another's place: a short
    run (at most four words) on both sides holding a ``referent`` word on either, or runs that
    both start with one (the slot refilled, with a longer tail on one side)."""
    if not side or not other:
        return False
    if len(side) <= 4 and len(other) <= 4:
        return any(referent(w, o) for w, o in side + other)
    return min(len(side), len(other)) <= 4 and referent(*side[0]) and referent(*other[0])


def narrowed(added: list[tuple[str, bool]], after: tuple[str, bool] | None) -> bool:
    """Whether a run only one text has is a compass word or two qualifying the name that
    follows it, a region narrowed: "Maryland" / "Southern Maryland"."""
    return (0 < len(added) <= 2 and all(COMPASS.fullmatch(w) for w, _ in added)
            and after is not None and after[0][:1].isupper())


def slot_refilled(ta: list[tuple[str, bool]], tb: list[tuple[str, bool]]) -> bool:
    """Whether a name both texts carry once is preceded in each by a name the other lacks: the
    slot refilled wherever it stands in the sentence, so also where the sentence was reordered
    ("clean water in rural Hart County" / "help Johnston County expand access")."""
    def before(ts: list[tuple[str, bool]]) -> dict[str, tuple[str, bool]]:
        seen: dict[str, list[tuple[str, bool]]] = {}
        for prev, (word, opens) in zip(ts, ts[1:], strict=False):
            if word[:1].isupper() and not opens:
                seen.setdefault(word.casefold(), []).append(prev)
        return {w: prevs[0] for w, prevs in seen.items() if len(prevs) == 1}

    words_a, words_b = {w.casefold() for w, _ in ta}, {w.casefold() for w, _ in tb}
    in_a, in_b = before(ta), before(tb)
    for shared in in_a.keys() & in_b.keys():
        (x, x_opens), (y, y_opens) = in_a[shared], in_b[shared]
        if referent(x, x_opens) and referent(y, y_opens) and x.casefold() not in words_b \
                and y.casefold() not in words_a:
            return True
    return False


def swapped_names(a: str, b: str) -> bool:
    """Whether one text is the other with a name, number or region put in another's place (a
    press office's template filled in again: "shield Connecticut" / "shield Hartford",
    "southeastern" / "northeastern Pennsylvania projects", "in Atlanta," / "in Gainesville to
    better equip our first responders"), or a named region narrowed by a compass word."""
    ta, tb = tokens(a), tokens(b)
    return refilled_tokens(ta, tb, token_ops(ta, tb))


def token_ops(ta: Tokens, tb: Tokens) -> list[Any]:
    """The opcodes turning one text's ``tokens`` into the other's, case aside."""
    return difflib.SequenceMatcher(None, [w.casefold() for w, _ in ta],
                                   [w.casefold() for w, _ in tb], autojunk=False).get_opcodes()


def refilled_tokens(ta: Tokens, tb: Tokens, ops: list[Any]) -> bool:
    """``swapped_names`` on the texts' ``tokens`` and their ``token_ops``."""
    if slot_refilled(ta, tb):
        return True
    for op, i1, i2, j1, j2 in ops:
        if op == "replace" and refilled(ta[i1:i2], tb[j1:j2]):
            return True
        if op == "insert" and narrowed(tb[j1:j2], tb[j2] if j2 < len(tb) else None) or \
                op == "delete" and narrowed(ta[i1:i2], ta[i2] if i2 < len(ta) else None):
            return True
    return False


def compare(a: str, b: str, cosine: float | None = None, t: Thresholds = THRESHOLDS
            ) -> Similarity:
    """The similarity of two statement texts (``cosine`` from their vectors, when known)."""
    cased = cased_words(a)
    wa, wb = [w.casefold() for w in cased], words_of(b)
    start, size = longest_run(wa, wb)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    sentence = edited_sentence(a if short is wa else b, long, t.sentence_words)
    ga, gb = trigrams(wa), trigrams(wb)
    gs = ga if short is wa else gb
    overlap = len(ga & gb) / len(gs) if gs else 0.0
    jaccard = minhash(ga).jaccard(minhash(gb)) if ga and gb else 0.0
    ca, cb = {w for w in wa if w not in STOP}, {w for w in wb if w not in STOP}
    cs = ca if short is wa else cb
    words = len(ca & cb) / len(cs) if cs else 0.0
    return Similarity(exact=bool(wa) and wa == wb, contained=runs_inside(short, long),
                      shorter_words=len(short), overlap=overlap, jaccard=jaccard, words=words,
                      run=size, plain_run=plain_words(cased[start:start + size]), sentence=sentence,
                      conflict=swapped_names(a, b), cosine=cosine,
                      carried=carried_sentence(a, b, t.carried_words))


def same_statement(sim: Similarity, t: Thresholds = THRESHOLDS) -> str | None:
    """How two texts carry one statement (``exact``, ``trimmed``, ``near``, ``reworded``), or
    None when they are different statements."""
    if sim.exact:
        return "exact"
    carried = sim.carried >= t.carried  # a sentence shared, no name swapped in it
    if sim.conflict and not carried:
        return None
    shared_run = sim.run >= t.run and (sim.cosine is None or sim.cosine >= t.run_cosine)
    if sim.shorter_words >= t.min_words and (sim.contained or sim.overlap >= t.overlap
                                             or shared_run):
        return "trimmed"
    if sim.shorter_words >= t.min_words and sim.jaccard >= t.jaccard:
        return "near"
    if carried:
        return "trimmed" if sim.carried >= 1.0 else "reworded"
    if sim.cosine is not None and (sim.cosine >= t.cosine and sim.words >= t.words or
                                   sim.cosine >= t.sentence_cosine and sim.sentence >= t.sentence
                                   or sim.cosine >= t.clause_cosine
                                   and sim.plain_run >= t.clause_run
                                   and sim.words >= t.clause_words):
        return "reworded"
    return None


def diff_words(earliest: str, variant: str) -> list[dict[str, Any]]:
    """A word-level diff of a variant against the earliest text: ``equal``, ``delete`` (only
    in the earliest), ``insert`` (only in the variant) and ``replace`` runs, each with the
    words of both sides (``from``: the earliest's, ``to``: the variant's); words that differ
    only in case or punctuation count as equal."""
    a, b = earliest.split(), variant.split()
    key = lambda w: re.sub(r"\W+", "", matching_form(w).casefold()) or w  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(w) for w in a], [key(w) for w in b],
                                      autojunk=False)
    return [{"op": op, "from": " ".join(a[i1:i2]), "to": " ".join(b[j1:j2])}
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def query_text(text: str) -> str:
    """A quote's words as a plain-words query (no syntax, no operators)."""
    return " ".join(w for w in words_of(text) if w not in STOP)[:1000].strip() or \
        " ".join(words_of(text))


def cosines(embedder: Any, text: str, others: list[str]) -> list[float | None]:
    """The MiniLM cosine of ``text`` with each of ``others`` (None each without an encoder)."""
    if embedder is None or not others:
        return [None] * len(others)
    vectors = np.asarray(embedder.encode([text, *others]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors = vectors / norms[:, None]
    return [float(c) for c in vectors[1:] @ vectors[0]]


def when(row: dict[str, Any]) -> tuple[int, str, str]:
    """A sort key: dated appearances first, by date, then by article id."""
    published = row.get("published") or ""
    return (0 if published else 1, published, row.get("article_id") or "")


def appearance(row: dict[str, Any], kind: str, match: str, sim: Similarity | None
               ) -> dict[str, Any]:
    """One appearance of the statement in lineage's JSON shape."""
    return {"kind": kind, "quote_id": row.get("id") if kind == "quote" else None,
            "article_id": row["article_id"], "passage_id": row.get("passage_id"),
            "title": row.get("title"), "source": row.get("source"),
            "published": row.get("published"), "url": row.get("url"), "text": row["text"],
            "speaker": row.get("speaker") if kind == "quote" else None,
            "speaker_id": row.get("speaker_id") if kind == "quote" else None,
            "match": match, "similarity": sim.to_dict() if sim else None}


def quote_candidates(service: Any, text: str, exclude: int) -> list[dict[str, Any]]:
    """Stored quotes that may carry the statement: the quote ranking of its words and meaning."""
    from indexer.quote_index import quote_search_for

    ranked = quote_search_for(service).ranking(query_text(text)) or []
    ids = [r.quote_id for r in ranked[:CANDIDATES] if r.quote_id != exclude]
    rows = service.store.quotes_by_ids(ids)
    return [rows[i] for i in ids if i in rows]


def passage_candidates(service: Any, text: str, seen: set[str]) -> list[dict[str, Any]]:
    """Passages holding the statement's words without a stored quote of it (a paraphrase in a
    news report, a quote the extractor missed): keyword matches, lexical tests only."""
    hits = service.passages(query_text(text), mode="keyword", limit=CANDIDATES)
    meta = service.store.articles_meta({h.article_id for h in hits})
    return [{"article_id": h.article_id, "passage_id": h.passage_id, "text": h.text,
             **{k: meta.get(h.article_id, {}).get(k) for k in ("title", "source", "published",
                                                                 "url")}}
            for h in hits if h.passage_id not in seen]


def passage_span(quote: str, passage: str, t: Thresholds = THRESHOLDS) -> Similarity | None:
    """How a passage holds a quote's statement: the quote's words inside it, or most of its
    word trigrams; None when it does not."""
    wq, wp = words_of(quote), words_of(passage)
    if len(wq) < t.min_words:
        return None
    gq = trigrams(wq)
    overlap = len(gq & trigrams(wp)) / len(gq) if gq else 0.0
    inside = runs_inside(wq, wp)
    if not inside and overlap < t.overlap:
        return None
    return Similarity(exact=False, contained=inside, shorter_words=len(wq), overlap=overlap,
                      jaccard=0.0, words=1.0 if inside else overlap)


def lineage(service: Any, quote_id: int, t: Thresholds = THRESHOLDS) -> dict[str, Any] | None:
    """The lineage of a stored quote (None when there is no such quote): every appearance of
    its statement, ordered by date, the earliest marked, speakers compared, each variant
    diffed against the earliest."""
    store = service.store
    target = store.quotes_by_ids([quote_id]).get(quote_id)
    if target is None:
        return None
    found = [appearance(target, "quote", "self", None)]
    candidates = quote_candidates(service, target["text"], quote_id)
    lexical = [compare(target["text"], c["text"], t=t) for c in candidates]
    # only texts sharing enough words or an edited sentence need a cosine: encode those alone
    need = [i for i, s in enumerate(lexical) if same_statement(s, t) is None and
            (s.words >= t.words or s.sentence >= t.sentence)]
    for i, cos in zip(need, cosines(getattr(service, "embedder", None), target["text"],
                                    [candidates[i]["text"] for i in need]), strict=True):
        lexical[i].cosine = cos
    for row, sim in zip(candidates, lexical, strict=True):
        match = same_statement(sim, t)
        if match:
            found.append(appearance(row, "quote", match, sim))
    seen = {a["passage_id"] for a in found if a["passage_id"]}
    for row in passage_candidates(service, target["text"], seen):
        sim = passage_span(target["text"], row["text"], t)
        if sim is not None:
            found.append(appearance(row, "passage", "exact" if sim.contained else "trimmed", sim))
    return lineage_payload(store, target, found)


def fold_joint(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quote appearances of one article with the same words as one (a joint statement held
    once for each of its owners), the others it is credited to in its ``also_credited``: one
    release crediting two senators together is no disagreement about who said it."""
    out: list[dict[str, Any]] = []
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for a in found:
        a["also_credited"] = []
        key = (a["article_id"], " ".join(words_of(a["text"])))
        held = first.get(key)
        if held is not None and a["kind"] == held["kind"] == "quote":
            if a["speaker"] and a["speaker"] != held["speaker"]:
                held["also_credited"].append({"speaker": a["speaker"],
                                              "speaker_id": a["speaker_id"]})
            continue
        first[key] = a
        out.append(a)
    return out


def _credited(a: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    """Each speaker a quote appearance credits (its speaker and those with them), keyed by
    registry id or, without one, by name; none for a passage."""
    if a["kind"] != "quote":
        return {}
    named = [{"speaker": a["speaker"], "speaker_id": a["speaker_id"]}, *a["also_credited"]]
    return {n["speaker_id"] if n["speaker_id"] is not None else n["speaker"].casefold(): n
            for n in named if n["speaker"]}


def lineage_payload(store: Any, target: dict[str, Any], found: list[dict[str, Any]]
                    ) -> dict[str, Any]:
    """Appearances ordered by date, the earliest marked, reprints of each article, speakers
    compared and each variant diffed against the earliest (the JSON ``lineage`` returns)."""
    found = fold_joint(found)
    found.sort(key=when)
    reprints = store.reprints_of({a["article_id"] for a in found})
    earliest = found[0]
    for a in found:
        a["earliest"] = a is earliest
        a["reprints"] = reprints.get(a["article_id"], [])
        a["diff"] = diff_words(earliest["text"], a["text"]) if a is not earliest else []
    speakers: dict[Any, dict[str, Any]] = {}
    credits = [c for c in map(_credited, found) if c]
    for credited in credits:
        for key, n in credited.items():
            speakers.setdefault(key, {**n, "appearances": 0})["appearances"] += 1
    sources = {a["source"] for a in found if a["source"]}
    return {"quote": quote_json(target, QUOTE_FIELDS, with_article=True),
            "total": len(found), "sources": len(sources),
            "unsourced": sum(1 for a in found if not a["source"]),  # a plain folder's files
            "earliest": {k: earliest[k] for k in ("kind", "quote_id", "article_id", "source",
                                                  "published")},
            "speakers": sorted(speakers.values(), key=lambda s: -s["appearances"]),
            "speakers_disagree": any(not a.keys() & b.keys() for a in credits for b in credits),
            "appearances": found}
