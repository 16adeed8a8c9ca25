"""Extract quotes with their attribution from article text: marks + frames + cues + resolution."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from indexer.normalise import clearly_not_english
from indexer.quotes.cues import PRONOUNS, CueMatch, cue_lemma, is_cue, mention_span
from indexer.quotes.entities import named_entities
from indexer.quotes.fallbacks import governing_subject, lead_subject
from indexer.quotes.frames import Frame, build_frame
from indexer.quotes.introductions import add_introduced_roles
from indexer.quotes.leads import lead_in
from indexer.quotes.marks import (
    QuoteSpan,
    find_quote_spans,
    in_quotation,
    is_named_title,
    is_partial,
    is_title_like,
    names_a_thing,
    paragraph_bounds,
    titled_by_position,
)
from indexer.quotes.model import load_nlp
from indexer.quotes.names import gender_of
from indexer.quotes.places import is_place_name
from indexer.quotes.ranking import find_cue
from indexer.quotes.resolve import (
    ArticleContext,
    Known,
    is_epithet,
    is_unnamed_member,
    resolve_description,
    resolve_epithet,
    resolve_org,
    resolve_person,
    resolve_pronoun,
)
from indexer.quotes.roles import (
    DOCUMENT_HEADS,
    SOURCE_HEADS,
    and_joined,
    appositive,
    is_org_mention,
    is_thing,
    join_tokens,
    org_name_span,
    split_mention,
    strip_titles,
    titled_person,
    titles_role,
)
from indexer.quotes.signatures import dash_signature
from indexer.quotes.statements import (
    Issuer,
    fold_into_statements,
    owner_of,
    statement_quotes,
)
from indexer.quotes.tags import coarse_pos
from indexer.quotes.transcripts import QUESTION_LABELS, Turn, find_turns
from indexer.records import Quote

_PERSONAL = {"he", "she", "they", "we"}


@dataclass
class Region:
    """Consecutive paragraphs parsed together: the quotes in them and their frame."""

    start: int
    end: int
    quotes: list[int]
    frame: Frame | None = None
    lead: int | None = None  # start of a lead-in sentence parsed with the region, if any


@dataclass
class Plan:
    """One article's quote spans, partial flags, transcript turns and parse regions."""

    text: str
    spans: list[QuoteSpan]
    partial: list[bool]
    turns: list[Turn]
    regions: list[Region]


def _plan(text: str) -> Plan:
    """Find quote spans and transcript turns and group the quotes into parse regions."""
    paras = paragraph_bounds(text)
    starts = [p[0] for p in paras]
    turns = find_turns(text)
    spans = [
        s for s in find_quote_spans(text)
        if not any(t.line_start <= s.start < t.end or s.start < t.label_start < s.end
                   for t in turns)
    ]

    def para_of(pos: int) -> int:
        return max(bisect_right(starts, pos) - 1, 0)

    partial = [is_partial(text, s, paras[para_of(s.start)][0]) for s in spans]
    regions: list[Region] = []
    for i, s in enumerate(spans):
        first, last = para_of(s.start), para_of(max(s.end - 1, s.start))
        rs, re_ = paras[first][0], paras[last][1]
        if regions and rs <= regions[-1].end:
            regions[-1].end = max(regions[-1].end, re_)
            regions[-1].quotes.append(i)
            continue
        if first > 0 and s.start == rs and text[paras[first - 1][0]:paras[first - 1][1]].endswith(
            ":"
        ):
            rs = paras[first - 1][0]
        if last + 1 < len(paras) and _attribution_after(text, s.end, paras[last], paras[last + 1]):
            re_ = paras[last + 1][1]  # '“…,”' ending its paragraph, then 'Sen. Sims said.'
        region = Region(rs, re_, [i])
        if first > 0 and rs == paras[first][0]:
            inside = [t for t in spans[i:] if t.start < paras[first][1]]
            region.lead = lead_in(text, paras[first], paras[first - 1], inside)
        regions.append(region)
    for r in regions:
        r.frame = build_frame(
            text, r.lead if r.lead is not None else r.start, r.end,
            [(i, spans[i].start, spans[i].end, partial[i]) for i in r.quotes],
        )
    return Plan(text, spans, partial, turns, regions)


