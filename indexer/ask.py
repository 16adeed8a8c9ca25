"""Answering a question: hybrid retrieval, then the best sentences in the top passages, each
returned with its quote, resolved speaker and a citation."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from indexer.answers import (
    Answer,
    AnswerResult,
    answer_units,
    closing_marks,
    dated_question,
    format_citation,
    other_party,
    party_tag,
    read_intent,
    role_fit,
    role_head,
    span_words,
)
from indexer.querymodel import Filters, QueryError
from indexer.quotes.marks import blank_quotations
from indexer.registry import find_speaker_ids
from indexer.resultset import ROLE_FIT
from indexer.titles import (
    COURTESY_TITLES,
    DOCUMENT_HEADS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    title_alone,
)

if TYPE_CHECKING:
    from indexer.search import Hit, SearchService

PASSAGES_READ = 8  # top passages whose sentences compete for the answer
QUOTES_READ = 8  # top quotes from the quote index whose passages join them
QUOTE_BONUS = 0.12  # a statement someone made beats narration of equal similarity
WHO_BONUS = 0.2  # for "who said" questions, attributed quotes beat everything else
SPEAKER_BONUS = 0.15  # a quote by the speaker a question names beats others' quotes
ROLE_BONUS = 0.3  # "which senator …": a quote whose speaker is described with those words
SHOWN_HOLDERS = 2  # holders of an office a notice names before "and N more"
RANK_BONUS = 0.05  # a sentence from a better-ranked passage, before rank 0, 1, 2 …: this / (1 + rank)
WEAK_PARTIAL = 0.6  # a partial quote less sure than this has no verb of saying (extract.py)
MIN_SIMILARITY = 0.25  # a quote less similar than this does not answer the question (unless it
# is by the speaker the question names: what they said is the answer asked for)
# "What did X say about Y": X's answers are far from Y (and the answer says so) when each is
# less similar to Y than this and its passage holds none of Y's distinctive words, those at
# most DISTINCT_RATIO times as common as Y's rarest. Chosen on the tune part's 47 speaker
# questions and the same speakers asked about another question's topic
# (scripts/eval_far_notice.py): the notice on 1 of the 47 and on 21 of the 34 swapped questions
# that found the speaker quoted (the rule before: 0 and 1); held out, 0 of 24 and 9 of 20
# (before: 0 and 1).
FAR_SIMILARITY = 0.35
# ... and a unit whose passage (not its article's title) holds one of Y's words is on Y only
# when its own words are at least this similar to Y: a passage listing 'fentanyl' among the
# speaker's initiatives does not put her thanks for an award on fentanyl
WORD_FLOOR = 0.15
# A who-question's topic of at most this many words names a subject ('hate crimes', 'the
# ethanol tariff'): its answers on that subject, holding its words, come first. A longer one
# tells what was said ('warned that premiums would rise'), which a quote may say in other words.
SUBJECT_WORDS = 3
DISTINCT_RATIO = 10
# "who pressed X on …" is answered by a question; "who accused X …" is not
_ASKING = re.compile(r"\b(?:ask|press|question|wonder|quiz|quer|inquir|challeng)\w*", re.I)
_ASKED = re.compile(r"\?[\s\"'”’)]*$")  # an answer unit that ends in a question asked

NO_ATTRIBUTED = ("No attributed answer: no quoted statement in the archive answers this "
                 "question, so the closest passages are shown instead.")
NO_PASSAGES = "No attributed answer, and no passage in the archive matches this question."
NOT_QUOTED_ON = "{name} is not quoted on this in the archive: the answers are what others said."
# Offices a "which …" question may ask for and a quote's role names plainly when it is held
# (a "police chief", a "senator"), unlike kinds of people a description may word in many ways
# ("an education organizer" is "senior associate for education organizing")
OFFICES = frozenset("""chief attorney prosecutor judge sheriff mayor governor senator commissioner
detective officer spokesman spokeswoman spokesperson secretary minister ambassador""".split())
NO_ROLE = ("No quote on this is by a speaker described as {a} {role}: the answers are what "
           "others said.")
SOME_ROLE = ("Only the first {n} by {a} {role}: the others are the closest quotes by other "
             "speakers.")
EARLIEST = ("Earliest first: the first answer is the earliest matching quote in the archive, "
            "which may not be the first time it was said.")
LATEST = "Newest first: the first answer is the latest matching quote in the archive."
COUNTED = ("{n} {articles} in the archive {quote} {name} in a passage {how} '{words}'{span}; "
           "the newest are shown first.")
UNSAID = ("None of these quotes says '{words}' itself: they are quotes from the passages that "
          "do.")
UNWRITTEN = ("No passage in the archive holds '{words}' as written: the answers are the closest "
             "there are.")
DATED = "The answers are from articles dated {span}, as the question asks."
FAR_FROM = ("None of {name}'s quotes in the archive is close to this question: the answers are "
            "the closest there are.")
NOT_ON = ("None of {name}'s quotes in the archive is on '{words}': the answers are the closest "
          "there are.")


def ask(service: SearchService, question: str, limit: int = 3,
        filters: Filters | None = None) -> AnswerResult:
    """Answer ``question`` with up to ``limit`` attributed sentences from the corpus.

    Who spoke is read from the question (``read_intent``) and from the registry names it
    contains. Candidates are the sentences of the best passages for the question and of the
    passages holding the best-matching quotes in the quote index; a quote's answer is its whole
    sentence (through its cue). Attributed statements come first; when none is found the best
    passages are returned with a notice saying so.
    """
    filters = replace(filters) if filters is not None else Filters()
    # the question as the archive is searched with it: "What did Grassley say about ethanol
    # in 2006?" is asked without its dates, which are a filter
    asked, since, until = dated_question(question, filters.since, filters.until)
    dated = bool(since or until)
    if dated:
        filters.since, filters.until = since, until
    intent = read_intent(asked)
    named = _speakers_asked_about(service, asked, intent)
    if intent.speaker and role_head(intent.speaker) and not any(
            _is_person(service, n) for n in named) and (not named or names_an_office(
                intent.speaker)):
        # "has the Harris County District Attorney ever mentioned Y", "what did the Harris
        # County District Attorney say …": the people the registry knows by every word of that
        # office, asked about as a name would be (none: the office is fitted to the answers);
        # an office named as its own statements' issuer ("Cook County State's Attorney") is
        # asked about with the people who hold it
        named = [*_holders_of(service, intent.speaker), *named]
    wanted = filters.speaker_ids or named or None
    if wanted and filters.speaker is None and filters.speaker_ids is None:
        filters.speaker_ids = wanted
    if intent.asks_who:
        filters.quotes_only = True
    mode = "hybrid" if service.vectors is not None else "keyword"
    topic = intent.text if intent.text != asked else asked
    # a who-question searches with all its words: "which Seton Hall political scientist …"
    # finds the passage that introduces the speaker, which the topic alone may miss
    query = escape_query(topic if wanted else asked)
    # inside a phrase 'and' or 'not' is a word, not an operator
    literal = " ".join(re.sub(r"[\"“”]", " ", intent.literal or "").split())
    if literal:  # 'who said "cut and run"': the passages holding those words, as written
        query = f'"{literal}" {query}'
    # how often the index holds each of Y's words, and Y's distinctive words ("quagmire" of
    # "the war in Iraq a quagmire"): read once if needed
    counts = cache(lambda: topic_counts(service, topic))
    distinct = cache(lambda: distinctive_words(counts()))
    # "when did X first say Y": the words a passage must hold to mention Y
    topic_words = (literal.split() if literal else distinct()) if intent.when else []

    def read(filters: Filters, background: bool = True) -> list[Hit]:
        if intent.when:  # the earliest passages that mention Y (as written, when asked so)
            words = f'"{literal}"' if literal else " AND ".join(topic_words)
            return service.dated_passages(words or query, "keyword" if words else mode,
                                          PASSAGES_READ, filters, latest=intent.when != "first",
                                          background=background)
        return service.passages(query, mode=mode, limit=PASSAGES_READ, filters=filters,
                                background=background)

    # a named speaker's passages are read down to the plain floor: when none is on the topic,
    # the closest is shown and said to be far off (``far_from_topic``)
    hits = read(filters, background=not wanted)
    unwritten = not hits and bool(literal)
    if unwritten:  # nothing holds the words as written: what comes closest, and say so
        literal, query = "", escape_query(topic if wanted else asked)
        topic_words = distinct() if intent.when else []
        hits = read(filters, background=not wanted)
    fell_back = not hits and bool(wanted and named)
    if fell_back:  # the speaker said nothing on this: answer from anyone, and say so
        filters.speaker_ids = None
        hits = read(filters)
    if not intent.when:
        hits = _with_quote_passages(service, hits, topic, filters)
        if intent.role and not wanted:  # "which senator …": senators' quotes on the topic too
            hits = _with_quote_passages(service, hits, f"{intent.role} {topic}", filters)
    candidates = _candidate_sentences(hits)
    if not candidates:
        return AnswerResult(question=question, notices=[NO_PASSAGES, *(
            [DATED.format(span=span_words(since, until))] if dated else [])])
    scores = _similarities(service, topic, [c["sentence"] for c in candidates])
    spoken_of = set(service.names.find(asked)) if intent.asks_who else set()
    # "what did the public defender say …" names no one: it asks for a kind of person, as
    # "which public defender …" does
    role = intent.role or (intent.speaker if intent.speaker and not named
                           and role_head(intent.speaker) else None)
    # (speaker id, article id) -> what the registry and the article say the speaker is
    registry_words: dict[tuple[int | None, str], str] = {}
    parted: dict[tuple[int | None, str], bool] = {}  # of another party than the one asked
    party_of: dict[int, str] = {}  # speaker id -> the party tag their articles write
    for cand, sim in zip(candidates, scores, strict=True):
        quote = cand["quote"]
        bonus = 0.0
        if states(quote):
            bonus = WHO_BONUS if intent.asks_who else QUOTE_BONUS
            if intent.asks_who and asked_not_said(intent, cand["sentence"]):
                bonus = QUOTE_BONUS  # an interviewer's question states nothing
            if wanted and quote["speaker_id"] in wanted:
                bonus += SPEAKER_BONUS
            if intent.asks_who and quote["speaker_id"] in spoken_of:
                bonus = 0.0  # "who accused Clinton …" is not answered by Clinton
            elif role:
                key = (quote["speaker_id"], cand["hit"].article_id)
                if key not in registry_words:
                    known = _registry_words(service, quote)
                    around = introduced(service, cand["hit"].article_id, quote.get("speaker"))
                    registry_words[key] = " ".join((known, around))
                    # the party the registry, the quote and a tag after the name give, not a
                    # word near it ('Senate Democratic Leader Harry Reid criticized the
                    # Republican …')
                    parted[key] = other_party(role, " ".join((
                        _described(quote, known), party_tag(around, quote.get("speaker")),
                        _party_written(service, quote, party_of))))
                fit = 0.0 if parted[key] else role_fit(role, _described(quote, registry_words[key]))
                bonus += ROLE_BONUS * fit if fit >= ROLE_FIT else 0.0
                cand["fit"] = fit
        cand["similarity"] = float(sim)
        cand["score"] = float(sim) + bonus + RANK_BONUS / (1 + cand["rank"])
    candidates.sort(key=lambda c: -c["score"])
    attributed = [c for c in candidates if states(c["quote"])
                  and c["quote"]["speaker_id"] not in spoken_of
                  and (c["similarity"] >= MIN_SIMILARITY
                       or wanted and c["quote"]["speaker_id"] in wanted)]
    # "which Republican senator …" is not answered by a Democrat, while anyone else may
    attributed = [c for c in attributed if not parted.get(
        (c["quote"]["speaker_id"], c["hit"].article_id))] or attributed
    if fell_back and attributed and len(topic.split()) <= SUBJECT_WORDS and distinct() \
            and not any(holding_topic(distinct(), attributed)):
        # the speaker asked about is not quoted on it, and nobody else is either: the closest
        # passages answer, not others' quotes on something else ('the minimum wage' answered
        # with a quote on Social Security)
        attributed = []
        candidates = [c for c in candidates if not states(c["quote"])] or candidates
    chosen = attributed or candidates
    unsaid = False
    if literal and not intent.when:  # an answer holding the words asked about, when any does
        saying = [c for c in chosen if holds_words(c["sentence"], literal)]
        unsaid = not saying
        chosen = saying or chosen
    if intent.when:  # by date, one answer an article: its best sentence, one saying the
        # topic's words when any does (a title holding them matches every passage), by a
        # speaker of the kind asked about when any is ("has the police chief mentioned …")
        chosen = [c for c in chosen if _fits(c)] or chosen
        saying = _saying(chosen, topic_words)
        unsaid = bool(topic_words) and not saying
        chosen = saying or chosen
        best: dict[str, dict[str, Any]] = {}
        for cand in chosen:
            best.setdefault(cand["hit"].article_id, cand)
        chosen = _by_date(list(best.values()), latest=intent.when != "first")
    if intent.asks_who and attributed and not intent.when and not literal \
            and len(topic.split()) <= SUBJECT_WORDS:
        # "who talked about hate crimes": first the statements on that subject (``on_topic``),
        # not a quote on gang violence that reads close to it
        near = dict(zip(map(id, chosen), on_topic(distinct(), chosen, every=True), strict=True))
        # ... by a speaker of the kind asked about first ("which senator …")
        chosen.sort(key=lambda c: (not _fits(c), not near[id(c)]))
    if intent.asks_who and not named and not intent.when:
        # "who criticized the budget cuts?" is answered by people and organisations before a
        # paper quoted as a source ('the budget eliminates loans … citing "little demand"')
        chosen.sort(key=_a_document)
    if named and not fell_back and not intent.when and topic != asked:
        # "what did X say about Y": X's answers on Y, when X has any, not X on other things
        own = [c for c in chosen if c["quote"] and c["quote"]["speaker_id"] in named]
        near = dict(zip(map(id, own), on_topic(distinct(), own), strict=True))
        if any(near.values()):
            chosen = [c for c in chosen if near.get(id(c), True)]
        # ... and first those whose release holds all of it (``holding_topic``), then those
        # whose own words name some of it ('Iraq'), not only their passage: asked about "the
        # Jayden Perkins verdict", the release on that case before her words on another verdict
        naming = {id(c) for c in _naming(own, distinct())}
        about = {id(c) for c, held in zip(own, holding_topic(distinct(), own), strict=True)
                 if held}
        chosen.sort(key=lambda c: (id(c) not in about, id(c) not in naming))
        theirs = {id(c) for c in own}
        if attributed and any(id(c) in theirs for c in chosen):
            # the speaker asked about is answered by their own words, not others' quoted
            # beside them ('What did the White House say about the veto?' is no Reid quote)
            chosen = [c for c in chosen if id(c) in theirs]
    answers: list[Answer] = []
    said: set[tuple[str | None, str]] = set()  # (speaker, words): one statement shown once
    shown: list[dict[str, Any]] = []  # the candidates answering, in order
    for cand in chosen:
        # a quote is told by its own words, not its sentence: two releases print one quote
        # with "said Sen. X" and "said Senator X"; so is a passage read twice
        quote = cand["quote"]
        said_words = quote["text"] if quote else cand["sentence"]
        words = (quote["speaker"] if quote else None,
                 " ".join(re.findall(r"\w+", said_words.lower())))
        if words in said:
            continue
        said.add(words)
        answers.append(_answer(cand, _registry_details(service, cand["quote"],
                                                       cand["hit"].published)))
        shown.append(cand)
        if len(answers) >= limit:
            break
    notices = [] if attributed else [NO_ATTRIBUTED]
    if intent.when == "count" and answers and named and not fell_back:
        notices.append(_counted(service, topic_words or [topic], filters,
                                _speaker_name(service, named, intent.speaker)))
    elif intent.when and answers:
        notices.append(EARLIEST if intent.when == "first" else LATEST)
    if unwritten:
        notices.append(UNWRITTEN.format(words=intent.literal))
    elif unsaid and answers:
        notices.append(UNSAID.format(words="', '".join(
            [intent.literal] if intent.literal and not intent.when else topic_words)))
    if not named and intent.speaker and filters.speaker is None and names_a_person(intent.speaker) \
            and not (role and role_head(intent.speaker.split()[-1])):  # 'the Brooklyn DA' is a kind
        notices.append(service.unknown_speaker_notice(intent.speaker).replace(
            "so that side has no statements", "so the answers are what others said"))
    by_named = [c for c in attributed if c["quote"]["speaker_id"] in named]
    if named and answers and (fell_back or topic != asked and far_from_topic(distinct(), by_named)):
        notice = NOT_QUOTED_ON if fell_back else FAR_FROM
        notices.append(notice.format(name=_speaker_name(service, named, intent.speaker)))
    elif named and answers and topic != asked and not intent.when and not literal \
            and off_subject(topic, distinctive_words(counts(), unknown=True), by_named):
        notices.append(NOT_ON.format(name=_speaker_name(service, named, intent.speaker),
                                     words=topic))
    if role and role_head(role) in OFFICES and attributed and shown and not named:
        notice = _role_notice(role, shown, registry_words)
        if notice:
            notices.append(notice)
    if dated:
        notices.append(DATED.format(span=span_words(since, until)))
    return AnswerResult(question=question, answers=answers, notices=notices)


def _role_notice(role: str, shown: list[dict[str, Any]],
                 registry_words: dict[tuple[int, str], str]) -> str | None:
    """What a "which police chief …" question's answers say of the office asked about: none
    of them by such a speaker (``NO_ROLE``), or only the first few (``SOME_ROLE``), the rest
    by speakers the registry or the article describe as something else; None otherwise."""
    def elsewise(c: dict[str, Any]) -> bool:
        return not c.get("fit") and bool(registry_words.get(
            (c["quote"]["speaker_id"], c["hit"].article_id), "").strip())

    a = indefinite_article(role)
    if all(elsewise(c) for c in shown):
        # answered by prosecutors, each described as something else: say so
        return NO_ROLE.format(a=a, role=role)
    fitting = [i for i, c in enumerate(shown) if _fits(c)]
    others = [i for i, c in enumerate(shown) if not _fits(c)]
    if fitting and others and max(fitting) < min(others) and all(elsewise(shown[i])
                                                                 for i in others):
        n = len(fitting)
        return SOME_ROLE.format(n="answer is" if n == 1 else f"{n} answers are", a=a, role=role)
    return None


def indefinite_article(words: str) -> str:
    """'a' or 'an' before ``words`` as they are spoken: initials by their letters ('an FBI
    agent', 'a U.S. attorney'), a word by its first sound ('an officer', 'a union leader')."""
    first = (words.split() or [""])[0]
    if re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,3}|[B-DF-HJ-NP-TV-Z]{4,}", first):  # FBI, U.S., NYPD
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    low = first.lower()  # a word, an acronym read as one too ('a NATO ambassador')
    if low.startswith(("eu", "one")) or low[:1] == "u" and not (
            low[1:2] in set("nmpglrs") and low[2:3] not in set("aeiouy")):
        return "a"  # 'a European', 'a Utah senator', 'a union leader'; 'an under-sheriff'
    return "an" if low[:1] in "aeiou" else "a"


