#!/usr/bin/env bash
# Create .venv with Python 3.11 and install OnRecord, its dev extra and their pinned versions.
# Re-running is cheap: installs only when requirements.txt or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.onrecord-installed
want=$(cat requirements.txt requirements-dev.txt constraints.txt pyproject.toml | sha1sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  # the package with its dev extra (tests, lint, benchmarks), every version from constraints.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi
# Export the embedding model to ONNX once, so searches encode queries without torch
# (indexer/query_encoder.py); cheap when the export is already cached.
.venv/bin/python -m indexer.query_encoder >/dev/null \
  || echo "warning: no ONNX export of the embedding model; searches will load torch" >&2