def _attribution_after(text: str, quote_end: int, para: tuple[int, int],
                       nxt: tuple[int, int]) -> bool:
    """A quote closing its paragraph on a comma ('“… of this measure,”') whose next paragraph is a
    short unquoted line, the attribution the comma leads to ('Sen. Sims said.')."""
    if text[para[0]:para[1]].rstrip()[-2:] not in {',”', ',"'} or quote_end < para[1] - 2:
        return False
    line = text[nxt[0]:nxt[1]].strip()
    return 0 < len(line.split()) <= 12 and not any(m in line for m in '"“”')


def _remember_entities(ctx: ArticleContext, frame: Frame, doc: Doc) -> None:
    """Add the people and organisations a frame names to the article's known list."""
    for ent in named_entities(doc):
        if ent.kind == "person":
            name, titles = strip_titles(ent.text)
            ctx.remember(Known(name, "person", frame.to_orig(ent.start_char), gender_of(name),
                               titles_role(titles)))
        else:
            ctx.remember(Known(ent.text, "org", frame.to_orig(ent.start_char)))


def _attribute(match: CueMatch, frame: Frame, ctx: ArticleContext) -> Quote | None:
    """Turn a cue match into the attribution fields of a Quote (offsets unset)."""
    head = match.head
    if head is None or match.mention is None:
        return None
    mention = match.mention
    written = match.written or mention
    base = _mentioned(Quote(0, 0, "", "direct", cue=match.cue_text), written, frame, ctx.text)
    m_start = base.mention_start
    if _legal_reference(ctx.text, m_start, base.mention_end):
        return replace(base, confidence=0.4)  # a court case or a section cited, nobody speaking
    conf = 0.9 if match.adjacent else 0.7
    owner = _statement_owner(head)
    if owner is not None:  # "Senator Mikulski's statement is below:" is Mikulski speaking
        head, mention = owner  # ('Her statement follows:' is her speaking)
    joined = and_joined(mention)
    if joined is not mention:  # 'the International Longshore and Warehouse Union'
        if written is mention:
            base = _mentioned(base, joined, frame, ctx.text)
            m_start = base.mention_start
        mention, head = joined, joined[-1]
    low = head.lower_
    if coarse_pos(head) == "PRON" or low in PRONOUNS:
        k = resolve_pronoun(low, ctx, m_start, _bound_antecedent(match, frame))
        if k is None:
            return replace(base, confidence=0.4)
        kind = "person" if k.kind == "person" else "org"  # a document speaks as an org
        if low != "i":  # the writer's 'I' is no 'he' of the next paragraph
            ctx.remember(replace(k, pos=m_start, quoted=True))  # the chain goes on
        return replace(base, speaker=k.name, speaker_kind=kind, speaker_role=k.role,
                       speaker_org=k.org, confidence=conf - 0.1)
    if is_org_mention(mention, head) and (head.tag_ == "NNPS"
                                          or not _is_known_surname(head.text, ctx, m_start)):
        if head.lower_ in DOCUMENT_HEADS and mention[0].lower_ in POSSESSIVE_DETERMINERS:
            return replace(base, confidence=0.4)  # 'Her economic plan promises "…"': no source
        named = org_name_span(mention)
        if named is not mention and written is mention:  # 'the Department of Justice'
            base = _mentioned(base, named, frame, ctx.text)  # (it starts where the mention did)
        titled = titled_person(named)
        if titled is not None:  # 'City of Miami Police Chief Manuel Morales': the chief speaks
            name = resolve_person(join_tokens(titled[0]), ctx, m_start)
            role = join_tokens([t for t in titled[1] if t.lower_ != "the"])
            ctx.remember(Known(name, "person", m_start, gender_of(name), role, quoted=True))
            return replace(base, speaker=name, speaker_kind="person", speaker_role=role,
                           confidence=conf)
        name = resolve_org(named.text, head.text, ctx, m_start)
        ctx.remember(Known(name, "document" if head.lower_ in DOCUMENT_HEADS else "org", m_start))
        return replace(base, speaker=name, speaker_kind="org", confidence=conf - 0.05)
    words = [t.text for t in mention]
    if is_unnamed_member(words):  # an anonymous source, described
        return replace(base, speaker_role=join_tokens(list(mention[1:])), speaker_kind="person",
                       confidence=conf - 0.3)
    if is_epithet(words):
        k = resolve_epithet(ctx, m_start)
        role = join_tokens(list(mention[1:]))
        if k is None:
            return replace(base, speaker_role=role, speaker_kind="person", confidence=conf - 0.3)
        ctx.remember(replace(k, pos=m_start, quoted=True))
        # the party is no office: the person keeps the role they were given, or none
        return replace(base, speaker=k.name, speaker_kind="person", speaker_role=k.role,
                       speaker_org=k.org, confidence=conf - 0.15)
    parts = split_mention(mention, appositive(head))
    if not parts.name and (full := _surname_read_as_noun(head, mention, ctx)):
        parts = replace(parts, name=full, role=None)
    if not parts.name:
        k = resolve_description(head.text, ctx, m_start)
        role = parts.role or join_tokens([t for t in mention if t.lower_ not in {"a", "the"}])
        if k is None:
            return replace(base, speaker_role=role, speaker_org=parts.org, speaker_kind="person",
                           confidence=conf - 0.3)
        ctx.remember(replace(k, pos=m_start, quoted=True))  # 'the senator' goes on the chain
        return replace(base, speaker=k.name, speaker_kind="person", speaker_role=k.role or role,
                       speaker_org=k.org or parts.org, confidence=conf - 0.15)
    name = resolve_person(parts.name, ctx, m_start, parts.titles)
    if name != parts.name and is_place_name(parts.name) and not any(
            k.name == name and not in_quotation(ctx.text, k.pos)
            for k in [*ctx.known, *ctx.people] if k.kind == "person"):
        name = parts.name  # 'China' is not 'Green China' (words of a quote), but a chief
        # the narration names Kevin Washington is 'Washington' after
    if is_place_name(name):  # 'Iraq has said …': its government
        ctx.remember(Known(name, "org", m_start))
        return replace(base, speaker=name, speaker_kind="org", confidence=conf - 0.05)
    prior = next((k for k in reversed(ctx.known) if k.name == name and k.kind == "person"), None)
    if parts.role is None and (prior is None or prior.role is None):
        prior = _titled_in_text(name, ctx, m_start) or prior
    role = parts.role or (prior.role if prior else None)
    org = parts.org or (prior.org if prior else None)
    ctx.remember(Known(name, "person", m_start, gender_of(name), role, org, quoted=True))
    return replace(base, speaker=name, speaker_kind="person", speaker_role=role,
                   speaker_org=org, confidence=conf)


