"""Import the prosecutor press releases into an OnRecord data folder.

Usage: python scripts/import_prosecutor.py [--data DIR] [--limit N] [--no-progress] [PATH]
PATH is the corpus tarball (streamed twice: metadata, then pages; nothing extracted) or an
extracted folder; it defaults to ../shared/data/prosecutor-press-releases.tar.gz.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

from indexer.importers import (  # noqa: E402
    count_corpus_files,
    import_arguments,
    iter_corpus_files,
    run_import,
)
from indexer.importers.prosecutor import (  # noqa: E402
    is_catalogue_path,
    is_page_path,
    iter_releases,
    load_catalogue,
)

DEFAULT = REPO.parent / "shared" / "data" / "prosecutor-press-releases.tar.gz"


def main(argv: list[str] | None = None) -> int:
    parser = import_arguments(__doc__.split("\n")[0], DEFAULT, "pages")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"error: corpus not found: {args.path}", file=sys.stderr)
        return 2
    catalogue = load_catalogue(iter_corpus_files(args.path, is_catalogue_path))
    if not catalogue.offices:
        print(f"warning: no counties.csv in {args.path}; sources left empty", file=sys.stderr)
    pages = iter_corpus_files(args.path, is_page_path)
    run_import(args, iter_releases(pages, catalogue, args.limit),
               lambda: count_corpus_files(args.path, is_page_path), "page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
