"""Country and US state names: a place quoted as a source speaks for its government, so it is
an organisation-kind speaker, not a person ('Iraq', 'North Korea', 'Texas')."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from indexer.quotes.names import is_first_name

_US_STATES = frozenset(
    name.strip() for name in """Alabama|Alaska|Arizona|Arkansas|California|Colorado|
    Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|
    Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|
    Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|
    Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|
    Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|America""".split("|")
)

US_STATE_NAMES = _US_STATES - {"America"}


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """English country and region names (Unicode CLDR, through babel) and the US states."""
    return frozenset(Locale("en").territories.values()) | _US_STATES


def is_place_name(name: str) -> bool:
    """True for a country or state name that is not also a first name ('Jordan', 'Georgia')."""
    return name in _place_names() and not is_first_name(name)
