"""Date parsing for the formats press pages use, with the precision that was actually given."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# Spanish month names ("11 de abril de 2024"), as releases issued in Spanish too write them
_MONTHS.update({name: i + 1 for i, name in enumerate(
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
    .split())})
_MONTHS["setiembre"] = 9
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"

_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ]|\b)")
_YMD_SLASH = re.compile(r"\b(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b")
_MDY_SLASH = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b")
_MDY_NAME = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I)
_DMY_NAME = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})\b", re.I)
_DMY_SPANISH = re.compile(
    r"\b(?P<d>\d{1,2})\s+de\s+(?P<mon>enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"sep?tiembre|octubre|noviembre|diciembre),?\s+(?:de\s+|del\s+)?(?P<y>\d{4})\b", re.I)
_COMPACT = re.compile(r"^(?P<d>\d{1,2})" + _MONTH + r"(?P<y>\d{4})", re.I)  # 10Apr2008
_DIGITS = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*$")  # 20080410, alone
_MY_NAME = re.compile(r"^\s*" + _MONTH + r",?\s+(?P<y>\d{4})\s*$", re.I)
_YM = re.compile(r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})\s*$")
_Y = re.compile(r"^\s*(?P<y>\d{4})\s*$")


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1800 <= y <= 2100


def _month(match: re.Match[str]) -> int:
    if "mon" in match.groupdict() and match.group("mon"):
        return _MONTHS[match.group("mon").lower().rstrip(".")]
    return int(match.group("m"))


def parse_date(value: str) -> tuple[str, str] | None:
    """Parse a date string into (ISO string, precision 'day'|'month'|'year'), or None.

    Full dates come as ``YYYY-MM-DD``; a month alone as ``YYYY-MM``; a bare year as ``YYYY``.
    """
    if not value:
        return None
    text = value.strip()
    for pattern in (_ISO, _YMD_SLASH, _MDY_NAME, _DMY_NAME, _DMY_SPANISH, _COMPACT, _MDY_SLASH,
                    _DIGITS):
        m = pattern.search(text)
        if m:
            y, mo, d = int(m.group("y")), _month(m), int(m.group("d"))
            if _valid(y, mo, d):
                return f"{y:04d}-{mo:02d}-{d:02d}", "day"
    for pattern in (_MY_NAME, _YM):
        m = pattern.match(text)
        if m:
            y, mo = int(m.group("y")), _month(m)
            if 1 <= mo <= 12 and 1800 <= y <= 2100:
                return f"{y:04d}-{mo:02d}", "month"
    m = _Y.match(text)
    if m and 1800 <= int(m.group("y")) <= 2100:
        return m.group("y"), "year"
    return None


def iso_date(value: str | None) -> str | None:
    """A date as ``parse_date`` writes it ('March 3, 2007' -> '2007-03-03', '2007-03' stays),
    or the value as given when it is none (None stays None)."""
    parsed = parse_date(value) if value else None
    return parsed[0] if parsed else value


# Dates as file names write them: 2007-06-11, 2007_06_11, 20070611, 11Jun2007, 11-Jun-2007,
# Jun-11-2007, June_11_2007 (digits or letters on either side are not part of the date).
_NAME_NUMERIC = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
_NAME_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[-_ ]?" + _MONTH + r"[-_ ]?(?P<y>(?:19|20)\d\d)(?!\d)",
                       re.I)
_NAME_MDY = re.compile(r"(?<![a-z])" + _MONTH + r"[-_ ]?(?P<d>\d{1,2})[-_, ]+(?P<y>(?:19|20)\d\d)(?!\d)",
                       re.I)


def date_in_name(path: str) -> str | None:
    """The day a file's name gives ("11Jun2007Kyl93.txt", "release-2019-05-03.html"), as
    ``YYYY-MM-DD``: a fallback for documents whose text carries no date. Folders are ignored."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for pattern in (_NAME_NUMERIC, _NAME_DMY, _NAME_MDY):
        for m in pattern.finditer(name):
            y, mo, d = int(m.group("y")), _month(m), int(m.group("d"))
            if _valid(y, mo, d):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def date_bounds(value: str, end: bool = False) -> date:
    """The first (or last, with ``end``) day a ``YYYY[-MM[-DD]]`` or free-form date covers.

    Raises ValueError with a message naming the value when it is not a date.
    """
    parsed = parse_date(value)
    if not parsed:
        raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
    iso, precision = parsed
    parts = [int(p) for p in iso.split("-")]
    if precision == "day":
        return date(*parts)
    if precision == "month":
        y, m = parts
        if not end:
            return date(y, m, 1)
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