def _mentioned(base: Quote, span: Span, frame: Frame, text: str) -> Quote:
    """``base`` with the words of ``span`` (frame offsets) as its mention in the text."""
    start, end = frame.to_orig(span.start_char), frame.to_orig(span.end_char - 1) + 1
    return replace(base, mention=text[start:end], mention_start=start, mention_end=end)


# a case cited by its reporter volume and page ('Stephens, 663 S.W.3d at 49', 'Doe, 691 S.W.3d
# 55, 75', '576 U.S. 644') or by its parties ('Stern v. State'), the legal 'Id.' (the source
# cited before) and a bare Roman numeral ('arts. III, IV, V'): references in a legal filing,
# which quote authorities, not speakers
_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."  # '20 Jan. 2023' is a date
_CASE_CITATION = re.compile(rf",?\s*\d+\s+(?!{_MONTH})(?:[A-Z][A-Za-z]*\.\s?)+"
                            r"(?:[2-9]d|[2-9]th)?\s+(?:at\s+)?\d+|\s+v\.\s+[A-Z]")
_REFERENCE_WORD = re.compile(r"(?:Id|Ibid)\.(?:\s|$)")
_ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")  # 'II' to 'XXXIX', no 'I' or 'V'
# the words between 'v.' and the mention, in one sentence: 'Stern v. State ex rel. Ansel'
_CASE_PARTY_BEFORE = re.compile(r"\bv\.\s+(?:(?:[A-Z][\w'’-]*|ex|rel\.|of|the)\s+)*$")


