"""Boilerplate paragraphs that main-text extractors let through, as small named rules.

trafilatura keeps a page's main block but often with the odd call to action, "read also" teaser,
photo credit, advert label or affiliate note inside it, and with paragraphs that are nothing but a
link. Each rule below looks at one paragraph (its text and the share of it inside links); a
paragraph any rule fires on is dropped. The wording rules only judge short paragraphs, labels count
only when written as labels (``RELATED:``, ``Advertisement``, not "related provisions"), and
sign-up or donation wording only when addressed to the reader, so that press-release prose ("who
wish to donate", "sponsored the bill") stays. They cover the languages of the evaluation pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_BOILERPLATE_CHARS = 200
MAX_LABEL_WORDS = 4
MAX_TEASER_CHARS = 80
MIN_LINK_SHARE = 0.9

_SIGN_UP_RE = re.compile(
    r"newsletter|\bsign(?:ed)? ?up\b|\bsubscribe\b|suscr[ií]b|abonn|\blog ?in\b|eingeloggt"
    r"|\bregistr(?:ieren|ese|ez)\b|\bdonate\b|\bspenden\b",
    re.I,
)
_READER_RE = re.compile(
    r"\b(?:you|your|our|us|we|sie|ihr|ihre|du|dich|dein|deine|unser|unsere|vous|votre|nous"
    r"|notre|nos|usted|nuestra|nuestro|nuestros|tu|tus|aquí|here|hier|ici)\b",
    re.I,
)
_PAYWALL_RE = re.compile(
    r"pour lire la suite|pour accéder en illimité|to continue reading|um weiterzulesen"
    r"|para seguir leyendo|per continuare a leggere",
    re.I,
)
_LABEL_RE = re.compile(
    r"^\W*(?:read more|more|weiterlesen|leer más|lire la suite|leggi tutto|share(?: this)?"
    r"|teilen(?: mit)?|compartir|partager|newsletter(?: sign[- ]?up)?|sign[- ]?up|subscribe"
    r"|donate|spenden|log ?in|anmelden|print|drucken|imprimir)\W*$",
    re.I,
)
_TEASER_RE = re.compile(
    r"^\W*(le puede interesar|te puede interesar|puedes ver|lee también|lea también"
    r"|ver también|leia também|veja também|lesen sie auch|lesen sie mehr|mehr zum thema"
    r"|auch interessant|lire aussi|à lire aussi|voir aussi|leggi anche|read also|also read"
    r"|read more|related(?: posts| stories| articles)?|see also|more on this|más sobre|mehr dazu"
    r"|siehe auch)\b(\s*[:|>»–—-]|\s*$)?",
    re.I,
)
_CREDIT_RE = re.compile(
    r"©|\(c\)\s*\d{4}|all rights reserved|alle rechte vorbehalten|todos los derechos reservados"
    r"|tous droits réservés|tutti i diritti riservati"
    r"|^\W*(?:foto|bild|photo|image|credit|crédito|fuente|quelle)s?\s*:",
    re.I,
)
_ADVERT_RE = re.compile(
    r"^\W*(anzeige|werbung|advertisement|publicidad|publicité|pubblicità|sponsored|gesponsert)\b"
    r"(\s*[:|–—-]|\s*$)?",
    re.I,
)
_AFFILIATE_RE = re.compile(
    r"affiliate[- ]?(?:links?|programs?|programme)|provisions-links|partnerlinks?"
    r"|we may receive compensation|erhalten wir (?:eine )?provision",
    re.I,
)


@dataclass(frozen=True)
class Block:
    """One paragraph of extracted main text and how much of it is link text (0 to 1)."""

    text: str
    link_share: float = 0.0


def short(block: Block) -> bool:
    """Short enough for wording alone to mark it as boilerplate."""
    return len(block.text) <= MAX_BOILERPLATE_CHARS


def starts_with_label(pattern: re.Pattern[str], text: str, bare_chars: int = 0) -> bool:
    """True when ``text`` opens with ``pattern``'s label written as one: in capitals, or
    capitalised and set off by a separator or the end (or by nothing, in a paragraph of at most
    ``bare_chars``)."""
    match = pattern.match(text)
    if match is None:
        return False
    label = match.group(1)
    set_off = match.group(2) is not None or len(text) <= bare_chars
    return label.isupper() or (label[:1].isupper() and set_off)


def is_link_block(block: Block) -> bool:
    """A paragraph that is (almost) all link text: a teaser, a menu entry, a tag list."""
    return block.link_share >= MIN_LINK_SHARE


def is_call_to_action(block: Block) -> bool:
    """A bare button label (``Read more``, ``Newsletter sign-up``), a paywall line, or a short
    sign-up or donation request addressed to the reader."""
    text = block.text
    if len(text.split()) <= MAX_LABEL_WORDS and _LABEL_RE.match(text):
        return True
    if not short(block):
        return False
    return bool(_PAYWALL_RE.search(text)) or bool(
        _SIGN_UP_RE.search(text) and _READER_RE.search(text)
    )


def is_related_teaser(block: Block) -> bool:
    """A short "read also" pointer to another article, its label set off as one."""
    return short(block) and starts_with_label(_TEASER_RE, block.text, MAX_TEASER_CHARS)


def is_credit_line(block: Block) -> bool:
    """A short photo credit or copyright line."""
    return short(block) and bool(_CREDIT_RE.search(block.text))


def is_advert_label(block: Block) -> bool:
    """An advert marker (``Anzeige``, ``ADVERTISEMENT``, ``Sponsored:``)."""
    return short(block) and starts_with_label(_ADVERT_RE, block.text)


def is_affiliate_note(block: Block) -> bool:
    """A short affiliate-link or commission disclosure."""
    return short(block) and bool(_AFFILIATE_RE.search(block.text))


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
