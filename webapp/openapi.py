"""The OpenAPI 3.1 document for /api/v1, as data; tests check it against the real handlers."""

from __future__ import annotations

from typing import Any

from indexer.export import EXPORT_CAP
from indexer.resultset import SORTS

STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
NSTR = {"type": ["string", "null"]}
NINT = {"type": ["integer", "null"]}
NNUM = {"type": ["number", "null"]}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


UNEMBEDDED = {**NINT, "description": "indexed passages not embedded yet (an ingest with "
              "--vectors later; 'onrecord embed' fills them in): semantic and hybrid search "
              "find them by their words only; null without vectors opened"}


def obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A closed object schema: every listed property required unless ``required`` says."""
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else required,
            "additionalProperties": False}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


KIND = {"type": "string", "enum": ["direct", "partial", "transcript", "statement"],
        "description": "attribution kind: a direct or partial quotation, a transcript turn, or "
                       "the text of a statement its speaker issued (the cue line in `cue`)"}
ISSUER = {"oneOf": [{"type": "null"}, obj({
    "id": NINT, "name": STR, "kind": {"enum": ["person", "org"]},
    "cue": {"type": ["string", "null"],
            "description": "the evidence: \"metadata\" or the text's cue line"}})],
    "description": "who issued the article (a senator, an office), whoever it quotes"}
SPEAKER_REF = obj({"id": NINT, "name": STR, "role": NSTR, "org": NSTR})
CITATION = {"type": "string",
            "description": "a ready one-line citation in the ask format: speaker, role, quoted in "
                           "'title', source, date"}
HIT_QUOTE = obj({"id": {"type": ["integer", "null"],
                        "description": "the stored quote's id (permalink: "
                                       "/articles/{article_id}?quote={id}#q-{id})"},
                 "text": STR, "kind": KIND, "speaker": NSTR, "speaker_id": NINT,
                 "speaker_role": NSTR, "speaker_org": NSTR, "cue": NSTR, "mention": NSTR,
                 "start": INT, "end": INT,
                 "confidence": {"type": "number",
                                "description": "how sure the attribution is, 0-1 (a partial "
                                               "quote under 0.6 has no verb of saying: mostly "
                                               "a name or a scare quote)"},
                 "match": {"type": "boolean",
                           "description": "the quote's speaker is one the query names"},
                 "citation": CITATION})
QUOTE_PROPS = {"id": INT, "article_id": STR, "passage_id": NSTR, "start": INT, "end": INT,
               "text": STR, "kind": KIND, "cue": NSTR, "mention": NSTR, "speaker": NSTR,
               "speaker_id": NINT, "speaker_as_written": NSTR, "speaker_role": NSTR,
               "speaker_org": NSTR, "confidence": NUM, "citation": CITATION}
STATEMENT = obj({"text": STR, "passage_id": STR, "article_id": STR, "title": STR,
                 "source": NSTR, "published": NSTR, "url": NSTR, "speaker": NSTR,
                 "speaker_id": NINT, "speaker_role": NSTR, "speaker_org": NSTR, "relevance": NUM,
                 "citation": CITATION})
NSTATEMENT = {"oneOf": [{"type": "null"}, STATEMENT]}
SIDE = obj({"label": STR, "speaker": NSTR, "speaker_ids": {"type": ["array", "null"], "items": INT},
            "since": NSTR, "until": NSTR,
            "statements": {"type": "integer",
                           "description": "the side's real number of statements on the topic"}})
FACET_VALUE = obj({"value": NSTR, "count": INT})
NOTICES = {**array(STR), "description": (
    "plain-language messages for the reader: a speaker, source or issuer filter that matched "
    "nothing (with the nearest known values), a source or issuer matched by part of a name "
    "(naming what it matched), a reversed date range (searched the right way round) or one "
    "holding no articles, query syntax that could not be read (left out, the rest searched), "
    "no attributed answer (the closest passages instead), the paging cap")}
SUGGESTIONS = {"type": "object", "additionalProperties": array(STR), "description": (
    "per filter (speaker, source, issuer) whose value matched nothing: the nearest known "
    "values, typos allowed; under q, the query with a word no passage holds (or a "
    "speaker:/source:/issuer: value the archive lacks) respelled as the nearest known name")}
FACET_NAMES = ("sources", "speakers", "years", "issuers", "kinds")
STORED_QUOTE = {k: v for k, v in QUOTE_PROPS.items() if k != "citation"}
WATCH_PROPS = {
    "id": INT, "name": STR, "query": STR, "mode": {"enum": ["hybrid", "keyword", "semantic"]},
    "filters": {"type": "object", "description": "the search filters it applies: source, since, "
                "until, speaker, issuer, kind, quotes_only"},
    "threshold": {"type": "number", "description": "a semantic match's least cosine"},
    "webhook": {"type": ["string", "null"], "description": "where new matches are POSTed; cut "
                "to its scheme and host without the admin token"},
    "created_at": STR, "last_run_at": NSTR}
WATCH_MATCH = obj({
    "id": INT, "watch_id": INT, "article_id": STR, "passage_id": NSTR, "title": STR,
    "source": NSTR, "published": NSTR, "url": NSTR, "text": NSTR,
    "quote": {"oneOf": [{"type": "null"}, obj(STORED_QUOTE)]},
    "reasons": {**array({"enum": ["keyword", "semantic", "speaker", "filter"]}),
                "description": "why it matched"},
    "score": NNUM, "matched_at": {"type": "string", "description": "when it was recorded (ingest "
                                  "time, not publication)"},
    "reprints": {**array(obj({"article_id": STR, "matched_at": STR, "title": STR,
                              "source": NSTR, "published": NSTR, "url": NSTR})),
                 "description": "reprints and near duplicates grouped under this first match"}})
APPEARANCE = obj({
    "kind": {"enum": ["quote", "passage"]}, "quote_id": NINT, "article_id": STR,
    "passage_id": NSTR, "title": NSTR, "source": NSTR, "published": NSTR, "url": NSTR,
    "text": STR, "speaker": NSTR, "speaker_id": NINT,
    "also_credited": {**array(obj({"speaker": STR, "speaker_id": NINT})),
                      "description": "the other owners of a joint statement the article credits"},
    "match": {"enum": ["self", "exact", "trimmed", "near", "reworded"],
              "description": "how it carries the asked quote's statement"},
    "similarity": {"oneOf": [{"type": "null"}, obj({
        "overlap": NUM, "jaccard": NUM, "words": NUM, "run": INT, "plain_run": INT,
        "sentence": NUM, "carried": NUM, "conflict": BOOL, "cosine": NNUM})]},
    "earliest": BOOL,
    "reprints": array(obj({"article_id": STR, "kind": STR, "similarity": NUM, "title": STR,
                           "source": NSTR, "url": NSTR, "published": NSTR})),
    "diff": {**array(obj({"op": {"enum": ["equal", "insert", "delete", "replace"]},
                          "from": STR, "to": STR})),
             "description": "word-level diff against the earliest appearance (from: its words, "
                            "to: this one's); empty for the earliest"}})
LISTED = obj({"shown": INT, "of": INT})

SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": obj({"status": INT, "message": STR})}),
    "Hit": obj({"article_id": STR, "passage_id": STR, "score": NUM, "title": STR,
                "source": NSTR, "published": NSTR, "url": NSTR, "text": STR,
                "highlight": {"type": "string", "description": "HTML-escaped, matches in <mark>"},
                "more_in_article": INT, "speakers": array(SPEAKER_REF), "quotes": array(HIT_QUOTE),
                "found_by": array(STR), "issuer": ISSUER, "kinds": array(KIND)}),
    "Facets": obj({"sources": array(FACET_VALUE),
                   "speakers": array(obj({"id": NINT, "name": NSTR, "count": INT})),
                   "years": array(FACET_VALUE),
                   "issuers": array(obj({"id": NINT, "name": NSTR, "count": INT})),
                   "kinds": array(FACET_VALUE),
                   "others": obj({"sources": INT, "source_values": INT, "speaker_values": INT,
                                  "issuer_values": INT, "issuers": INT}),
                   "listed": {**obj({k: LISTED for k in FACET_NAMES}), "description":
                              "per facet, the values shown and of how many (the null bucket "
                              "aside): shown < of when the list is cut to the top 10"}}),
    "SearchResult": obj({"query": STR, "mode": {"enum": ["hybrid", "keyword", "semantic"]},
                         "sort": {"enum": list(SORTS)}, "total": INT, "hits": array(ref("Hit")), "limit": INT, "offset": INT,
                         "facets": ref("Facets"), "notices": NOTICES,
                         "suggestions": SUGGESTIONS, "unembedded": UNEMBEDDED},
                        ["query", "mode", "total", "hits", "limit", "offset", "notices"]),
    "Answer": obj({"answer": STR, "passage_id": STR, "article_id": STR, "speaker": NSTR,
                   "speaker_role": NSTR, "speaker_org": NSTR, "quote": NSTR, "title": STR,
                   "source": NSTR, "published": NSTR, "url": NSTR, "citation": STR, "score": NUM,
                   "answer_start": INT, "answer_end": INT, "passage": STR}),
    "AnswerResult": obj({"question": STR, "answers": array(ref("Answer")),
                         "notices": NOTICES}),
    "Quote": obj(QUOTE_PROPS),
    "QuoteInArticle": obj({**QUOTE_PROPS, "title": STR, "source": NSTR, "published": NSTR,
                           "url": NSTR, "score": NNUM}),
    "QuoteList": obj({"total": INT, "limit": INT, "offset": INT,
                      "quotes": array(ref("QuoteInArticle")), "notices": NOTICES}),
    "Passage": obj({"id": STR, "article_id": STR, "ordinal": INT, "start": INT, "end": INT,
                    "text": STR, "title": NSTR, "source": NSTR, "published": NSTR, "url": NSTR,
                    "issuer": ISSUER, "quotes": array(ref("Quote"))}),
    "Article": obj({
        "id": STR, "title": STR, "source": NSTR, "url": NSTR, "published": NSTR,
        "published_precision": NSTR, "byline": NSTR, "dateline": NSTR, "language": NSTR,
        "text": STR, "content_hash": STR, "ingested_at": STR,
        "duplicate_of": {"oneOf": [{"type": "null"}, obj({"canonical_id": STR, "kind": STR,
                                                          "similarity": NUM})]},
        "reprints": array(obj({"article_id": STR, "kind": STR, "similarity": NUM, "title": STR,
                               "source": NSTR, "url": NSTR, "published": NSTR})),
        "passages": array(obj({"id": STR, "ordinal": INT, "start": INT, "end": INT, "text": STR})),
        "quotes": array(ref("Quote")),
        "issuer": ISSUER,
    }),
    "Speaker": obj({"id": INT, "name": STR, "kind": STR, "aliases": array(STR),
                    "roles": array(STR), "orgs": array(STR), "quotes": INT, "first": NSTR,
                    "last": NSTR}),
    "SpeakerList": obj({"query": NSTR, "total": INT, "limit": INT, "offset": INT,
                        "speakers": array(ref("Speaker"))}),
    "SpeakerTimeline": obj({
        "id": INT, "name": STR, "kind": STR, "aliases": array(STR), "roles": array(STR),
        "orgs": array(STR), "quotes": INT, "first": NSTR, "last": NSTR,
        "months": array(obj({"month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                             "quotes": INT, "articles": INT})),
        "undated": INT,
        "names": array(obj({"name": NSTR, "quotes": INT, "first": NSTR, "last": NSTR})),
        "roles_over_time": array(obj({"role": NSTR, "org": NSTR, "quotes": INT, "first": NSTR,
                                      "last": NSTR})),
    }),
    "Comparison": obj({
        "topic": STR, "left": SIDE, "right": SIDE,
        "total": {"type": "integer", "description": "rows in all: the pairs, then the "
                  "statements of the longer side left without a counterpart"},
        "matched": {"type": "integer", "description": "rows that pair two statements"},
        "limit": INT, "offset": INT,
        "pairs": {**array(obj({"left": NSTATEMENT, "right": NSTATEMENT, "similarity": NNUM,
                               "on_topic": NNUM})),
                  "description": "rows from offset, the highest similarity + on_topic (the "
                                 "mean of both statements' search relevance, scaled 0-1 within "
                                 "each side) first; no statement is in two rows"},
        "notices": array(STR)}),
    "Stats": obj({"articles": INT, "duplicates": INT, "passages": INT, "quotes": INT,
                  "speakers": INT, "sources": INT, "earliest": NSTR, "latest": NSTR,
                  "schema_version": INT, "keyword_documents": INT, "vectors": NINT,
                  "modes": array({"enum": ["hybrid", "keyword", "semantic"]}),
                  "unresolved_mentions": INT, "unembedded_passages": UNEMBEDDED,
                  "engine": {"enum": ["whoosh", "milvus"]}},
                 ["articles", "duplicates", "passages", "quotes", "speakers", "sources",
                  "earliest", "latest", "schema_version", "keyword_documents", "vectors",
                  "modes"]),
    "IngestReport": {"type": "object", "properties": {"added": INT, "updated": INT,
                                                      "unchanged": INT, "duplicates": INT,
                                                      "passages": INT},
                     "required": ["added", "updated", "unchanged", "duplicates", "passages"]},
    "Deleted": obj({"deleted": array(STR), "missing": array(STR)}),
    "Watch": obj(WATCH_PROPS),
    "NewWatch": obj({**WATCH_PROPS, "secret": {"type": "string", "description": "the watch's "
                     "Atom feed token (shown once)"}}),
    "WatchReport": obj({**WATCH_PROPS, "since": NSTR, "total": INT, "limit": INT,
                        "offset": INT, "matches": array(WATCH_MATCH)}),
    "WatchList": obj({"watches": array(ref("WatchReport"))}),
    "RemovedWatch": obj({"removed": ref("Watch")}),
    "Lineage": obj({
        "quote": obj({**STORED_QUOTE, "title": STR, "source": NSTR, "published": NSTR,
                      "url": NSTR}),
        "total": INT, "sources": {**INT, "description": "distinct named sources"},
        "unsourced": {**INT, "description": "appearances in articles with no source"},
        "earliest": obj({"kind": STR, "quote_id": NINT, "article_id": STR, "source": NSTR,
                         "published": NSTR}),
        "speakers": array(obj({"speaker": STR, "speaker_id": NINT, "appearances": INT})),
        "speakers_disagree": {"type": "boolean",
                              "description": "sources credit the statement to different speakers"},
        "appearances": {**array(APPEARANCE), "description": "oldest first"}}),
}


def param(name: str, schema: dict[str, Any], description: str, where: str = "query",
          required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": where, "required": required or where == "path",
            "schema": schema, "description": description}


LIMIT = param("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10},
              "results per page (1–100)")
OFFSET = param("offset", {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0},
               "results to skip (0–10000)")
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
FILTERS = [
    param("source", STR, "only sources with each word of this as part of one of theirs, "
          "case aside ('Reid' finds 'Senator Reid'; notices name what it matched)"),
    param("since", DATE, "published on or after (YYYY[-MM[-DD]])"),
    param("until", DATE, "published on or before (YYYY[-MM[-DD]])"),
    param("speaker", STR, "only passages quoting this speaker (name or registry id)"),
    param("quotes_only", BOOL, "only passages that contain quotes"),
    param("issuer", STR, "only articles issued by this person or organisation (registry id, or "
                         "a name matched by word or part of a word as source is), whoever they "
                         "quote"),
    param("kind", KIND, "only passages with a quote of this attribution kind"),
]
QUERY = param("q", {"type": "string", "minLength": 1, "maxLength": 1000},
              "query: words, \"phrases\", AND/OR/NOT, field:value, date:[A to B], stand*, term~",
              required=True)


EXPORT_FORMAT = param(
    "format", {"enum": ["json", "csv", "jsonl"], "default": "json"},
    "csv or jsonl: the whole result set (not one page; limit and offset ignored) as a "
    f"streamed download, one row per article (search) or quote, up to {EXPORT_CAP:,} rows; columns "
    "rank, article_id, passage_id, score, title, source, issuer, published, url, speaker, "
    "speaker_role, speaker_org, quote, kind, citation (search adds text, the passage; quotes "
    "add quote_id); a cut set ends with a '# truncated: ...' CSV row or a "
    "{\"truncated\": true, \"total\", \"cap\"} line")
QUOTE_FILTERS = [
    param("text", STR, "words the quote must all contain (stemmed), ranked by words and "
          "meaning"),
    param("contains", STR, "the same as text (the CLI's --contains)"),
    param("q", STR, "words or meaning: quotes matching any word, or close in meaning "
          "(overrides text)"),
    param("source", STR, "quotes from this source"),
    param("kind", KIND, "attribution kind"),
    param("issuer", STR, "quotes in articles issued by this person or organisation (name or "
                         "registry id)"),
    FILTERS[1], FILTERS[2],
]


def op(op_id: str, summary: str, params: list[dict[str, Any]], schema: str,
       errors: tuple[int, ...] = (400,), downloads: bool = False) -> dict[str, Any]:
    """A GET operation; ``downloads``: ``format=csv|jsonl`` answers with those media types."""
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {
        "application/json": {"schema": ref(schema)}}}}
    if downloads:
        responses["200"]["content"].update({"text/csv": {"schema": STR},
                                            "application/x-ndjson": {"schema": STR}})
    for status in sorted({400, *errors}):  # 400: a bad value or an unknown parameter
        responses[str(status)] = {"description": "error", "content": {
            "application/json": {"schema": ref("Error")}}}
    return {"get": {"summary": summary, "operationId": op_id,
                    "parameters": params, "responses": responses}}


SORT = param("sort", {"enum": list(SORTS), "default": "relevance"},
             "the order of the articles: most relevant first, or by date, newest or oldest "
             "first (undated last; equal dates most relevant first); total, facets and paging "
             "are the same in every order, and a download follows it")


def paths() -> dict[str, Any]:
    return {
        "/api/v1/search": op("search", "Search passages, collapsed by article", [
            QUERY, param("mode", {"enum": ["hybrid", "keyword", "semantic"]}, "ranking mode"),
            SORT, LIMIT, OFFSET, *FILTERS,
            param("facets", BOOL, "also count matching articles per source, speaker, issuer, "
                  "attribution kind and year (with no filter on a facet its counts, null "
                  "bucket and others included, add up to total)"),
            EXPORT_FORMAT,
        ], "SearchResult", downloads=True),
        "/api/v1/ask": op("ask", "Answer a question with attributed, cited sentences", [
            {**QUERY, "description": "the question"},
            param("limit", {"type": "integer", "minimum": 1, "maximum": 20, "default": 3},
                  "answers (1–20)"), *FILTERS,
        ], "AnswerResult"),
        "/api/v1/articles/{article_id}": op("getArticle", "An article with passages, quotes and reprints", [
            param("article_id", STR, "article id", "path")], "Article", (404,)),
        "/api/v1/passages/{passage_id}": op("getPassage", "A passage with its article metadata and quotes", [
            param("passage_id", STR, "passage id (article id:ordinal)", "path")], "Passage",
            (404,)),
        "/api/v1/quotes": op("searchQuotes", "Search quotes by speaker, words and dates", [
            param("speaker", STR, "speaker name or registry id"), *QUOTE_FILTERS,
            {**LIMIT, "schema": {**LIMIT["schema"], "default": 20}}, OFFSET, EXPORT_FORMAT,
        ], "QuoteList", downloads=True),
        "/api/v1/speakers": op("listSpeakers", "Speakers, most quoted first", [
            param("q", STR, "part of a name or alias"),
            {**LIMIT, "schema": {**LIMIT["schema"], "default": 20}}, OFFSET,
        ], "SpeakerList"),
        "/api/v1/speakers/{speaker_id}": op("getSpeaker", "A speaker: names, roles, statements per month", [
            param("speaker_id", INT, "registry id", "path"),
            {**EXPORT_FORMAT, "description": "csv or jsonl: every statement (quote) of the "
             "speaker instead, one row each, narrowed by the quote filters below "
             "(columns as for /api/v1/quotes)"},
            *QUOTE_FILTERS], "SpeakerTimeline", (400, 404), downloads=True),
        "/api/v1/similar/{passage_id}": op("similar", "Passages most similar in meaning to one", [
            param("passage_id", STR, "passage id", "path"), LIMIT, *FILTERS,
        ], "SearchResult", (400, 404)),
        "/api/v1/compare": op("compare", "Two speakers, or one in two periods, on a topic", [
            param("topic", {"type": "string", "minLength": 1, "maxLength": 1000}, "the topic",
                  required=True),
            param("left_speaker", STR, "left speaker (name or id)"),
            param("left_since", DATE, "left period start"),
            param("left_until", DATE, "left period end"),
            param("right_speaker", STR, "right speaker (defaults to the left one)"),
            param("right_since", DATE, "right period start"),
            param("right_until", DATE, "right period end"),
            param("limit", {"type": "integer", "minimum": 1, "maximum": 20, "default": 10},
                  "rows per page (1–20)"),
            {**OFFSET, "description": "rows to skip (0–10000)"},
            param("format", {"enum": ["json", "csv", "jsonl"], "default": "json"},
                  "csv or jsonl: every statement of both sides instead, one row each (side, "
                  "label, speaker, speaker_role, speaker_org, published, title, source, "
                  "citation, text, url, article_id, passage_id, relevance)"),
        ], "Comparison", downloads=True),
        "/api/v1/stats": op("stats", "Counts of articles, passages, quotes, speakers", [], "Stats", ()),
        "/api/v1/watches": {**op("listWatches", "Saved searches, each with its latest matches",
                                 [], "WatchList", ()),
                            **write("addWatch", "post", "Save a search (admin token)",
                                    WATCH_SPEC, "NewWatch", 201)},
        "/api/v1/watches/{key}": {
            **op("getWatch", "A watch with a page of its matches, newest first", [
                param("key", STR, "watch id or name", "path"),
                param("since", DATE, "only matches recorded (ingested) on or after this date"),
                {**LIMIT, "schema": {**LIMIT["schema"], "default": 50}}, OFFSET,
            ], "WatchReport", (400, 404)),
            **write("removeWatch", "delete", "Delete a watch and its matches (admin token)",
                    None, "RemovedWatch", 200, (401, 404))},
        "/api/v1/quotes/{quote_id}/lineage": op(
            "quoteLineage", "Where a quote's statement appears: verbatim, trimmed or reworded, "
            "earliest first, speakers compared, each variant diffed", [
                param("quote_id", INT, "stored quote id", "path")], "Lineage", (404,)),
        "/api/v1/openapi.json": {"get": {
            "summary": "This document", "operationId": "openapi", "parameters": [],
            "responses": {"200": {"description": "OpenAPI 3.1 document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        }},
    }


WATCH_SPEC = {"type": "object", "required": ["name"], "additionalProperties": False,
              "properties": {
                  "name": STR, "query": STR, "mode": {"enum": ["hybrid", "keyword", "semantic"]},
                  "source": STR, "since": DATE, "until": DATE, "speaker": STR, "issuer": STR,
                  "kind": KIND, "quotes_only": BOOL,
                  "threshold": {"type": "number", "minimum": 0, "maximum": 1},
                  "webhook": {"type": "string", "description": "POST new matches here (JSON); "
                              "loopback and private addresses refused unless "
                              "ONRECORD_WEBHOOK_ALLOW_PRIVATE=1"}}}


def write(op_id: str, method: str, summary: str, body: dict[str, Any] | None, schema: str,
          status: int, errors: tuple[int, ...] = (400, 401)) -> dict[str, Any]:
    """A write operation behind the admin token (bearer), with its JSON body when it has one."""
    out: dict[str, Any] = {
        "summary": summary, "operationId": op_id, "security": [{"bearer": []}],
        "responses": {str(status): {"description": "OK", "content": {
            "application/json": {"schema": ref(schema)}}}, **{
            str(s): {"description": "error", "content": {
                "application/json": {"schema": ref("Error")}}} for s in errors}}}
    if method == "delete":
        out["parameters"] = [param("key", STR, "watch id or name", "path")]
    if body is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return {method: out}


def admin_paths() -> dict[str, Any]:
    def post(summary: str, body: dict[str, Any], schema: str) -> dict[str, Any]:
        errors = {str(s): {"description": "error", "content": {
            "application/json": {"schema": ref("Error")}}} for s in (400, 401)}
        return {"post": {
            "summary": summary, "operationId": "admin" + schema, "security": [{"bearer": []}],
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "OK", "content": {
                "application/json": {"schema": ref(schema)}}}, **errors},
        }}

    doc = {"type": "object", "required": ["text"], "properties": {
        "text": STR, "title": STR, "published": STR, "url": STR, "source": STR, "byline": STR,
        "id": STR}}
    return {
        "/api/v1/admin/ingest": post("Ingest documents", obj(
            {"documents": {**array(doc), "minItems": 1, "maxItems": 100}}), "IngestReport"),
        "/api/v1/admin/delete": post("Delete articles", obj(
            {"article_ids": {**array(STR), "minItems": 1}}), "Deleted"),
    }


def openapi_document(admin: bool = False) -> dict[str, Any]:
    """The spec; the admin paths appear only when an admin token is configured."""
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "OnRecord API", "version": "1.0.0",
                 "description": "Search, answers, quotes and speakers over press statements. "
                                "Errors are {\"error\": {\"status\", \"message\"}}."},
        "paths": paths(),
        "components": {"schemas": SCHEMAS},
    }
    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    if admin:
        doc["paths"].update(admin_paths())
    return doc
