"""First names: gender_guesser's name lists, for pronoun gender and for telling a name from
the capitalised words around it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1)
def load_gender_detector():  # noqa: ANN201 - third-party type
    """gender_guesser's first-name detector (cached: reading its name lists takes a second)."""
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


def gender_of(name: str) -> str:
    """Guess 'm', 'f' or 'u' from a person's first name (gender_guesser's name lists)."""
    first = name.split()[0].split("-")[0] if name else ""  # 'Mary-Ellen' -> Mary
    if len(first) < 2 or first.endswith("."):
        return "u"
    g = load_gender_detector().get_gender(first)
    # only a name the lists call male or female: 'mostly' ones are often the other ('Bernie'
    # and 'Lindsey' are mostly female there), so they fit either pronoun
    return {"male": "m", "female": "f"}.get(g, "u")


def is_first_name(word: str) -> bool:
    """True when gender_guesser lists ``word`` as a first name ('Bernie', 'Loretta'), or each
    part of a hyphenated one ('Jo-Renee', 'Mary-Ellen'; not 'Al-Qaeda')."""
    detector = load_gender_detector()
    if "-" in word.strip("-"):
        return all(len(p) > 1 and detector.get_gender(p) != "unknown" for p in word.split("-"))
    return len(word) > 1 and detector.get_gender(word) != "unknown"


NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())  # after a surname, never one
# After a word the name lists hold, these make it a place or a body's name, not a first name:
# 'Brooklyn District Eric Gonzalez', 'Madison County Sheriff …'
_PLACE_HEADS = frozenset("district county city state borough parish township committee "
                         "department office".split())


def _is_initial(word: str) -> bool:
    """A middle initial ('R.', 'R')."""
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def first_name_at(words: Sequence[str]) -> int | None:
    """Where the name begins in a run of capitalised words ending in a surname: the first word
    before the surname that is a first name, not a place's ('Committee Joseph R. Biden' -> 1,
    'Brooklyn District Eric Gonzalez' -> 2), or that a
    middle initial follows ('Defender Sharone R. Mitchell Jr.' -> 1), else None. A suffix
    ('Jr.') ends the run after the surname: 'Mitchell Jr.' is no first name and surname."""
    end = len(words) - 1
    while end > 1 and words[end].rstrip(".,").lower() in NAME_SUFFIXES:
        end -= 1
    for n, w in enumerate(words[:end]):
        if is_first_name(w) and words[n + 1].lower() not in _PLACE_HEADS:
            return n
        if n + 1 < end and _is_initial(words[n + 1]) and w[:1].isupper() and w.isalpha() \
                and not _is_initial(w):
            return n
    return None