def _a_document(cand: dict[str, Any]) -> bool:
    """Whether a candidate's quote is credited to a document ('Overall Budget', 'the PACE Act'),
    not to a person or an organisation."""
    quote = cand["quote"]
    if not quote or quote.get("speaker_kind") == "person" or not quote.get("speaker"):
        return False
    # as the article wrote it: 'the budget', 'the Rural Budget', not 'the Office of Management
    # and Budget' or 'the Committee for a Responsible Federal Budget'
    words = re.findall(r"[\w'’.-]+", quote.get("mention") or quote["speaker"])
    return bool(words) and words[-1].lower() in DOCUMENT_HEADS and len(words) <= 4 \
        and not {"of", "for", "and", "on"} & {w.lower() for w in words}


def _fits(cand: dict[str, Any]) -> bool:
    """Whether an answer candidate's speaker is the kind of person a which-question asks for
    (its ``fit``, set only when the question names a role)."""
    return cand.get("fit", 0.0) >= ROLE_FIT


def states(quote: dict[str, Any] | None) -> bool:
    """Whether a quote is someone's statement, an answer: attributed, and not a partial quote
    with no verb of saying (``WEAK_PARTIAL``: a name, a title or a scare quote, as 'the White
    House submits the final nomination for its "advice and consent."')."""
    return quote is not None and bool(quote["speaker"]) and not (
        quote["kind"] == "partial" and (quote.get("confidence") or 1.0) < WEAK_PARTIAL)


