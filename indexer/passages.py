"""Passages: paragraph-based spans of about 40–250 words that never cut a sentence."""

from __future__ import annotations

import re

from indexer.records import Article, Passage

MIN_WORDS = 40
MAX_WORDS = 250

# Abbreviations after which a period does not end a sentence.
_ABBREV = (
    r"Mr|Mrs|Ms|Dr|Sgt|Lt|Capt|Col|Gen|Gov|Sen|Rep|Rev|St|Jr|Sr|Mt|Ft|No|Inc|Corp|Co|Ltd|vs|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mo|Kan|Ill|Calif|Fla|Tex|Ariz|Wash|Mass|"
    r"Pa|Va|Ga|Md|Conn|Ore|Minn|Wis|Mich|Okla|Colo|Nev|Tenn|Ky|Ala|La|Miss|Ark|Neb|Del|D\.C|"
    r"U\.S|U\.N|a\.m|p\.m|e\.g|i\.e|etc|Det|Ofc|Atty|Supt|Cmdr|Prof|Hon"
)
# (a sentence may open with a quotation mark, or the doubled apostrophe some papers print for one)
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=(?:''|``|[\"“‘'(\[])?[A-Z0-9])")
_ABBREV_TAIL = re.compile(r"(?:\b(?:" + _ABBREV + r")|\b[A-Z])\.[\"”’')\]]*\s+$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences in ``text`` (a light rule-based splitter)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.end()
        if _ABBREV_TAIL.search(text[max(start, end - 12) : end]):
            continue
        piece_end = m.end() - (len(m.group()) - len(m.group().rstrip()))
        if piece_end > start:
            spans.append((start, piece_end))
        start = end
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _word_count(text: str) -> int:
    return len(text.split())


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text)]


def _split_long(text: str, start: int, end: int, max_words: int) -> list[tuple[int, int]]:
    """Split an over-long paragraph at sentence boundaries into pieces under ``max_words``."""
    pieces: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_words, prev_end = 0, start
    for s, e in sentence_spans(text[start:end]):
        s, e = s + start, e + start
        words = _word_count(text[s:e])
        if cur_start is not None and cur_words + words > max_words:
            pieces.append((cur_start, prev_end))
            cur_start, cur_words = None, 0
        if cur_start is None:
            cur_start = s
        cur_words += words
        prev_end = e
    if cur_start is not None:
        pieces.append((cur_start, prev_end))
    return pieces or [(start, end)]


def passage_spans(
    text: str, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS
) -> list[tuple[int, int]]:
    """Spans of passages over an article text whose paragraphs are separated by blank lines.

    Short paragraphs merge with the next until ``min_words``; long ones split by sentence. A
    trailing short remainder joins the previous passage when that stays under ``max_words``.
    """
    units: list[tuple[int, int]] = []
    for s, e in _paragraph_spans(text):
        if _word_count(text[s:e]) > max_words:
            units.extend(_split_long(text, s, e, max_words))
        else:
            units.append((s, e))
    spans: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for s, e in units:
        if cur is None:
            cur = (s, e)
        elif _word_count(text[cur[0] : cur[1]]) < min_words and _word_count(
            text[cur[0] : e]
        ) <= max_words:
            cur = (cur[0], e)
        else:
            spans.append(cur)
            cur = (s, e)
    if cur is not None:
        if (
            spans
            and _word_count(text[cur[0] : cur[1]]) < min_words
            and _word_count(text[spans[-1][0] : cur[1]]) <= max_words
        ):
            spans[-1] = (spans[-1][0], cur[1])
        else:
            spans.append(cur)
    return spans


def split_passages(article: Article) -> list[Passage]:
    """The article's passages with offsets into ``article.text``."""
    return [
        Passage(
            id=f"{article.id}:{i}",
            article_id=article.id,
            ordinal=i,
            start=s,
            end=e,
            text=article.text[s:e],
        )
        for i, (s, e) in enumerate(passage_spans(article.text))
    ]