def _legal_reference(text: str, start: int, end: int) -> bool:
    """Whether the mention at ``[start, end)`` is a legal reference, not a speaker: it opens
    with 'Id.' or is a Roman numeral, a reporter citation or 'v.' follows it, or it is the
    second party of a case ('Stern v. State ex rel. Ansel')."""
    mention = text[start:end].strip()
    party = all(w[:1].isupper() or w in {"of", "the", "ex", "rel."} for w in mention.split())
    return bool(_REFERENCE_WORD.match(mention) or _ROMAN.fullmatch(mention)
                or _CASE_CITATION.match(text, end)
                or party and _CASE_PARTY_BEFORE.search(text[max(0, start - 80):start]))


# 'her plan', 'their bill': a document someone owns, never an organisation named earlier
POSSESSIVE_DETERMINERS = frozenset("her his their its our my your".split())


def _surname_read_as_noun(head: Token, mention: Span, ctx: ArticleContext) -> str | None:
    """'Sanders said, “…”' with 'Sanders' opening the sentence, tagged as a plural common noun:
    a capitalised one-word mention that is the surname of a person the article names in full
    (that full name)."""
    if len(mention) != 1 or head.tag_ not in {"NN", "NNS"} or not head.text[:1].isupper():
        return None
    return next((k.name for k in [*reversed(ctx.known), *ctx.people] if k.kind == "person"
                 and " " in k.name and k.name.split()[-1] == head.text), None)


def _titled_in_text(name: str, ctx: ArticleContext, pos: int) -> Known | None:
    """The speaker's full name written with titles earlier in the text ('U.S. Senator Max
    Baucus today announced …' before '“…,” Baucus said'), even in a paragraph never parsed."""
    return max((k for k in ctx.people if k.name == name and k.role and k.pos <= pos),
               key=lambda k: k.pos, default=None)


def _statement_owner(head: Token) -> tuple[Token, Span] | None:
    """The person whose statement, remarks or letter speaks ('Sen. Mikulski's statement', 'the
    text of Senator Feinstein's remarks'), with their mention: a named owner of a statement
    noun, not an organisation ('the committee's report')."""
    owner = owner_of(head)
    if owner is None:
        return None
    span = mention_span(owner)
    return None if is_org_mention(span, owner) else (owner, span)


def _bound_antecedent(match: CueMatch, frame: Frame) -> tuple[int, int] | None:
    """Article span of the noun a relative clause hangs on ('Trump, who he blasted as …'):
    the clause's pronoun subject cannot be that noun."""
    cue = match.cue
    if cue.dep_ != "relcl" or match.head is None or match.head.head != cue:
        return None
    noun = cue.head
    left = min(t.idx for t in noun.subtree if t.i <= noun.i)
    return frame.to_orig(left), frame.to_orig(noun.idx + len(noun) - 1) + 1


def _is_known_surname(word: str, ctx: ArticleContext, pos: int) -> bool:
    """True when a one-word mention is the surname of a full name in the article."""
    return word[:1].isupper() and word.lower() not in SOURCE_HEADS and " " in resolve_person(
        word, ctx, pos
    )


