"""Import the prosecutor press releases into an OnRecord data folder.

Usage: python scripts/import_prosecutor.py [--data DIR] [--limit N] [PATH]
PATH is the corpus tarball (streamed twice: metadata, then pages; nothing extracted) or an
extracted folder; it defaults to ../shared/data/prosecutor-press-releases.tar.gz.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.importers import (  # noqa: E402
    import_arguments,
    iter_corpus_files,
    print_import_report,
)
from indexer.importers.prosecutor import (  # noqa: E402
    is_catalogue_path,
    is_page_path,
    iter_releases,
    load_catalogue,
)
from indexer.ingest import ingest_documents  # noqa: E402

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
    report = ingest_documents(iter_releases(pages, catalogue, args.limit), args.data)
    print_import_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
