#!/usr/bin/env bash
# The main job: set up .venv, ingest corpus/, build the indexes, then serve the web app
# (a sample search instead when the web app cannot be imported).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
export ONRECORD_DATA=${ONRECORD_DATA:-data}
.venv/bin/onrecord ingest corpus/
if .venv/bin/python -c "import webapp.app" 2>/dev/null; then
  exec .venv/bin/onrecord serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
else
  .venv/bin/onrecord search "moving vehicles"
fi
