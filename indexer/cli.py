"""The ``onrecord`` command line: a thin layer over the library, one function per command."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from indexer.cli_watch import add_watch_commands
from indexer.keyword_index import KINDS, Filters, QueryError
from indexer.loaders.options import LoadOptions, parse_field_map
from indexer.resultset import SORTS
from indexer.store import StoreError

EXIT_ERROR = 2
VECTOR_CHOICES = ("now", "later")  # ingest --vectors (indexer.embed_later)


class CliError(Exception):
    """A one-line error for the user; exit status 2 (or ``status``)."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _warn(message: str) -> None:
    sys.stderr.write(message.replace("\n", " ") + "\n")


def _data_dir(args: argparse.Namespace) -> Path:
    return Path(args.data or os.environ.get("ONRECORD_DATA") or "data")


def _load_options(args: argparse.Namespace) -> LoadOptions:
    try:
        field_map = parse_field_map(getattr(args, "map", None))
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    options = LoadOptions(field_map=field_map, source=getattr(args, "source", None))
    if getattr(args, "max_bytes", None):
        options.max_bytes = args.max_bytes
    return options


def _progress_bar(total: int | None, enabled: bool) -> tuple[Callable[[int], None] | None, Any]:
    if not enabled or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)
    return bar.update, bar


# --- commands ------------------------------------------------------------------------------


def _ray_spec(args: argparse.Namespace) -> Any:
    """``--workers``/``--ray-workers`` as an ``indexer.ray_ingest.RaySpec`` (None: in-process)."""
    if args.workers == "in-process":
        if args.ray_workers:
            raise CliError("--ray-workers needs --workers ray or ray://HOST:PORT")
        return None
    from indexer.ray_ingest import parse_workers

    try:
        return parse_workers(args.workers, args.ray_workers)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def cmd_ingest(args: argparse.Namespace) -> int:
    from indexer.ingest import count_inputs, ingest

    options = _load_options(args)
    data_dir = _data_dir(args)
    options.raw_dir = data_dir / "raw"
    spec = _ray_spec(args)
    if args.nice and hasattr(os, "nice"):  # batch work: a server on this machine answers first
        os.nice(args.nice)
    update, bar = _progress_bar(count_inputs(args.inputs), not args.json)
    work = dict(progress=update, batch_size=args.batch_size, quotes=not args.no_quotes,
                semantic=not args.no_vectors and args.vectors == "now", model=args.model)
    try:
        if spec is None:
            report = ingest(args.inputs, data_dir, options, **work)
        else:
            from indexer.ray_ingest import RayUnavailable, ingest_on_ray

            try:
                report = ingest_on_ray(args.inputs, data_dir, spec, options, **work)
            except RayUnavailable as exc:
                raise CliError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    for skip in report.skipped:
        _warn(f"skipped {skip.origin}: {skip.reason}")
    for warning in report.warnings:
        _warn(f"warning: {warning}")
    if args.json:
        _print_json(report.to_dict())
    else:
        print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.duplicates} duplicates, {len(report.skipped)} skipped; "
            f"{report.passages} passages indexed"
        )
    if report.stored + report.unchanged == 0:
        reason = report.skipped[0].reason if report.skipped else "no input files found"
        raise CliError(f"nothing could be ingested ({len(report.skipped)} skipped; first: {reason})", 1)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from indexer.loaders import load_path
    from indexer.normalise import normalise

    options = _load_options(args)
    printed = 0
    for name in args.files:
        for item in load_path(Path(name), options):
            if not hasattr(item, "body"):
                _warn(f"skipped {item.origin}: {item.reason}")
                continue
            article = normalise(item)
            if article is None:
                _warn(f"skipped {item.origin}: no text left after cleaning")
                continue
            record = {
                "file": item.origin,
                "title": article.title,
                "published": article.published if article.published_precision == "day" else None,
                "byline": article.byline,
                "dateline": article.dateline,
                "source": article.source,
                "url": article.url,
                "text": article.text,
                "paragraphs": article.paragraphs,
            }
            if args.json:
                _print_json(record)
            else:
                print(f"# {article.title}\n{article.published or ''} {article.source or ''}\n")
                print(article.text + "\n")
            printed += 1
    if not printed:
        raise CliError("nothing could be extracted", 1)
    return 0


