"""Quote extraction and in-article speaker attribution.

``extract_quotes(text)`` finds direct, partial and transcript quotes and resolves who said them.
"""

from indexer.quotes.extract import extract_quotes, extract_quotes_many
from indexer.quotes.model import load_nlp

__all__ = ["extract_quotes", "extract_quotes_many", "load_nlp"]
