"""Import the Grimmer US Senate press releases into an OnRecord data folder.

Usage: python scripts/import_grimmer.py [--data DIR] [--limit N] [--no-progress] [PATH]
PATH is the corpus tarball (streamed, nothing extracted) or an extracted folder; it defaults to
../shared/data/grimmer-senate-press-releases.tar.gz relative to the repository. A progress bar
with rate and ETA goes to stderr; the report (with seconds and peak memory) is JSON on stdout.
Interrupted, a rerun continues: stored releases are recognised and skipped, unindexed ones
indexed.
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
from indexer.importers.grimmer import is_release_path, iter_releases  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "grimmer-senate-press-releases.tar.gz"


def main(argv: list[str] | None = None) -> int:
    parser = import_arguments(__doc__.split("\n")[0], DEFAULT, "releases")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"error: corpus not found: {args.path}", file=sys.stderr)
        return 2
    files = iter_corpus_files(args.path, is_release_path)
    run_import(args, iter_releases(files, args.limit),
               lambda: count_corpus_files(args.path, is_release_path), "release")
    return 0


if __name__ == "__main__":
    sys.exit(main())