def _counted(service: SearchService, words: list[str], filters: Filters, name: str) -> str:
    """The notice answering "how often did X mention Y": how many articles quote X in a
    passage holding all of Y's distinctive words (without word counts, as on Milvus: matching
    Y by words or meaning), over which dates."""
    counted = service.keyword.word_counts(words)
    count, first, last = service.dated_count(
        " AND ".join(words) if counted else escape_query(" ".join(words)),
        "keyword" if counted else "hybrid", filters)
    span = f", from {first} to {last}" if first and last and first != last else \
        f", on {first}" if first else ""
    said = "', '".join(words)
    return COUNTED.format(n=f"{count:,}", articles="article" if count == 1 else "articles",
                          quote="quotes" if count == 1 else "quote",
                          name=name, how="holding" if counted else "matching", words=said,
                          span=span)


def holds_words(text: str, words: str) -> bool:
    """Whether ``text`` holds ``words`` in a row, whatever the case and punctuation between."""
    pattern = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", words))
    return bool(pattern) and re.search(rf"(?<!\w){pattern}(?!\w)", text, re.I) is not None


def _stems(*texts: str) -> set[str]:
    """The words of ``texts`` as the keyword index stems them ('soldiers' is 'soldier')."""
    return set().union(*map(_text_stems, texts))