def _filters_from(values: dict[str, Any]) -> Filters:
    return Filters(
        source=values.get("source"),
        since=values.get("since"),
        until=values.get("until"),
        speaker=values.get("speaker"),
        quotes_only=bool(values.get("quotes_only")),
        issuer=values.get("issuer"),
        kind=values.get("kind"),
    )


def cmd_search(args: argparse.Namespace) -> int:
    from indexer.search import SearchService

    service = SearchService.open(_data_dir(args), semantic=_needs_semantic(args))
    try:
        if args.queries:
            if args.format:
                raise CliError("--format exports one query's whole result set: not with --queries")
            return _batch_search(service, args)
        if not args.query:
            raise CliError("search: give a QUERY or --queries FILE.jsonl")
        if args.format:  # the whole result set (indexer.export), not one page
            from indexer.export import search_export

            _write_export(search_export(service, " ".join(args.query), args.mode,
                                        _filters_from(vars(args)), sort=args.sort), args.format)
            return 0
        result = service.search(
            " ".join(args.query), mode=args.mode, limit=args.limit, offset=args.offset,
            filters=_filters_from(vars(args)), sort=args.sort,
        )
        if args.json:
            _print_json(result.to_dict())
        else:
            _print_hits(result)
    finally:
        service.close()
    return 0


def _write_export(export: Any, fmt: str) -> None:
    """An ``indexer.export`` export written to stdout as ``fmt`` (csv or jsonl)."""
    from indexer.export import chunks_of

    for chunk in chunks_of(export, fmt):
        sys.stdout.write(chunk)


def _needs_semantic(args: argparse.Namespace) -> bool:
    """Keyword-only searches skip loading the embedding model."""
    if args.queries:
        return True
    return args.mode != "keyword"


