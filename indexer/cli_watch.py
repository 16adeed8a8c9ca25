"""The ``onrecord watch`` (saved searches and their alerts) and ``onrecord lineage`` (a
statement across sources) commands, registered by ``indexer.cli.build_parser``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indexer.watches import FILTER_KEYS, MODES, WatchError, WatchSpec


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {number}")
    return number


def _quote_id(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 2 ** 53:
        raise argparse.ArgumentTypeError(f"not a quote id: {value!r} (a positive whole number)")
    return int(value)


def cmd_watch_add(args: argparse.Namespace) -> int:
    from indexer.engines import open_engine
    from indexer.store import Store
    from indexer.watches import add_watch

    spec = WatchSpec(name=args.name, query=" ".join(args.query), mode=args.mode,
                     threshold=args.threshold, webhook=args.webhook,
                     **{k: getattr(args, k) for k in FILTER_KEYS})
    data_dir = args.data_dir(args)
    store = Store.open(data_dir)
    keyword = open_engine(data_dir)
    try:
        watch = add_watch(store, spec, keyword)
    finally:
        keyword.close()
        store.close()
    if args.json:
        _print_json(watch.to_dict(secret=True))
    else:
        print(f"watch {watch.id} {watch.spec.name!r} added; Atom feed secret: {watch.secret}")
        print("It alerts on articles ingested from now on; 'onrecord search' finds what the "
              "archive already holds.")
        if hint := any_word_hint(watch.spec):
            print(hint)
    return 0


def any_word_hint(spec: WatchSpec) -> str | None:
    """A reminder, for a watch of several plain words that keyword matching reads, that any one
    of them matches ('ethanol subsidies' alerts on trade subsidies too), and how to ask for all."""
    from indexer.querymodel import split_query

    model = split_query(spec.query)
    words = list(model.terms)
    if spec.mode == "semantic" or model.constraints or model.exclusions or len(words) < 2 \
            or not all(w.isalnum() for w in words):
        return None  # a hyphenated word, an exclusion: no suggestion that would drop them
    return (f"Its plain words match any one of them; to alert only on all of them, write them "
            f"as '\"{' '.join(words)}\"' (the phrase) or '{' AND '.join(words)}'.")


def cmd_watch_list(args: argparse.Namespace) -> int:
    from indexer.store import Store
    from indexer.watches import list_watches

    store = Store.open(args.data_dir(args), readonly=True)
    try:
        watches = [{**w.to_dict(), "matches": store.watch_matches(w.id, limit=0)[0]}
                   for w in list_watches(store)]
    finally:
        store.close()
    if args.json:
        _print_json({"watches": watches})
    for w in [] if args.json else watches:
        filters = " ".join(f"--{k.replace('_', '-')} {v!r}" for k, v in w["filters"].items())
        print(f"{w['id']:>4}  {w['name']}: {w['query'] or '(no query)'!r} [{w['mode']}]"
              f"{' ' + filters if filters else ''}"
              f"{' webhook ' + w['webhook'] if w['webhook'] else ''}  {w['matches']} matches")
    return 0


def cmd_watch_remove(args: argparse.Namespace) -> int:
    from indexer.store import Store
    from indexer.watches import remove_watch

    store = Store.open(args.data_dir(args))
    try:
        watch = remove_watch(store, args.watch)
    finally:
        store.close()
    if args.json:
        _print_json({"removed": watch.to_dict()})
    else:
        print(f"watch {watch.id} {watch.spec.name!r} removed")
    return 0


def cmd_watch_run(args: argparse.Namespace) -> int:
    from indexer.engines import open_engine
    from indexer.store import Store
    from indexer.watches import run_watches

    data_dir = args.data_dir(args)
    store = Store.open(data_dir)
    keyword = semantic = None
    try:
        if not args.no_vectors and store.pending_articles() and (data_dir / "vectors").exists():
            from indexer.ingest import open_semantic

            keyword, semantic = open_engine(data_dir), open_semantic(data_dir)
        report = run_watches(data_dir, store, args.watch, args.since, args.since_last,
                             semantic, keyword)
    finally:
        if keyword is not None:
            keyword.close()
        store.close()
    if args.json:
        _print_json(report)
        return 0
    for w in report["watches"]:
        since = f" since {w['since']}" if w["since"] else ""
        print(f"{w['name']} (#{w['id']}): {w['total']} match{'es' * (w['total'] != 1)}{since}")
        for m in w["matches"]:
            print(f"  {m['title']}  [{m['source'] or '-'} · {m['published'] or 'undated'}]"
                  f"  ({', '.join(m['reasons'])})  {m['article_id']}")
            if m["quote"]:
                print(f"      {_quoted(m['quote']['text'], 160)} - "
                      f"{m['quote']['speaker'] or '(unattributed)'}")
            for r in m["reprints"]:
                print(f"      reprinted: {r['source'] or '-'} · {r['published'] or 'undated'}"
                      f"  {r['article_id']}")
    d = report["deliveries"]
    if any(d.values()):
        print(f"webhooks: {d['delivered']} delivered, {d['retrying']} to retry, "
              f"{d['failed']} failed")
    return 0


def cmd_lineage(args: argparse.Namespace) -> int:
    from indexer.lineage import lineage
    from indexer.search import SearchService

    data_dir = args.data_dir(args)
    service = SearchService.open(data_dir, semantic=(data_dir / "vectors").exists())
    try:
        result = lineage(service, args.quote_id)
    finally:
        service.close()
    if result is None:
        raise WatchError(f"no quote {args.quote_id} (quote ids: 'onrecord quotes --json')")
    if args.json:
        _print_json(result)
        return 0
    q = result["quote"]
    unsourced = f", {result['unsourced']} with no source" if result["unsourced"] else ""
    print(f"{_quoted(q['text'], 200)} - {q['speaker'] or '(unattributed)'}: {result['total']} "
          f"appearance(s) in {result['sources']} source(s){unsourced}")
    if result["speakers_disagree"]:
        names = ", ".join(f"{s['speaker']} ({s['appearances']})" for s in result["speakers"])
        print(f"  sources disagree on who said it: {names}")
    for a in result["appearances"]:
        mark = "earliest" if a["earliest"] else a["match"]
        credited = " and ".join([a["speaker"], *(c["speaker"] for c in a["also_credited"])]) \
            if a["speaker"] else "(no speaker)"
        print(f"  {a['published'] or 'undated'}  [{mark}] {a['source'] or 'no source'}: {a['title']}"
              f" - {credited}  {a['article_id']}")
        changed = [d for d in a["diff"] if d["op"] != "equal"]
        for d in changed[:5]:
            print(f"      {d['op']}: {d['from']!r} -> {d['to']!r}")
    return 0


def _quoted(text: str, limit: int) -> str:
    """A quote in one pair of curly quotes, whatever marks its stored text carries."""
    bare = text.strip().strip('"\u201c\u201d\u2018\u2019\'').strip()
    return f"\u201c{bare[:limit]}{'…' if len(bare) > limit else ''}\u201d"


def add_watch_commands(sub: Any, add_filter_args: Callable[[argparse.ArgumentParser], None],
                       data_dir: Callable[[argparse.Namespace], Path]) -> None:
    """Register ``watch add|list|remove|run`` and ``lineage`` (``add_filter_args``: the search
    filters, as ``onrecord search`` takes them; ``data_dir``: the data folder of the args)."""
    p = sub.add_parser("watch", help="saved searches and their alerts on ingest")
    watch = p.add_subparsers(dest="watch_command", required=True)

    w = watch.add_parser("add", help="save a search (any query syntax and mode, filters)")
    w.add_argument("name")
    w.add_argument("query", nargs="*", help="the query (may be empty with a filter)")
    w.add_argument("--mode", default="hybrid", choices=MODES)
    add_filter_args(w)
    w.add_argument("--threshold", type=_threshold, help="semantic match from this cosine "
                   "(0-1, default 0.5)")
    w.add_argument("--webhook", help="POST each batch of new matches (JSON) to this URL")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_watch_add, data_dir=data_dir)

    w = watch.add_parser("list", help="the saved searches")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_watch_list, data_dir=data_dir)

    w = watch.add_parser("remove", help="delete a watch and its matches")
    w.add_argument("watch", metavar="NAME|ID")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_watch_remove, data_dir=data_dir)

    w = watch.add_parser("run", help="show watches' matches and send due webhooks")
    w.add_argument("watch", nargs="?", metavar="NAME|ID")
    when = w.add_mutually_exclusive_group()
    when.add_argument("--since-last", action="store_true",
                      help="only matches recorded since this watch's previous run")
    when.add_argument("--since", help="only matches recorded (ingested) on or after this date")
    w.add_argument("--no-vectors", action="store_true",
                   help="do not load the model to match articles waiting for semantic watches")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=cmd_watch_run, data_dir=data_dir)

    p = sub.add_parser("lineage", help="where a quote's statement appears, earliest first")
    p.add_argument("quote_id", type=_quote_id, metavar="QUOTE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_lineage, data_dir=data_dir)
