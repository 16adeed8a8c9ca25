"""OnRecord: search and question answering over press statements and archived news articles."""

__version__ = "0.1.0"
