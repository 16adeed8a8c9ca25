"""How often ``ask`` says a named speaker is not quoted on the topic, when that is true and when
it is not.

Usage: python scripts/eval_far_notice.py --keep DIR [--split tune|heldout|all] [--shift 7]

DIR is a data folder ``scripts/eval_qa.py --keep DIR`` built (the PolNeAR train and dev
articles). For each speaker question of the QA set ("What did X say about Y?", written from a
quote X gave on Y) ``ask`` should answer without saying X is off the topic; asked about another
speaker question's topic (the one ``--shift`` places on, "What did X say about Z?"), it should
say so: either X is not quoted on Z at all (the answers are others') or none of X's quotes is
close to Z or, for a subject of two or three words, on it. Prints, per split, how many real
questions carry such a notice (false alarms) and how many swapped ones do, apart for the two
notices. A swapped topic may now and then be one X did speak on; the count is an upper bound
of what a perfect notice would give.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.answers import read_intent  # noqa: E402
from indexer.search import SearchService  # noqa: E402

QUESTIONS = REPO / "scripts" / "qa" / "polnear_dev_questions.jsonl"
NOT_QUOTED = "is not quoted on this"
FAR = ("is close to this question", "quotes in the archive is on '")  # FAR_FROM, NOT_ON


def notice_of(service: SearchService, question: str) -> str | None:
    """'not quoted', 'far' or None: what ``ask`` tells about the asked speaker."""
    notices = service.ask(question, limit=3).notices
    if any(NOT_QUOTED in n for n in notices):
        return "not quoted"
    if any(far in n for n in notices for far in FAR):
        return "far"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, required=True, help="eval_qa.py's data folder")
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument("--shift", type=int, default=7, help="whose topic a speaker is asked")
    args = parser.parse_args()
    if not (args.keep / "store.sqlite3").exists():
        print(f"error: {args.keep}: no store (build it with scripts/eval_qa.py --keep)",
              file=sys.stderr)
        return 2
    items = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    service = SearchService.open(args.keep)
    try:
        for split in (("tune", "heldout") if args.split == "all" else (args.split,)):
            asked = [q for q in items if q["form"] == "speaker" and q["split"] == split]
            real = {"not quoted": 0, "far": 0}
            swapped = {"not quoted": 0, "far": 0}
            for i, item in enumerate(asked):
                speaker = read_intent(item["question"]).speaker
                topic = read_intent(asked[(i + args.shift) % len(asked)]["question"]).text
                for question, counts in ((item["question"], real),
                                         (f"What did {speaker} say about {topic}?", swapped)):
                    said = notice_of(service, question)
                    if said:
                        counts[said] += 1
            print(f"{split}: {len(asked)} speaker questions; notice on the real question "
                  f"{sum(real.values())} (not quoted {real['not quoted']}, far {real['far']}); "
                  f"asked about another question's topic {sum(swapped.values())} (not quoted "
                  f"{swapped['not quoted']}, far {swapped['far']})")
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