def _counted(n: int, noun: str) -> str:
    """'1 quote', '2 quotes': a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _print_hits(result: Any) -> None:
    import re

    print(f"{_counted(result.total, 'matching article')} for {result.query!r}")
    for notice in result.notices:
        print(notice)
    for i, hit in enumerate(result.hits, 1):
        snippet = re.sub(r"</?mark>", "*", hit.highlight)
        from html import unescape

        print(f"\n{i}. {hit.title}  [{hit.source or '-'} · {hit.published or 'undated'}]")
        if hit.issuer:
            print(f"   issued by {hit.issuer['name']}")
        print(f"   {unescape(snippet)}")
        for q in hit.quotes:
            print(f"   [{q['kind']}] {q['speaker'] or '(unattributed)'}: {q['text'][:100]}")
        extra = f" · {hit.more_in_article} more passages in this article" if hit.more_in_article else ""
        print(f"   passage {hit.passage_id}{extra}")


def _batch_search(service: Any, args: argparse.Namespace) -> int:
    path = Path(args.queries)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CliError(f"--queries {path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("query"), str):
                raise QueryError("each line needs an object with a string \"query\"")
            result = service.search(
                item["query"],
                mode=item.get("mode", args.mode),
                limit=int(item.get("limit", args.limit)),
                offset=int(item.get("offset", 0)),
                filters=_filters_from({**vars(args), **item}),
                sort=str(item.get("sort", args.sort)),
            )
            _print_json({"id": item.get("id"), "hits": [h.to_dict() for h in result.hits]})
        except (json.JSONDecodeError, QueryError, ValueError, TypeError) as exc:
            ident = item.get("id") if isinstance(locals().get("item"), dict) else None
            _warn(f"{path}:{n}: {exc}")
            _print_json({"id": ident, "hits": [], "error": str(exc)})
            item = None
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    """Extract quotes from files (no store), or search stored quotes by speaker and words."""
    if not args.files:
        return _search_quotes(args)
    if args.format:
        raise CliError("--format exports stored quotes: give no FILE")
    from indexer.quotes import extract_quotes_many
    from indexer.store_quotes import EXTRACTED_QUOTE_FIELDS, quote_json

    texts: list[tuple[str, str]] = []
    issuers: list[Any] = []
    for name in args.files:
        if _is_markup(name):  # a web page: its text as `onrecord extract` reads it
            page = _page_text(name)
            if page is not None:
                texts.append((name, page[0]))
                issuers.append(page[1])
            continue
        try:
            with open(name, encoding="utf-8", newline="") as fh:
                texts.append((name, fh.read()))
                issuers.append(None)
        except UnicodeDecodeError:
            _warn(f"skipped {name}: not UTF-8 text")
        except OSError as exc:
            _warn(f"skipped {name}: {exc.strerror or exc}")
    if not texts:
        missing = [n for n in args.files if not os.path.exists(n)]
        pathlike = any(os.sep in n or Path(n).suffix for n in missing)
        if missing == args.files and not pathlike:  # 'onrecord quotes fentanyl': words
            words = " ".join(args.files)
            raise CliError(f"no such file: {words!r}; to search stored quotes for these words, "
                           f"use --query {shlex.quote(words)}", 1)
        raise CliError("no readable files", 1)
    found = extract_quotes_many([t for _, t in texts], issuers=issuers)
    for (name, _), quotes in zip(texts, found, strict=True):
        for q in quotes:
            row = {"file": name, **quote_json(q.to_dict(), EXTRACTED_QUOTE_FIELDS),
                   "confidence": round(q.confidence, 3)}
            if args.json:
                _print_json(row)
            else:
                who = q.speaker or "(unattributed)"
                print(f"{name}:{q.start}-{q.end} [{q.kind}] {who}: {q.text}")
    return 0


_MARKUP_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


def _is_markup(name: str) -> bool:
    """Whether a file is a web page (by its suffix, or its first bytes: '<!DOCTYPE html',
    '<html'), whose quotes are read from its text, not its markup."""
    if not os.path.isfile(name):
        return False  # a folder or a missing file: read (and refused) as before
    if Path(name).suffix.lower() in _MARKUP_SUFFIXES:
        return True
    try:
        with open(name, "rb") as fh:
            head = fh.read(512).lstrip().lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype html"))


def _page_text(name: str) -> tuple[str, Any] | None:
    """A web page's article text and issuer as ingest reads them (None, with a warning, when
    the page gives no article)."""
    from indexer.ingest import issuer_hint, prepare_article
    from indexer.loaders import load_bytes
    from indexer.loaders.options import LoadOptions

    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        _warn(f"skipped {name}: {exc.strerror or exc}")
        return None
    # a page saved as 'page', 'page.php' or 'page.txt' is read by the HTML loader all the same
    as_page = name if Path(name).suffix.lower() in _MARKUP_SUFFIXES else f"{name}.html"
    for item in load_bytes(as_page, data, name, LoadOptions()):
        if not hasattr(item, "body"):
            _warn(f"skipped {item.origin}: {item.reason}")
            return None
        article = prepare_article(item)
        if article is None:
            _warn(f"skipped {name}: no text left after cleaning")
            return None
        return article.text, issuer_hint(article)
    _warn(f"skipped {name}: no article in it")
    return None


def _search_quotes(args: argparse.Namespace) -> int:
    """Stored quotes through the quote index (indexer.quote_index): ``--contains`` words the
    quote must all contain, ranked by BM25F and meaning; ``--query`` words and meaning."""
    from indexer.quote_index import VECTOR_DIR, QuoteSearch
    from indexer.registry import find_speaker_ids
    from indexer.search import check_filters
    from indexer.store import Store
    from indexer.store_quotes import ROW_QUOTE_FIELDS, quote_json

    query = getattr(args, "query", None)
    check_filters(Filters(since=args.since, until=args.until))
    data = _data_dir(args)
    store = Store.open(data, readonly=True)
    try:
        ids = find_speaker_ids(store, args.speaker) if args.speaker else None
        embedder = None
        if (query or args.contains) and (data / VECTOR_DIR).exists():
            from indexer.query_encoder import reading_encoder

            embedder = reading_encoder()
        quotes = QuoteSearch.open(store, embedder)
        try:
            if args.format:  # the whole set (indexer.export), not one page
                from indexer.export import QuoteQuery, quote_export

                spec = QuoteQuery(query or args.contains, not query, args.speaker, args.since,
                                  args.until, getattr(args, "source", None),
                                  getattr(args, "kind", None), getattr(args, "issuer", None))
                _write_export(quote_export(store, quotes, spec), args.format)
                return 0
            total, rows = quotes.search(
                query or args.contains, ids, args.since, args.until,
                getattr(args, "source", None), getattr(args, "kind", None), args.limit,
                args.offset, all_words=not query, issuer=getattr(args, "issuer", None))
        finally:
            quotes.close()
    finally:
        store.close()
    if args.json:
        _print_json({"total": total, "quotes": [
            quote_json(r, ROW_QUOTE_FIELDS, with_article=True, ranked=("score", "found_by"))
            for r in rows]})
    else:
        print(_counted(total, "quote"))
        for r in rows:
            print(f"\n{r['speaker'] or '(unattributed)'} · {r['published'] or 'undated'} · {r['title']}")
            print(f"   {r['text']}")
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    from indexer.registry import shown_roles, speaker_summaries
    from indexer.store import Store

    if args.repair:
        return _repair_speakers(args)
    store = Store.open(_data_dir(args), readonly=True)
    try:
        rows = speaker_summaries(store, args.query, args.limit, args.offset)
    finally:
        store.close()
    if args.json:
        _print_json({"query": args.query, "speakers": rows})
    else:
        for r in rows:
            roles = shown_roles(r["roles"], r["orgs"])
            span = f"{r['first'] or '?'} – {r['last'] or '?'}" if r["first"] or r["last"] \
                else "undated"
            print(f"{r['id']:>5}  {r['name']}{' (' + roles + ')' if roles else ''}  "
                  f"{_counted(r['quotes'], 'quote')}, {span}")
    return 0


def _repair_speakers(args: argparse.Namespace) -> int:
    """``speakers --repair``: the registry brought up to the current rules in place, and the
    keyword and quote documents of the articles it touched re-written (vectors stay)."""
    from indexer.engines import open_engine
    from indexer.ingest import index_articles
    from indexer.registry import repair_registry
    from indexer.store import Store

    store = Store.open(_data_dir(args))
    keyword = open_engine(_data_dir(args))
    try:
        with store.transaction():
            report = repair_registry(store)
        articles = sorted(report.articles)
        for start in range(0, len(articles), 200):
            index_articles(store, keyword, articles[start:start + 200])
    finally:
        keyword.close()
        store.close()
    if args.json:
        _print_json(report.to_dict())
    else:
        print(f"repaired the registry: {len(report.junk)} entries naming nobody dropped, "
              f"{len(report.folded)} folded, {report.moved_quotes} quotes moved, "
              f"{len(report.articles)} articles re-indexed")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from indexer.search import SearchService

    service = SearchService.open(_data_dir(args))
    try:
        result = service.ask(" ".join(args.question), limit=args.limit,
                             filters=_filters_from(vars(args)))
    finally:
        service.close()
    if args.json:
        _print_json(result.to_dict())
        return 0
    for notice in result.notices:
        print(notice)
    if not result.answers:
        print("No answer found.")
    for i, a in enumerate(result.answers, 1):
        print(f"{i}. {a.answer}")
        print(f"   — {a.citation}" + (f" <{a.url}>" if a.url else ""))
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from indexer.search import SearchService

    service = SearchService.open(_data_dir(args))
    try:
        result = service.similar(args.passage_id, limit=args.limit,
                                 filters=_filters_from(vars(args)))
    finally:
        service.close()
    if args.json:
        _print_json(result.to_dict())
    else:
        _print_hits(result)
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from indexer.ingest import delete_articles

    deleted, missing = delete_articles(_data_dir(args), args.article_ids)
    for aid in missing:
        _warn(f"skipped {aid}: no such article")
    if args.json:
        _print_json({"deleted": deleted, "missing": missing})
    else:
        print(f"{len(deleted)} deleted")
    if not deleted:
        raise CliError("nothing deleted", 1)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web app and JSON API with waitress: ``--workers`` processes sharing one socket,
    each with ``--threads`` threads and a pool of readers (webapp/server.py, webapp/services.py)."""
    from webapp.app import create_app
    from webapp.server import default_workers, listening_socket, serve_workers

    workers = args.workers or default_workers()
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as exc:
        raise CliError(f"serve: cannot listen on {args.host}:{args.port}: "
                       f"{exc.strerror or exc}") from None
    print(f"OnRecord serving {_data_dir(args)} at http://{args.host}:{args.port}/ "
          f"({workers} worker{'s' if workers > 1 else ''} x {args.threads} threads)", flush=True)
    config = {"DATA_DIR": str(_data_dir(args))}
    return serve_workers(sock, lambda: create_app(config), args.threads, workers)


