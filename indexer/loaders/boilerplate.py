"""Boilerplate paragraphs that main-text extractors let through, as small named rules.

trafilatura keeps a page's main block but often with the odd call to action, "read also" teaser,
photo credit, advert label or affiliate note inside it, and with paragraphs that are nothing but a
link. Each rule below looks at one paragraph (its text and the share of it inside links); a
paragraph any rule fires on is dropped. The wording rules only judge short paragraphs (prose that
merely mentions a newsletter is kept) and cover the languages of the evaluation pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_BOILERPLATE_CHARS = 200
MIN_LINK_SHARE = 0.9

_CALL_TO_ACTION_RE = re.compile(
    r"newsletter|\bsign(?:ed)? ?up\b|\bsubscri(?:be|ption)|suscr[ií]b|abonn|\blog ?in\b"
    r"|eingeloggt|\bregistr(?:ieren|ese|ez)\b|créez votre compte|\bdonate\b|\bspenden\b"
    r"|teilen mit|share this|pour lire la suite|pour accéder|read more|weiterlesen|leer más"
    r"|lire la suite",
    re.I,
)
_TEASER_RE = re.compile(
    r"^\W*(?:le puede interesar|te puede interesar|puedes ver|lee también|lea también"
    r"|ver también|leia também|veja também|lesen sie auch|lesen sie mehr|mehr zum thema"
    r"|auch interessant|lire aussi|à lire aussi|voir aussi|leggi anche|read also|also read"
    r"|read more|related|see also|more on this|más sobre|mehr dazu|siehe auch)\b",
    re.I,
)
_CREDIT_RE = re.compile(
    r"©|\(c\)\s*\d{4}|all rights reserved|alle rechte vorbehalten|todos los derechos reservados"
    r"|tous droits réservés|tutti i diritti riservati"
    r"|^\W*(?:foto|bild|photo|image|credit|crédito|fuente|quelle)s?\s*:",
    re.I,
)
_ADVERT_RE = re.compile(
    r"^\W*(?:anzeige|werbung|advertisement|publicidad|publicité|pubblicità|sponsored|gesponsert)\b",
    re.I,
)
_AFFILIATE_RE = re.compile(
    r"affiliate|provisions-links|we may receive compensation|erhalten wir (?:eine )?provision",
    re.I,
)


@dataclass(frozen=True)
class Block:
    """One paragraph of extracted main text and how much of it is link text (0 to 1)."""

    text: str
    link_share: float = 0.0


def _short_match(pattern: re.Pattern[str]) -> Callable[[Block], bool]:
    """A rule firing on short paragraphs that ``pattern`` finds something in."""

    def rule(block: Block) -> bool:
        return len(block.text) <= MAX_BOILERPLATE_CHARS and bool(pattern.search(block.text))

    rule.__doc__ = f"Short paragraph matching {pattern.pattern[:40]!r}..."
    return rule


def is_link_block(block: Block) -> bool:
    """A paragraph that is (almost) all link text: a teaser, a menu entry, a tag list."""
    return block.link_share >= MIN_LINK_SHARE


is_call_to_action = _short_match(_CALL_TO_ACTION_RE)
is_related_teaser = _short_match(_TEASER_RE)
is_credit_line = _short_match(_CREDIT_RE)
is_advert_label = _short_match(_ADVERT_RE)
is_affiliate_note = _short_match(_AFFILIATE_RE)

RULES: tuple[tuple[str, Callable[[Block], bool]], ...] = (
    ("link block", is_link_block),
    ("call to action", is_call_to_action),
    ("related teaser", is_related_teaser),
    ("credit line", is_credit_line),
    ("advert label", is_advert_label),
    ("affiliate note", is_affiliate_note),
)


def boilerplate_reason(block: Block) -> str | None:
    """The name of the first rule that marks ``block`` as boilerplate, or None."""
    return next((name for name, rule in RULES if rule(block)), None)


def prune_boilerplate(blocks: list[Block]) -> list[Block]:
    """``blocks`` without boilerplate paragraphs; unchanged when every one would go."""
    kept = [block for block in blocks if boilerplate_reason(block) is None]
    return kept or blocks