def _quote(text: str, span: QuoteSpan, kind: str, attr: Quote | None, conf: float) -> Quote:
    fields = attr if attr is not None else Quote(0, 0, "", kind)
    confidence = min(conf, fields.confidence) if attr is not None else conf
    if not span.closed:
        confidence *= 0.7
    return replace(fields, start=span.start, end=span.end, text=text[span.start:span.end],
                   kind=kind, confidence=round(confidence, 2))


def _region_quotes(plan: Plan, region: Region, doc: Doc, ctx: ArticleContext,
                   previous: Quote | None) -> list[Quote]:
    """Attribute every quote of a region: own cue, else a neighbour's in the region, else
    the previous region's speaker when the region is a follow-on paragraph of quotes."""
    frame = region.frame
    assert frame is not None
    attrs: list[Quote | None] = []
    weak: list[Quote | None] = []
    things: set[int] = set()  # quotes whose only speaker is a thing ('the cable indicated')
    close: set[int] = set()  # quotes whose cue governs them or stands next to them
    slots = list(frame.slots.values())
    for i in region.quotes:
        slot = frame.slots.get(i)
        match = find_cue(doc, slot, slots) if slot else None
        weak_cue = match is None or match.tier > 0 or match.head is None
        fallback = governing_subject(doc, slot, slots) if slot and weak_cue else None
        if fallback is not None and is_thing(fallback.head):
            things.add(i)
        if fallback is not None and match is not None and match.head is not None:
            if not _reported_pronoun(fallback, match):
                match = fallback  # the clause's own subject beats a distant cue
            fallback = None
        if match is not None and match.tier == 2 and slot and not plan.partial[i] \
                and match.cue.idx >= slot[1]:
            lead = lead_subject(doc, slot, slots, bare=True)
            if lead is not None:
                match = lead  # 'Lynch announced … “…” She further announced': the lead-in cue
        attr = _attribute(match, frame, ctx) if match else None
        if attr is not None and _mention_quoted(plan, attr, i):
            attr, match = None, None  # 'a report, "A Nation Still Unprepared," recommended'
        if match is not None and match.tier == 0:
            close.add(i)
        if attrs and match is not None and match.tier >= 2 and _continues(plan, i, attrs[-1]):
            attr = None  # '“…,” she said. “…” She noted …': the quote goes on the first cue
        attrs.append(attr)
        fell = _attribute(fallback, frame, ctx) if fallback else None
        weak.append(None if fell is not None and _mention_quoted(plan, fell, i) else fell)
    out = []
    for n, i in enumerate(region.quotes):
        attr, conf = attrs[n], 1.0
        if attr is None and weak[n] is not None:
            attr, conf = weak[n], 0.5
        before = [a for a in attrs[:n] if a is not None]
        if attr is None and not plan.partial[i] and (slot := frame.slots.get(i)):
            lead = lead_subject(doc, slot, slots, bare=bool(before))
            led = _attribute(lead, frame, ctx) if lead is not None else None
            if led is not None and not _mention_quoted(plan, led, i):
                attr, conf = led, 0.6
        if attr is None:
            after = [a for a in attrs[n + 1:] if a is not None]
            if before or after:
                attr, conf = (before[-1] if before else after[0]), 0.75
            elif not plan.partial[i] and previous is not None and previous.mention and _follows(
                plan.text, previous.end, region.start
            ) and _opens_paragraph(plan.text, plan.spans[i].start):
                attr, conf = previous, 0.6
        signed = dash_signature(plan.text, plan.spans[i].end)
        if signed is not None:
            attr, conf = _signature_attr(plan.text, signed, ctx), 1.0
        kind = "partial" if plan.partial[i] else "direct"
        thing_only = i in things and (attr is attrs[n] or attr is weak[n])
        if (attr is None or thing_only) and _is_short(plan.text, plan.spans[i]):
            continue  # an unattributed short span is a title or scare quote, not speech
        quoted = plan.text[plan.spans[i].start:plan.spans[i].end]
        if is_named_title(quoted) or names_a_thing(plan.text, plan.spans[i]):
            continue  # it names a thing (a bill, a nickname, a label); nobody says it
        if is_title_like(quoted) and (titled_by_position(plan.text, plan.spans[i]) or not (
                i in close and _spoken_by_own_cue(attr, attrs[n]))):
            continue  # a title-case name ('on NBC's “Meet the Press”'), not speech
        out.append(_quote(plan.text, plan.spans[i], kind, attr, conf if attr else 0.3))
    return out


