"""Start-up cost of the read path: import time, and wall time and peak memory of one
``onrecord search`` per mode and one ``onrecord ask`` from the command line, for this checkout
and (``--before``) another one, in one run.

    python scripts/bench_startup.py --data DATA [--before PATH] [--runs 3]

DATA is a built data folder (e.g. 400 Senate releases); PATH is a checkout of an earlier commit
(``git worktree add /tmp/before <commit>``) run with this checkout's virtualenv. Each figure is
the median of ``--runs`` fresh processes; memory is the peak resident set size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERY = "federal funding for veterans hospitals"
QUESTION = "What did the senator say about veterans hospitals?"
IMPORT = "import indexer.search, indexer.cli, webapp.app"


def commands(data: Path) -> list[tuple[str, list[str]]]:
    """(label, python arguments) of each measured command."""
    cli = ["-m", "indexer.cli", "--data", str(data)]
    return [("import read path", ["-c", IMPORT])] + [
        (f"search --mode {mode}", [*cli, "search", QUERY, "--mode", mode, "--json"])
        for mode in ("keyword", "semantic", "hybrid")
    ] + [("ask", [*cli, "ask", QUESTION, "--json"])]


def measure(repo: Path, args: list[str], runs: int) -> tuple[float, float]:
    """(median wall seconds, median peak MB) of ``runs`` fresh processes in ``repo``."""
    walls, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, *args], cwd=repo,
                              capture_output=True, text=True, env={"PYTHONPATH": str(repo),
                                                                  "PATH": "/usr/bin:/bin"})
        walls.append(time.perf_counter() - start)
        if done.returncode:
            raise SystemExit(f"{repo}: {' '.join(args)} failed: {done.stderr.strip()[-300:]}")
        peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--before", type=Path, help="checkout of the earlier commit")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not (args.data / "store.sqlite3").is_file():
        print(f"error: --data: no store in {args.data}", file=sys.stderr)
        return 2
    repos = [("before", args.before)] if args.before else []
    repos.append(("now", REPO))
    print(f"{'command':22s} " + "  ".join(f"{name:>8s} s {name:>8s} MB" for name, _ in repos)
          + ("  ratio" if args.before else ""))
    for label, cmd in commands(args.data.resolve()):
        figures = [measure(repo, cmd, args.runs) for _, repo in repos]
        line = f"{label:22s} " + "  ".join(f"{w:10.2f} {m:11.0f}" for w, m in figures)
        if args.before:
            line += f"  {figures[-1][0] / figures[0][0]:.2f}x"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