def cmd_stats(args: argparse.Namespace) -> int:
    from indexer.engines import engine_summary, open_engine
    from indexer.store import Store

    store = Store.open(_data_dir(args), readonly=True)
    try:
        stats = store.stats()
    finally:
        store.close()
    keyword = open_engine(_data_dir(args), create=False)
    stats["engine"] = engine_summary(_data_dir(args))
    stats["keyword_documents"] = keyword.doc_count()
    stats["keyword_segments"] = keyword.segment_count()
    keyword.close()
    from indexer.consistency import open_vectors

    vectors = open_vectors(_data_dir(args))
    if vectors is not None:
        stats["vectors"] = len(vectors)
        stats["vector_model"] = vectors.recorded_model
    from indexer.quote_index import QuoteIndex, open_quote_vectors

    quote_index = QuoteIndex.open(_data_dir(args), create=False)
    stats["quote_documents"] = quote_index.doc_count()
    quote_index.close()
    quote_vectors = open_quote_vectors(_data_dir(args))
    if quote_vectors is not None:
        stats["quote_vectors"] = len(quote_vectors)
    # what a keyword-first ingest left for ``onrecord embed`` (indexer.embed_later)
    stats["unembedded_passages"] = max(0, stats["keyword_documents"] - stats.get("vectors", 0))
    stats["unembedded_quotes"] = max(0, stats["quote_documents"] - stats.get("quote_vectors", 0))
    if args.json:
        _print_json(stats)
    else:
        for key, value in stats.items():
            print(f"{key:>18}: {value}")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    """Rebuild the derived indexes from the store; with ``--engine``, the keyword index on
    that engine (the vectors are kept as they are: switching never re-embeds)."""
    from indexer.engines import open_engine, switch_engine
    from indexer.ingest import open_semantic, rebuild_indexes
    from indexer.store import Store

    if args.reextract and args.no_quotes:
        raise QueryError("--reextract extracts quotes again: it cannot go with --no-quotes")
    target = args.reindex_engine or args.engine
    store = Store.open(_data_dir(args))
    if target:
        keyword = switch_engine(_data_dir(args), target, args.reindex_uri or args.engine_uri)
    else:
        keyword = open_engine(_data_dir(args))
    semantic = None if args.no_vectors or target else open_semantic(
        _data_dir(args), args.model, replace_model=True)
    try:
        if args.renormalise or args.reextract:
            from indexer.renormalise import renormalise_store

            report = renormalise_store(store, keyword, quotes=not args.no_quotes,
                                       every=args.reextract)
            shown = 20
            for item in report.unreadable[:shown]:
                _warn(f"warning: {item.line()}")
            if len(report.unreadable) > shown:
                _warn(f"warning: {len(report.unreadable) - shown} more articles kept as they are")
            again = f" ({report.reextracted} with their quotes extracted again)" \
                if args.reextract else ""
            print(f"renormalised {report.articles} articles: {report.changed} changed, "
                  f"{report.unchanged} unchanged{again}, {len(report.unreadable)} kept as they "
                  f"are; passages {report.passages_before} -> {report.passages_after}"
                  + (f"; {report.folded} speaker {'entry' if report.folded == 1 else 'entries'}"
                     " left without quotes folded into the speakers their quotes went to"
                     if report.folded else ""))
        from indexer.registry import repair_registry

        with store.transaction():  # the registry to the current rules; the rebuild re-writes
            repaired = repair_registry(store)
        count = rebuild_indexes(store, keyword, semantic)
    finally:
        keyword.close()
        store.close()
    if repaired.junk or repaired.folded or repaired.moved_quotes:
        print(f"repaired the registry: {len(repaired.junk)} entries naming nobody dropped, "
              f"{len(repaired.folded)} folded, {repaired.moved_quotes} quotes moved")
    print(f"reindexed {count} passages")
    return 0


