"""``python -m indexer`` runs the ``onrecord`` command line."""

import sys

from indexer.cli import main

sys.exit(main())