def _mention_quoted(plan: Plan, attr: Quote, own: int) -> bool:
    """Whether an attribution's speaker mention lies inside another quote of the article: words
    quoted (a report's title, a slogan) name no one speaking."""
    if attr.mention_start is None or attr.mention_end is None:
        return False
    return any(s.start <= attr.mention_start and attr.mention_end <= s.end
               for k, s in enumerate(plan.spans) if k != own)


def _reported_pronoun(subject: CueMatch, cue: CueMatch) -> bool:
    """'Trump told the Post he was “not quite there yet”': a pronoun subject of a non-speech verb
    after a named speaker's cue in the same sentence is that speaker, reported."""
    head, speaker = subject.head, cue.head
    assert head is not None and speaker is not None
    return (head.lower_ in _PERSONAL and not is_cue(subject.cue) and speaker.i < head.i
            and speaker.sent == head.sent and coarse_pos(speaker) == "PROPN")


def _continues(plan: Plan, i: int, previous: Quote | None) -> bool:
    """True when quote ``i`` follows, in the same paragraph, the previous quote's own trailing
    attribution ('“…,” she said. “…”'), so it is the same speaker going on."""
    if previous is None or previous.mention_start is None or i == 0:
        return False
    before, start = plan.spans[i - 1].end, plan.spans[i].start
    return before <= previous.mention_start < start and "\n" not in plan.text[before:start]


def _signature_attr(text: str, span: tuple[int, int], ctx: ArticleContext) -> Quote:
    """The attribution of a quote signed '― Name' (or '- President Obama' on the next line)."""
    bare, titles = strip_titles(text[span[0]:span[1]].split(",")[0])  # 'Name, Affiliation'
    name = resolve_person(bare, ctx, span[0])
    ctx.remember(Known(name, "person", span[0], gender_of(name), titles_role(titles),
                       quoted=True))
    return Quote(0, 0, "", "direct", cue="―", mention=text[span[0]:span[1]], mention_start=span[0],
                 mention_end=span[1], speaker=name, speaker_kind="person",
                 speaker_role=titles_role(titles), confidence=0.8)


def _spoken_by_own_cue(attr: Quote | None, own: Quote | None) -> bool:
    """True when the quote's attribution is its own speech cue ('“Never,” he said'), not a
    neighbour's or a verb like 'sat' that governs a named show."""
    if attr is None or attr is not own or not attr.cue:
        return False
    words = attr.cue.split()
    return cue_lemma(words[-1]) is not None or words[0].lower() == "according"


def _is_short(text: str, span: QuoteSpan, max_words: int = 6) -> bool:
    return len(text[span.start:span.end].split()) <= max_words


def _opens_paragraph(text: str, start: int) -> bool:
    """True when the quote at ``start`` opens its paragraph: only a follow-on paragraph of
    quotes goes on the previous speaker, not a quote after narration ('Cruz named “…”')."""
    return text[text.rfind("\n", 0, start) + 1:start].strip() == ""


def _follows(text: str, prev_end: int, start: int) -> bool:
    """True when only the previous quote's paragraph tail separates it from ``start``."""
    return text.count("\n", prev_end, start) <= 2 and "\n" in text[prev_end:start] or (
        prev_end <= start and text[prev_end:start].strip() == ""
    )