def cmd_embed(args: argparse.Namespace) -> int:
    """Embed the passages and quotes a keyword-first ingest (``--vectors later``) left without
    vectors (indexer.embed_later); resumable: a rerun continues where a crash stopped."""
    from indexer.embed_later import embed

    spec = _ray_spec(args)
    if not (_data_dir(args) / "store.sqlite3").exists():
        raise CliError(f"no store in {_data_dir(args)}: run 'onrecord ingest' first")
    if args.nice and hasattr(os, "nice"):
        os.nice(args.nice)
    if args.watch is not None:
        return _watch_embed(args, spec)
    update, bar = _progress_bar(None, not args.json)
    try:
        if spec is None:
            report = embed(_data_dir(args), args.model, progress=update)
        else:
            from indexer.ray_ingest import RayUnavailable, embed_on_ray

            try:
                report = embed_on_ray(_data_dir(args), spec, args.model, update)
            except RayUnavailable as exc:
                raise CliError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    _print_embed_report(args, report)
    return 0


def _watch_embed(args: argparse.Namespace, spec: Any) -> int:
    """``embed --watch SECONDS``: embed what waits, again and again, until interrupted; one
    line (or JSON object) per round that embedded something."""
    from indexer.embed_later import watch

    if spec is not None:
        raise CliError("--watch runs in-process: not with --workers ray")
    if not args.watch > 0:
        raise CliError(f"--watch: SECONDS must be more than 0, not {args.watch:g}")
    for report in watch(_data_dir(args), args.watch, args.model):
        if report.passages or report.quotes or report.changed:
            _print_embed_report(args, report)
            sys.stdout.flush()
    return 0