@lru_cache(maxsize=1024)
def _text_stems(text: str) -> frozenset[str]:
    """One text's stems, read once: a question's topic tests read each answer unit's title and
    passage several times (``on_topic``, ``holding_topic``, ``far_from_topic``)."""
    from indexer.keyword_index import highlight_analyzer

    return frozenset(t.text for t in highlight_analyzer()(text))


def _saying(candidates: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The candidates whose own words (a quote's, not its cue's; else the sentence's) hold
    all of ``words`` as the index stems them."""
    wanted = _stems(*words)
    return [c for c in candidates if wanted and wanted <= _stems(
        c["quote"]["text"] if c["quote"] else c["sentence"])]


def _naming(candidates: list[dict[str, Any]], words: list[str]) -> list[dict[str, Any]]:
    """The candidates whose quote's own words hold any of ``words`` as the index stems them."""
    wanted = _stems(*words)
    return [c for c in candidates if c["quote"] and wanted & _stems(c["quote"]["text"])]


def _by_date(candidates: list[dict[str, Any]], latest: bool) -> list[dict[str, Any]]:
    """Answer candidates by their article's date, earliest first (``latest``: newest first),
    undated ones last, each date's best first."""
    dated = [c for c in candidates if c["hit"].published]
    dated.sort(key=lambda c: -c["score"])
    dated.sort(key=lambda c: c["hit"].published, reverse=latest)
    return dated + [c for c in candidates if not c["hit"].published]


def topic_counts(service: SearchService, topic: str) -> dict[str, int]:
    """How many passages of the index hold each of the topic's ranking words (none without
    word counts: Milvus)."""
    from indexer.querymodel import ranking_words, split_query

    return service.keyword.word_counts(ranking_words(split_query(escape_query(topic))))


def distinctive_words(every: dict[str, int], unknown: bool = False) -> list[str]:
    """The topic's words (``every``: their ``topic_counts``) at most ``DISTINCT_RATIO`` times
    as common in the index as its rarest ("quagmire" of "the war in Iraq a quagmire").
    ``unknown``: with the words no passage holds after them ("ghost" of "ghost guns" in an
    archive that never says it), when some word of the topic is held."""
    counts = {w: n for w, n in every.items() if n}
    rarest = min(counts.values(), default=0)
    held = [w for w, n in counts.items() if n <= DISTINCT_RATIO * rarest]
    return held + [w for w, n in every.items() if n == 0] if unknown and held else held


def far_from_topic(words: list[str], theirs: list[dict[str, Any]]) -> bool:
    """Whether none of the asked-about speaker's answer units is on the question's topic
    (``on_topic``)."""
    return not any(on_topic(words, theirs))


def on_topic(words: list[str], theirs: list[dict[str, Any]], every: bool = False) -> list[bool]:
    """Whether each answer unit is on the question's topic: similar to it at least
    ``FAR_SIMILARITY``, or its passage or its article's title holds one of the topic's
    distinctive ``words`` (``distinctive_words``: "surge" in "the surge in Iraq", where "Iraq"
    alone is the speaker on Iraq, not on the surge; a release titled 'DA Responds to Spike in
    Fentanyl OD Deaths' quotes its speaker on 'the disturbing uptick in overdoses'; a word in
    the passage alone, not the title, needs a unit at least ``WORD_FLOOR`` similar). Without
    word counts (Milvus: no distinctive words), any keyword match or a similarity of
    ``MIN_SIMILARITY`` counts as on topic. ``every``: the passage or title must hold all the
    distinctive words ('hate crimes' is not 'gun crime')."""
    if not words:
        return [c["similarity"] >= MIN_SIMILARITY or "keyword" in c["hit"].found_by
                for c in theirs]
    distinct = _stems(*words)

    def holds(*texts: str) -> bool:
        return distinct <= _stems(*texts) if every else bool(distinct & _stems(*texts))

    titled = {c["hit"].passage_id for c in theirs if holds(c["hit"].title)}
    holding = {c["hit"].passage_id for c in theirs if holds(c["hit"].title, c["hit"].text)}
    return [c["similarity"] >= FAR_SIMILARITY or c["hit"].passage_id in titled
            or c["hit"].passage_id in holding and (every or c["similarity"] >= WORD_FLOOR)
            for c in theirs]


def off_subject(topic: str, words: list[str], theirs: list[dict[str, Any]]) -> bool:
    """Whether a subject of two or three distinctive words ('ghost guns') is held whole by none
    of the asked speaker's quotes (``holding_topic``) though some hold part of it: their quotes
    on gun violence are near it, not on it."""
    return 2 <= len(_stems(*words)) and len(topic.split()) <= SUBJECT_WORDS and bool(theirs) \
        and not any(holding_topic(words, theirs))


def holding_topic(words: list[str], theirs: list[dict[str, Any]]) -> list[bool]:
    """Whether each answer unit's article title and passage hold every one of the topic's
    distinctive ``words``, the title one of them or the unit itself being at least
    ``WORD_FLOOR`` similar to the topic (``on_topic``'s word tests, all the words asked)."""
    distinct = _stems(*words)
    if not distinct:
        return [False] * len(theirs)
    return [distinct <= _stems(c["hit"].title, c["hit"].text) and (
        bool(distinct & _stems(c["hit"].title)) or c["similarity"] >= WORD_FLOOR)
        for c in theirs]


def names_a_person(written: str) -> bool:
    """Whether the speaker a question names reads as a person's name ("Feingold", "senator
    feingold"), not a thing ("the law", "the report")."""
    words = written.split()
    return any(w[:1].isupper() for w in words) or \
        words[0].rstrip(".").lower() in {*TITLE_WORDS, *TITLE_WORDS.values()} and len(words) > 1


PARTY_TEXTS = 20  # articles quoting a speaker read for the party tag after their name


def _party_written(service: SearchService, quote: dict[str, Any], known: dict[int, str]) -> str:
    """The party tag most of the articles quoting a registry speaker write after their name
    ('Sen. Ken Salazar (D-Colo.)' in releases other than the one answering), '' when none do
    or they disagree; read once a speaker (``known``)."""
    speaker_id = quote.get("speaker_id")
    if speaker_id is None or not quote.get("speaker"):
        return ""
    if speaker_id not in known:
        surname = quote["speaker"].split()[-1]
        tags = [tag[0] for text in service.store.speaker_texts(speaker_id, surname, PARTY_TEXTS)
                if (tag := party_tag(text, quote["speaker"]))]
        common = max(set(tags), key=tags.count) if tags else ""
        known[speaker_id] = f"({common})" if common and tags.count(common) > len(tags) / 2 \
            else ""
    return known[speaker_id]


def _speaker_name(service: SearchService, ids: list[int], written: str | None) -> str:
    """How a notice names the speaker a question asks about: the registry's name (the office
    asked about, with its holders, when several hold it)."""
    speakers = [s for s in map(service.store.get_speaker, ids[:SHOWN_HOLDERS + 1]) if s]
    if len(speakers) > 1 and written:
        more = len(ids) - SHOWN_HOLDERS
        names = ", ".join(s.name for s in speakers[:SHOWN_HOLDERS])
        office = f"the {written}" if written[:1].islower() else written
        return f"{office} ({names}{f' and {more:,} more' if more > 0 else ''})"
    return speakers[0].name if speakers else written or "The speaker"


# the last word of an institution, not of an office a person holds ('the Houston Police
# Department' is asked about as itself, not as its officers)
INSTITUTIONS = frozenset("""department office police committee agency bureau court commission
council board order service services administration association division unit""".split())


def names_an_office(written: str) -> bool:
    """Whether a speaker slot ends in an office a person holds ("the Cook County State's
    Attorney"), not an institution ("the Department of Justice", "... Attorney's Office")."""
    words = re.findall(r"[\w'’]+", written)
    last = re.sub(r"['’]s?$", "", words[-1]) if words else ""
    head = role_head(written)
    return bool(head) and last.lower() not in INSTITUTIONS and role_head(last) == head


def _is_person(service: SearchService, speaker_id: int) -> bool:
    """Whether a registry entry is a person (not an organisation or an office's statements)."""
    speaker = service.store.get_speaker(speaker_id)
    return speaker is not None and speaker.kind == "person"


def _holders_of(service: SearchService, office: str) -> list[int]:
    """Registry people whose roles and organisations hold every word of an office a question
    names ('the Harris County District Attorney': Kim Ogg, not the Cook County State's
    Attorney), most quoted first."""
    office = re.sub(r"^(?:the|a|an)\s+", "", office.strip(), flags=re.I)
    holders = [s.id for s in service.store.speakers() if s.kind == "person"
               and role_fit(office, " ".join([*s.roles, *s.orgs])) >= 1.0]
    counts = service.store.speaker_quote_counts()
    return sorted(holders, key=lambda n: -counts.get(n, 0))


def asked_not_said(intent: Any, unit: str) -> bool:
    """True when an answer unit is a question asked while the question wants what someone
    said: "who accused X …" is not answered by "Will she be there?", "who pressed X …" is."""
    return bool(_ASKED.search(unit)) and not _ASKING.search(intent.text)


def _described(quote: dict[str, Any], known: str = "") -> str:
    """What describes a quote's speaker: role, organisation and mention in its article, and
    what the registry knows of the speaker from other articles (``known``)."""
    return " ".join(v for v in (quote.get("speaker_role"), quote.get("speaker_org"),
                                quote.get("mention"), known) if v)


def _registry_words(service: SearchService, quote: dict[str, Any]) -> str:
    """The roles and organisations the registry holds for a quote's speaker, as one text."""
    speaker = service.store.get_speaker(quote["speaker_id"]) \
        if quote.get("speaker_id") is not None else None
    return " ".join([*speaker.roles, *speaker.orgs]) if speaker is not None else ""


INTRODUCTION = 90  # characters each side of the name where an article first writes it


def introduced(service: SearchService, article_id: str, speaker: str | None) -> str:
    """The words around the name where an article first writes a quote's speaker: how it
    introduces them ("Kevin McKinley, a financial adviser in Eau Claire, …", "Stein
    spokeswoman Meleiza Figueroa"), which the quote's own cue ("he said") leaves out."""
    if not speaker:
        return ""
    article = service.store.get_article(article_id)
    # quoted words are what someone says, not how the article describes them ('“… I am grateful
    # to Judge Navarro …,” said District Attorney Mike Hestrin' introduces no judge)
    text = blank_quotations(article["text"]) if article else ""
    for written in (speaker, speaker.split()[-1]):
        m = re.search(rf"(?<!\w){re.escape(written)}(?!\w)", text)
        if m:
            start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - INTRODUCTION)
            end = text.find("\n", m.end())
            end = min(end if end >= 0 else len(text), m.end() + INTRODUCTION)
            return text[start:end]
    return ""


def _speakers_asked_about(service: SearchService, question: str, intent: Any) -> list[int]:
    """Registry ids of the speaker a question asks about: the name in a "what did X say"
    form, else any proper name the question contains (not in "who said …" questions, where
    a name is the topic)."""
    if intent.speaker:
        ids = service.asked_speaker(intent.speaker)
        if not ids and intent.speaker[:1].isupper():
            ids = find_speaker_ids(service.store, intent.speaker)
        return ids
    if intent.asks_who:
        return []
    return service.names.find(question)


def _with_quote_passages(service: SearchService, hits: list[Hit], topic: str,
                         filters: Filters) -> list[Hit]:
    """The hits plus the passages holding the quotes that best match the topic in the quote
    index (statements searched as statements), each passage once."""
    from indexer.quote_index import quotes_for_question

    try:
        quotes = quotes_for_question(service, topic, filters.speaker_ids, filters,
                                     limit=QUOTES_READ)
    except QueryError:
        return hits
    have = {h.passage_id for h in hits}
    extra = [q["passage_id"] for q in quotes if q.get("passage_id") and q["passage_id"] not in have]
    if not extra:
        return hits
    more = service._hits([(pid, pid.rsplit(":", 1)[0], 0.0, 0, ["quotes"])
                          for pid in dict.fromkeys(extra)], set(), filters.speaker_ids or [])
    return hits + more


def escape_query(text: str) -> str:
    """Plain words for the query parser: a question's punctuation is not query syntax."""
    cleaned = "".join(ch if ch.isalnum() or ch in " '-" else " " for ch in text)
    words = [w for w in cleaned.split() if w.upper() not in ("AND", "OR", "NOT", "TO")]
    return " ".join(words) or "*"


def _candidate_sentences(hits: list[Hit]) -> list[dict[str, Any]]:
    """Each passage's answer units: a quote's whole sentence (from the sentence it starts in
    through the one it ends in, so no quote mark is left open) and the other sentences."""
    out = []
    for rank, hit in enumerate(hits):
        quotes = [q for q in hit.quotes if q["kind"] != "partial" or states(q)]
        for start, end, quote in answer_units(hit.text, quotes):  # a scare quote is narration
            if is_heading(hit.text[start:end]):
                continue  # a fact sheet's '[AFP, 2/18/04]' and section heading answer nothing
            out.append({
                "hit": hit, "rank": rank, "start": start, "end": end,
                "sentence": hit.text[start:end].strip(), "quote": quote,
            })
    return out


HEADING_WORDS = 12


def is_heading(unit: str) -> bool:
    """A heading or a source tag, not a sentence: at most HEADING_WORDS words once bracketed
    citations are left out, no closing punctuation and no quotation ('Bremer vs. the Bush
    Administration on Training Iraqi Forces', '[AFP, 2/18/04]')."""
    words = re.sub(r"\[[^\]]*\]", " ", unit).split()
    return len(words) <= HEADING_WORDS and not re.search(r"[.!?…:;\"”’')]$", " ".join(words)) \
        and not re.search(r"[“\"][^”\"]+[”\"]", unit)  # '“No,” he said' is said


def _similarities(service: SearchService, question: str, sentences: list[str]) -> np.ndarray:
    """Cosine similarity of each sentence to the question (word overlap without a model)."""
    if service.embedder is not None:
        vectors = service.sentence_vectors([question, *sentences])
        return vectors[1:] @ vectors[0]
    qwords = {w.lower() for w in question.split() if len(w) > 3}
    return np.array([
        len(qwords & {w.lower() for w in s.split()}) / (len(qwords) or 1) for s in sentences
    ])


def _registry_details(service: SearchService, quote: dict[str, Any] | None,
                      published: str | None = None) -> dict[str, Any]:
    """Title, role and organisation the registry knows for a quote's speaker: the ones most of
    their quotes give ("U.S. Senator", not a one-off "U.S."); for a dated quote, the office (a role
    with the body it is held in) their quotes within half a year of it name most often (a 2005
    statement's "member of the Senate Energy Committee", not the chairmanship of 2007)."""
    if not quote or quote.get("speaker_id") is None:
        return {}
    summary = service.store.speaker_summary(quote["speaker_id"])  # most used roles first
    if summary is None:
        return {}
    roles, orgs = summary["roles"], summary["orgs"]
    titles = [r for r in roles if r in TITLE_ABBREVIATIONS and r not in COURTESY_TITLES]
    near = service.store.speaker_roles_near(quote["speaker_id"], published) if published else []
    held = next(((r, o) for r, o in near if o), None)
    if held is not None:  # an office one of their quotes of then names, role and body together
        roles, orgs = [held[0]] if held[0] else [], [held[1]]
    others = [r for r in roles if not title_alone(r)]  # "Sen.", "U.S. Sen.": titles
    return {"title": titles[0] if titles else None, "role": others[0] if others else None,
            "org": orgs[0] if orgs else None}


def _bare_title(role: str) -> str:
    """A role in lower case without the country's initials before it ("U.S. Senator" ->
    "senator"), to be matched against a title spelled out."""
    return re.sub(r"^(?:(?:[A-Z]\.){2,}|US)\s+", "", role).lower()


def spelled_out(title: str) -> str:
    """A title abbreviation written out in lower case ("Sen." -> "senator")."""
    word = title.rstrip(".").lower()
    return TITLE_WORDS.get(word, word)


def _answer(cand: dict[str, Any], known: dict[str, Any]) -> Answer:
    hit: Hit = cand["hit"]
    quote = cand["quote"]
    speaker = quote["speaker"] if quote else None
    role = (quote["speaker_role"] if quote else None) or known.get("role")
    org = (quote["speaker_org"] if quote else None) or known.get("org")
    title = known.get("title")
    if role in COURTESY_TITLES:  # "Mr." names no office: no title, no role
        role = known.get("role")
    elif role and title_alone(role):  # "Sen.", "U.S. Sen.": a title, written before the name
        title, role = title or role, known.get("role")
    if title and role and spelled_out(title) == _bare_title(role):
        role = None  # "Sen. Olympia Snowe", not "Sen. Olympia Snowe, Senator" (or "U.S. Senator")
        if not (quote and quote["speaker_org"]) and known.get("role") and \
                spelled_out(title) != _bare_title(known["role"]):
            role = known["role"]  # the office known beside its body, as the quote names none
    cited = f"{title} {speaker}" if speaker and title else speaker
    return Answer(
        answer=closing_marks(cand["sentence"]),
        passage_id=hit.passage_id,
        article_id=hit.article_id,
        speaker=speaker,
        speaker_role=role,
        speaker_org=org,
        quote=quote["text"] if quote else None,
        title=hit.title,
        source=hit.source,
        published=hit.published,
        url=hit.url,
        citation=format_citation(cited, role, org, hit.title, hit.source, hit.published),
        score=round(cand["score"], 4),
        answer_start=cand["start"],
        answer_end=cand["end"],
        passage=hit.text,
    )
