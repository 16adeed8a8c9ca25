"""Quote extraction and in-article speaker attribution.

``extract_quotes(text)`` finds direct, partial and transcript quotes and resolves who said them.
The extractor (and spaCy) loads on first use of these names, so that the read path can use the
package's light helpers (``indexer.quotes.names``) without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["extract_quotes", "extract_quotes_many", "load_nlp"]


def __getattr__(name: str) -> Any:
    """``extract_quotes``, ``extract_quotes_many`` and ``load_nlp``, imported when first asked."""
    if name in ("extract_quotes", "extract_quotes_many"):
        from indexer.quotes import extract

        return getattr(extract, name)
    if name == "load_nlp":
        from indexer.quotes.model import load_nlp

        return load_nlp
    raise AttributeError(f"module 'indexer.quotes' has no attribute {name!r}")