def _print_embed_report(args: argparse.Namespace, report: Any) -> None:
    if args.json:
        _print_json(report.to_dict())
    else:
        print(f"embedded {report.passages} passages and {report.quotes} quotes of "
              f"{report.articles} articles; {report.remaining_passages} passages and "
              f"{report.remaining_quotes} quotes still without vectors"
              + (f" ({report.changed} articles changed meanwhile: run embed again)"
                 if report.changed else ""))


def cmd_optimize(args: argparse.Namespace) -> int:
    """Merge the keyword index's segments into one (after a bulk import: faster searches)."""
    import time

    from indexer.engines import open_engine

    keyword = open_engine(_data_dir(args), create=False)
    start = time.perf_counter()
    try:
        before = keyword.optimize()
        after = keyword.segment_count()
    finally:
        keyword.close()
    print(f"merged {before} keyword index segments into {after} "
          f"({keyword.doc_count()} passages) in {time.perf_counter() - start:.1f}s")
    return 0


# --- parser --------------------------------------------------------------------------------


def _add_filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--source", help="only this source/publisher")
    p.add_argument("--since", help="published on or after (YYYY[-MM[-DD]])")
    p.add_argument("--until", help="published on or before (YYYY[-MM[-DD]])")
    p.add_argument("--speaker", help="only passages quoting this speaker (name or registry id)")
    p.add_argument("--quotes-only", action="store_true", help="only passages containing quotes")
    p.add_argument("--issuer", help="only articles issued by this person or organisation "
                                    "(name or registry id), whoever is quoted")
    p.add_argument("--kind", choices=KINDS, help="only passages with a quote of this "
                                                 "attribution kind")