def _turn_quotes(plan: Plan, ctx: ArticleContext) -> list[Quote]:
    """Transcript turns become quotes spoken by the resolved label ('SGT. BECCHINA')."""
    out = []
    for t in plan.turns:
        label = t.label.rstrip(".")
        quote = Quote(t.start, t.end, plan.text[t.start:t.end], "transcript", cue=":",
                      mention=t.label, mention_start=t.label_start, mention_end=t.label_end,
                      confidence=0.8)
        if label in QUESTION_LABELS:
            out.append(replace(quote, confidence=0.5))
            continue
        bare, titles = strip_titles(label.title())
        name = resolve_person(bare, ctx, t.start)
        out.append(replace(quote, speaker=name, speaker_kind="person",
                           speaker_role=titles_role(titles)))
    return out


def _article_quotes(plan: Plan, docs: Sequence[Doc], issuer: Issuer | None = None
                    ) -> list[Quote]:
    writer = Known(issuer.name, "person", 0, gender_of(issuer.name), issuer.role) \
        if issuer is not None and issuer.kind == "person" else None
    ctx = ArticleContext(plan.text, writer=writer)
    for region, doc in zip(plan.regions, docs, strict=True):
        assert region.frame is not None
        _remember_entities(ctx, region.frame, doc)
    quotes: list[Quote] = []
    previous: Quote | None = None
    for region, doc in zip(plan.regions, docs, strict=True):
        got = _region_quotes(plan, region, doc, ctx, previous)
        quotes.extend(got)
        previous = got[-1] if got else previous
    quotes.extend(_turn_quotes(plan, ctx))
    return sorted(quotes, key=lambda q: q.start)


def extract_quotes_many(texts: Sequence[str], nlp: Language | None = None,
                        batch_size: int = 64, issuers: Sequence[Issuer | None] | None = None,
                        statements: bool = True) -> list[list[Quote]]:
    """Extract quotes from many articles, parsing all their frames in one ``nlp.pipe`` stream;
    with ``statements``, each text's issued statements too (``statement_quotes``, the metadata
    ``issuers`` naming their owners)."""
    nlp = nlp or load_nlp()
    plans = [_plan(t) for t in texts]
    frames = [r.frame.text for p in plans for r in p.regions if r.frame is not None]
    docs = list(nlp.pipe(frames, batch_size=batch_size))
    owners = list(issuers) if issuers is not None else [None] * len(texts)
    out, k = [], 0
    for p, owner in zip(plans, owners, strict=True):
        n = len(p.regions)
        out.append(_article_quotes(p, docs[k:k + n], owner))
        k += n
    add_introduced_roles(texts, out, nlp, batch_size)
    out = [found if not clearly_not_english(text) else [unattributed(q) for q in found]
           for text, found in zip(texts, out, strict=True)]
    if statements:
        for i, (text, owner) in enumerate(zip(texts, owners, strict=True)):
            extra = statement_quotes(text, owner)
            if extra:
                out[i] = fold_into_statements(
                    sorted([*out[i], *extra], key=lambda q: (q.start, q.kind == "statement")),
                    text)
    return out


def unattributed(quote: Quote) -> Quote:
    """A quote without its speaker: in a text in another language, the English rules read
    its words ('Oder', 'Sie', 'el Fiscal Penal del Condado de Dallas') as names."""
    return replace(quote, cue=None, mention=None, mention_start=None, mention_end=None,
                   speaker=None, speaker_role=None, speaker_org=None, speaker_kind=None)


def extract_quotes(text: str, nlp: Language | None = None, issuer: Issuer | None = None,
                   statements: bool = True) -> list[Quote]:
    """Every direct, partial, transcript and statement quote in ``text`` with its speaker.

    Offsets index ``text`` exactly; pass a loaded spaCy pipeline to avoid the cached default.
    """
    return extract_quotes_many([text], nlp, issuers=[issuer], statements=statements)[0]