def _add_worker_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", default="in-process", metavar="in-process|ray|ray://HOST:PORT",
                   help="where loading, normalisation, quote extraction and embedding run: "
                        "in this process (default), a local Ray, or a Ray cluster (Ray Client "
                        "address); the store and indexes are written here either way")
    p.add_argument("--ray-workers", type=_positive_int, default=None, metavar="N",
                   help="Ray actors, each with its own models (default: one a CPU)")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onrecord", description="Search and question answering over press statements."
    )
    parser.add_argument("--data", help="data directory (default $ONRECORD_DATA or ./data)")
    parser.add_argument("--engine", help="keyword engine of a new data folder: whoosh (default) "
                                         "or milvus (default $ONRECORD_ENGINE; a folder keeps "
                                         "its engine: 'reindex --engine' moves it)")
    parser.add_argument("--engine-uri", help="with milvus: a Milvus Lite file (default "
                                             "<data>/milvus/onrecord.db) or a server, "
                                             "http://host:19530 or http://user:password@host:"
                                             "19530 (default $ONRECORD_ENGINE_URI)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="ingest files, folders, archives or URLs")
    p.add_argument("inputs", nargs="+", metavar="PATH|URL")
    p.add_argument("--source", help="source/publisher name for these inputs")
    p.add_argument("--map", action="append", help="JSONL/CSV field mapping, e.g. text=body,published=date")
    p.add_argument("--max-bytes", type=int, help="skip files larger than this")
    p.add_argument("--no-quotes", action="store_true", help="skip quote extraction")
    p.add_argument("--vectors", choices=VECTOR_CHOICES, default="now",
                   help="now: embed while ingesting (default); later: keyword- and "
                        "quote-searchable at once, vectors filled in by 'onrecord embed'")
    p.add_argument("--no-vectors", action="store_true", help="the same as --vectors later")
    p.add_argument("--model", help="embedding model path or name (default: packaged MiniLM)")
    p.add_argument("--batch-size", type=_positive_int, default=500,
                   help="documents per transaction (default 500)")
    _add_worker_args(p)
    p.add_argument("--nice", type=int, default=10, choices=range(0, 20), metavar="0-19",
                   help="lower ingest's CPU priority by this much, so that searches served on "
                        "the same machine answer first (default 10; 0 keeps it)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="print normalised articles as JSON lines (no store)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--source")
    p.add_argument("--map", action="append")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("search", help="search passages")
    p.add_argument("query", nargs="*")
    p.add_argument("--mode", default="hybrid", choices=("hybrid", "keyword", "semantic"))
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--sort", default="relevance", choices=SORTS,
                   help="articles by relevance (default), or by date: newest or oldest first "
                        "(undated last)")
    _add_filter_args(p)
    p.add_argument("--queries", metavar="FILE.jsonl", help="batch: one {\"id\",\"query\"} per line")
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=("csv", "jsonl"),
                   help="print every matching article (not one page) as CSV or JSON Lines")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("quotes", help="extract quotes from files, or search stored quotes")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--speaker", help="stored quotes by this speaker (name or id)")
    p.add_argument("--contains", help="stored quotes containing these words")
    p.add_argument("--query", help="stored quotes matching these words or their meaning")
    p.add_argument("--source", help="stored quotes from this source")
    p.add_argument("--kind", choices=KINDS, help="only quotes of this attribution kind")
    p.add_argument("--issuer", help="stored quotes in articles issued by this person or "
                                    "organisation (name or registry id)")
    p.add_argument("--since")
    p.add_argument("--until")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=("csv", "jsonl"),
                   help="print every matching stored quote (not one page) as CSV or JSON Lines")
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("speakers", help="list speakers with quote counts and date ranges")
    p.add_argument("query", nargs="?")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument("--repair", action="store_true",
                   help="bring the registry to the current rules in place (bare surnames to "
                        "their full names, entries that name nobody dropped)")
    p.set_defaults(func=cmd_speakers)

    p = sub.add_parser("embed", help="embed the passages and quotes an ingest with --vectors "
                                     "later left without vectors (resumable)")
    p.add_argument("--model", help="embedding model path or name (default: packaged MiniLM)")
    _add_worker_args(p)
    p.add_argument("--nice", type=int, default=10, choices=range(0, 20), metavar="0-19",
                   help="lower the CPU priority by this much (default 10; 0 keeps it)")
    p.add_argument("--watch", type=float, default=None, metavar="SECONDS",
                   help="keep running: embed what waits every SECONDS (a background worker "
                        "beside an ingest or a server; stop it with Ctrl-C or SIGTERM)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser("stats", help="counts of what is stored and indexed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("reindex", help="rebuild the derived indexes from the store")
    p.add_argument("--no-vectors", action="store_true", help="rebuild only the keyword index")
    p.add_argument("--engine", dest="reindex_engine", metavar="whoosh|milvus",
                   help="rebuild the keyword index on this engine and keep using it (the "
                        "vectors are kept: nothing is re-embedded)")
    p.add_argument("--engine-uri", dest="reindex_uri", metavar="URI",
                   help="with --engine milvus: a Milvus Lite file or server URI")
    p.add_argument("--model", help="embedding model path or name (default: packaged MiniLM)")
    p.add_argument("--renormalise", "--renormalize", action="store_true",
                   help="first read every stored article again with the current normaliser "
                        "(from its stored raw text, or its file) and re-cut passages and quotes")
    p.add_argument("--reextract", action="store_true",
                   help="--renormalise, and extract the quotes of every article again, also of "
                        "those that read the same (after an upgrade that reads quotes better; "
                        "quote ids stay stable)")
    p.add_argument("--no-quotes", action="store_true",
                   help="with --renormalise: do not extract quotes of re-cut articles")
    p.set_defaults(func=cmd_reindex)

    p = sub.add_parser("optimize", help="merge the keyword index into one segment (faster "
                                        "searches after a bulk import)")
    p.set_defaults(func=cmd_optimize)

    p = sub.add_parser(
        "ask", help="answer a question with attributed quotes",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Answer a question with attributed quotes. Questions it reads:\n"
                    "  Who said …? / Which Republican senator warned …? / Whom did X blame …?\n"
                    "  What did X say about Y? / How did X respond to Y? / What was X's "
                    "position on Y?\n"
                    "  When did X first (last) mention Y? / How often did X mention Y? / "
                    "Has X ever mentioned Y?\n"
                    "  What did the Harris County District Attorney say about Y? (an office)\n"
                    "  Who said \"cut and run\"? / Which senator used the word quagmire?\n"
                    "  … in 2006? / … since 2005? / … between 2005 and 2007? (dates)\n"
                    "Notices say when the answer is not what was asked for.")
    p.add_argument("question", nargs="+")
    p.add_argument("--limit", type=int, default=3)
    _add_filter_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("similar", help="passages similar in meaning to a stored passage")
    p.add_argument("passage_id")
    p.add_argument("--limit", type=int, default=10)
    _add_filter_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_similar)

    p = sub.add_parser("serve", help="serve the web app and JSON API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=_positive_int, default=8, help="threads a worker (default 8)")
    p.add_argument("--workers", type=_positive_int, default=None,
                   help="processes sharing the socket (default: one a core, at most 4)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("delete", help="delete articles (and their passages, quotes, vectors)")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_delete)
    add_watch_commands(sub, _add_filter_args, _data_dir)  # watch add|list|remove|run, lineage
    return parser


@contextmanager
def _engine_settings(args: argparse.Namespace) -> Iterator[None]:
    """``--engine`` and ``--engine-uri`` as their environment variables while the command runs
    (``serve``'s workers inherit them), refusing up front an engine the data folder does not
    use."""
    from indexer.engines import check_engine_name, resolve

    saved = {k: os.environ.get(k) for k in ("ONRECORD_ENGINE", "ONRECORD_ENGINE_URI")}
    try:
        if args.engine:
            os.environ["ONRECORD_ENGINE"] = args.engine = check_engine_name(args.engine)
        if args.engine_uri:
            os.environ["ONRECORD_ENGINE_URI"] = args.engine_uri
        if args.func is not cmd_reindex:
            resolve(_data_dir(args))
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _after_a_quoted_value(argv: list[str], extra: list[str]) -> bool:
    """Whether the words argparse left over follow an option value of several words: one the
    user quoted ('--speaker "Robert C. Byrd" Iraq'), so they were meant as the query; after a
    one-word value they may be the rest of a value left unquoted ('--speaker Robert C. Byrd')."""
    n = len(extra)
    at = next((i for i in range(1, len(argv) - n + 1) if argv[i:i + n] == extra), None)
    return at is not None and " " in argv[at - 1].strip()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # 'watch add NAME --speaker X trade deficit': argparse stops a positional list at an
        # option, so the words after it come back unparsed; they are more of the query
        if isinstance(getattr(args, "query", None), list) and \
                not any(e.startswith("-") and e != "-" for e in extra):
            args.query += extra
            if not _after_a_quoted_value(sys.argv[1:] if argv is None else argv, extra):
                _warn(f"onrecord: note: {' '.join(extra)!r} read as part of the query (quote "
                      "an option's value of several words)")
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        with _engine_settings(args):
            return args.func(args)
    except CliError as exc:
        _warn(f"onrecord: error: {exc}")
        return exc.status
    except (QueryError, StoreError) as exc:
        _warn(f"onrecord: error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _warn("onrecord: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        _warn(f"onrecord: error: {getattr(exc, 'filename', None) or ''} {exc.strerror or exc}".strip())
        return EXIT_ERROR
    except Exception as exc:  # last resort: one line, never a traceback (ONRECORD_DEBUG shows it)
        if os.environ.get("ONRECORD_DEBUG"):
            raise
        _warn(f"onrecord: internal error: {type(exc).__name__}: {exc}")
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
