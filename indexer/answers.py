"""Questions: recognising them, reading their intent, picking answer sentences, citing them.

Pure functions; the search service supplies retrieval and the embedder.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from indexer.passages import sentence_spans
from indexer.titles import TITLE_WORDS

_QUESTION_START = re.compile(
    r"^\s*(?:who|what|when|where|why|how|which|whom|whose|is|are|was|were|do|does|did|can|could|"
    r"may|might|should|would|will|has|have|had)\b",
    re.IGNORECASE,
)
_SAY = (r"(?:say|said|says|tell|told|state|stated|claim|claimed|argue|argued|think|thinks|"
        r"mean|meant|write|wrote|announce|announced|add|added|warn|warned|testify|testified)")
# the topic after the speech verb: "about Y", or a setting first ("in Everett about Y",
# "on Tuesday about Y", "last week"), which is kept with it
_SETTING = (r"in|at|during|while|before|since|last|this|earlier|recently|yesterday|today|"
            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday")
_TOPIC = (r"(?:\s+(?:(?:about|on|regarding|concerning|of|to|when|after|that|in\s+response\s+to)"
          rf"\s+|(?=(?:{_SETTING})\b))(?P<topic>.+?))?")
# Questions naming who spoke, the topic after them.
_SPEAKER_FORMS = [
    re.compile(rf"^\s*what\s+(?:did|does|do|has|have|had)\s+(?P<who>.+?)\s+{_SAY}{_TOPIC}\s*\??\s*$", re.I),
    re.compile(r"^\s*how\s+(?:did|does|do|has|have|would|will)\s+(?P<who>.+?)\s+(?:respond|responded|"
               r"react|reacted|reply|replied|answer|answered|describe|described|explain|explained|"
               r"characteri[sz]e|view|see|feel|defend|defended|justify|justified)"
               r"(?:\s+(?:to|on|about|regarding))?\s*(?P<topic>.*?)\s*\??\s*$", re.I),
    re.compile(r"^\s*what\s+(?:is|was|has\s+been)\s+(?P<who>.+?)(?:['’]s?)\s+(?:position|stance|view|"
               r"views|take|response|reaction|argument|explanation|message|answer|comment|"
               r"statement|opinion|criticism|defen[cs]e)(?:\s+(?:on|of|about|to|regarding))?"
               r"\s*(?P<topic>.*?)\s*\??\s*$", re.I),
    re.compile(r"^\s*where\s+(?:does|did|do)\s+(?P<who>.+?)\s+stand(?:\s+(?:on|regarding))?\s*"
               r"(?P<topic>.*?)\s*\??\s*$", re.I),
    re.compile(rf"^\s*(?:did|does|has|have)\s+(?P<who>.+?)\s+{_SAY}\s+(?P<topic>.+?)\s*\??\s*$", re.I),
    re.compile(r"^\s*whom\s+(?:did|does|do|has|have)\s+(?P<who>.+?)\s+(?P<topic>(?:blame|blamed|"
               r"credit|credited|criticise|criticised|criticize|criticized|accuse|accused|praise|"
               r"praised|thank|thanked|attack|attacked|name|named|cite|cited|single)\b.*?)\s*\??\s*$",
               re.I),
    re.compile(r"^\s*according\s+to\s+(?P<who>[^,]+),\s*(?P<topic>.+?)\s*\??\s*$", re.I),
    # last, once the forms above failed: what was said as a clause ("What did Sanders say
    # Clinton should focus on?")
    re.compile(rf"^\s*what\s+(?:did|does|do|has|have|had)\s+(?P<who>.+?)\s+{_SAY}\s+"
               r"(?P<topic>.+?)\s*\??\s*$", re.I),
]
# "When did X first mention Y?", "Who last spoke about Y?": the answer is the earliest (or the
# latest) matching quote in the archive; a "when" question without either asks for the first.
_FIRST = r"first|initially|originally"
_LAST = r"last|most\s+recently|recently"
_WHEN_VERB = (rf"(?:{_SAY[3:-1]}|mention|mentioned|talk|talked|speak|spoke|call|called|propose|"
              r"proposed|raise|raised|use|used|describe|described|discuss|discussed|address|"
              r"addressed|criticize|criticized|criticise|criticised|praise|praised|support|"
              r"supported|oppose|opposed|urge|urged|endorse|endorsed|comment|commented|bring\s+up|brought\s+up|"
              r"predict|predicted|promise|promised|question|questioned|blame|blamed|saying|"
              r"spoken|talking|speaking|mentioning|calling|warning|using|discussing|criticizing|"
              r"criticising|supporting|opposing|urging|questioning|blaming|pushing|push|pushed)")
_VERB_TOPIC = (rf"(?P<verb>{_WHEN_VERB})\b(?:\s+(?:about|on|regarding|concerning|of|for)\b)?"
               r"\s*(?P<topic>.*?)\s*\??\s*$")
_WHEN = re.compile(rf"^\s*when\s+(?:did|does|has|have|had)\s+(?P<who>.+?)\s+"
                   rf"(?:(?P<order>{_FIRST}|{_LAST})\s+)?(?:(?:start|begin)\s+(?:to\s+)?)?"
                   + _VERB_TOPIC, re.I)
# "How often did X mention Y?", "How many times has X talked about Y?": how many articles quote
# X on Y, the newest shown
_HOW_OFTEN = re.compile(r"^\s*how\s+(?:often|many\s+times)\s+(?:did|does|has|have|had)\s+"
                        r"(?P<who>.+?)\s+" + _VERB_TOPIC, re.I)
# "Has X ever mentioned Y?", "Did X talk about Y?": whether (and how often) X is quoted on Y,
# read as "how often"; a yes-no question with a verb of saying ("Did X say Y?") is "what did X
# say" (``_SPEAKER_FORMS``), one with a stance verb ("Does X oppose Y?") what X said on "oppose Y"
_MENTION = (r"mention|mentioned|talk|talked|speak|spoke|spoken|comment|commented|discuss|"
            r"discussed|address|addressed|raise|raised|bring\s+up|brought\s+up|use|used")
_EVER = re.compile(r"^\s*(?:did|does|do|has|have|had)\s+(?P<who>.+?)\s+(?:(?P<ever>ever)\s+)?"
                   + _VERB_TOPIC, re.I)
_ANYONE = re.compile(r"^(?:anyone|anybody|someone|somebody|any\s+(?P<role>.+))$", re.I)
# "who talked about Y", "which senator commented on Y": a verb of talking opens the topic; Y is
# what is asked about ("talked" is in no answer's words, so searched for it finds nothing)
_TALKED_OF = re.compile(
    r"^(?:talk|talks|talked|talking|speak|speaks|spoke|spoken|speaking|comment|comments|"
    r"commented|commenting|remark|remarked|discuss|discussed|discusses|discussing|mention|"
    r"mentions|mentioned|mentioning|weigh(?:ed|s)?\s+in|bring\s+up|brings\s+up|brought\s+up)"
    r"\b(?:\s+(?:about|on|upon|of|regarding|concerning)\b)?\s*(?=\S)", re.I)
_WHO_ORDER = re.compile(rf"^(?P<order>{_FIRST}|{_LAST})\s+(?=\w)", re.I)


def _order(word: str | None) -> str | None:
    """'first' or 'last' for an ordering word of a question ('most recently' is 'last')."""
    if not word:
        return None
    return "first" if re.fullmatch(_FIRST, word, re.I) else "last"


# "did X say anything about Y": the topic is Y
_ANYTHING = re.compile(r"^(?:anything|something)\s+(?:about|on|regarding|concerning)\s+", re.I)
# Questions asking who spoke: "who said …", "who denied …", "which official warned …".
_WHO = re.compile(r"^\s*who(?:m)?\s+(?:(?:did|has|had|was|is)\s+)?(?P<rest>.+?)\s*\??\s*$", re.I)
PERSON_NOUNS = frozenset("""official officials expert experts senator senators lawmaker lawmakers
legislator legislators congressman congresswoman councillor councillors councilor councilors councilman
councilwoman representative spokesman spokeswoman spokesperson
defender defenders leader leaders analyst analysts economist economists lawyer lawyers attorney prosecutor prosecutors
candidate candidates governor mayor president minister member members aide aides adviser advisers
advisor advisors critic critics democrat democrats republican republicans group groups
organization organisation organizations agency agencies company companies campaign person people
officer officers chief director secretary judge judges scientist scientists researcher
researchers professor activist activists executive executives politician politicians diplomat
diplomats general commander party side country countries government administration department
official's witness witnesses source sources observer observers veteran veterans union unions
researcher chairman chairwoman chair founder ceo manager teacher doctor doctors nurse student
students resident residents worker workers voter voters police sheriff detective rival rivals
opponent opponents challenger incumbent nominee supporter supporters donor donors strategist
strategists pollster pollsters operative operatives lobbyist lobbyists advocate advocates
scholar scholars historian historians journalist journalists reporter reporters commentator
commentators pundit pundits host anchor author writer columnist editor justice justices
commissioner commissioners ambassador envoy chancellor trustee trustees mother father wife
husband son daughter parent parents widow relative relatives family families victim victims
survivor survivors neighbour neighbor neighbours neighbors soldier soldiers owner owners farmer
farmers woman women man men coach player players protester protesters demonstrator planner
planners singer singers musician musicians artist artists actor actress""".split())
# Words that end the role phrase of "which <role> <verb> …": auxiliaries and common irregular
# pasts (regular pasts are read by their "-ed").
_VERB_WORDS = frozenset("""is was were are has have had did does do will would could should can
may might must said says told tells wrote writes spoke speaks gave gives made makes took takes
called calls came went put set let kept held led left felt thought brought sought fought won
lost ran saw knew found meant paid bought became stood struck swore vowed urged""".split())
_WHICH = re.compile(r"^\s*(?:which|what)\s+(?P<words>.+?)\s*\??\s*$", re.I)


def is_question(text: str) -> bool:
    """A query that reads as a question (question mark, or a question word first)."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped)) and len(stripped.split()) >= 3


@dataclass
class Intent:
    """What a question asks: the retrieval text, a speaker named in it, whether it asks who."""

    text: str
    speaker: str | None = None
    asks_who: bool = False
    role: str | None = None  # what a "which …" question calls the speaker ("Republican senator")
    # "first" or "last": the earliest or latest quote is asked for; "count": how many there are
    when: str | None = None
    literal: str | None = None  # words asked about as written ('Who said "cut and run"?')


def _named_intent(m: re.Match[str], question: str, when: str | None = None) -> Intent:
    """The intent of a question form naming its speaker: the speaker as named (no 'the'), the
    topic after the verb ('anything about' aside; the question itself when there is none)."""
    who = re.sub(r"^(?:the)\s+", "", m.group("who").strip(), flags=re.I)
    topic = _ANYTHING.sub("", (m.groupdict().get("topic") or "").strip(" ?"))
    return Intent(text=topic or question, speaker=who, when=when)


# words a question asks about as written: a quoted string, or what follows "used the word …"
_QUOTED = re.compile(r"[\"“”]([^\"“”]*\w[^\"“”]*)[\"“”]")
_WORDS_USED = re.compile(
    r"\b(?:use|uses|used|using|say|says|said|saying|utter|uttered|coin|coined|invoke|invoked|"
    r"mention|mentioned|repeat|repeated|write|wrote|call|called)\s+(?:the\s+|a\s+)?"
    r"(?:(?:word|term)\s+(?P<word>[^\W\d_][\w'’-]*)|(?:phrase|expression|slogan|words)\s+"
    r"(?P<phrase>[^?]+?))\s*\??\s*$", re.I)


def literal_words(question: str) -> str | None:
    """The words a question asks about as written, which an answer must hold: a quoted string
    ('Who said "cut and run"?') or the word or phrase after a verb of using it ('Which senator
    used the word quagmire?'); None when there is none."""
    quoted = _QUOTED.search(question)
    if quoted:
        return " ".join(quoted.group(1).split()).strip(" ,.") or None
    used = _WORDS_USED.search(question)
    if used:
        return " ".join((used.group("word") or used.group("phrase")).split()).strip(" ,.'’")
    return None


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR = r"(?:19|20)\d{2}"
_WHEN_PHRASE = re.compile(
    rf"\s*,?\s*\b(?:(?P<between>between)\s+(?P<y1>{_YEAR})\s+and\s+(?P<y2>{_YEAR})"
    rf"|(?P<prep>in|during|throughout|since|after|before)\s+(?:(?P<month>{_MONTH})\s+)?"
    rf"(?P<year>{_YEAR}))\s*(?=[?.!]?\s*$)", re.I)
_LEADING_WHEN = re.compile(
    rf"^\s*(?P<prep>in|during|since|after|before)\s+(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})"
    r"\s*,\s*", re.I)
# a year after a modal is what was said, not when: 'Who said the troops would be home in 2008?'
_MODAL = re.compile(r"\b(?:would|will|could|should|might|may|can|going\s+to)\b", re.I)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def question_dates(question: str) -> tuple[str | None, str | None, str]:
    """The dates a question asks about and the question without them: 'in 2006' (or 'in March
    2007', 'during 2006') is that year (month), 'since 2005' from it on, 'after 2005' from the
    next, 'before 2007' up to the one before, 'between 2005 and 2007' both years, each at the
    end of the question; (None, None, question) when it names none. A year inside the question
    ('the 2005 energy bill') or after a modal ('… would be home in 2008?': what was said) is no
    date asked about."""
    m = _LEADING_WHEN.match(question) or _WHEN_PHRASE.search(question)
    if not m or _MODAL.search(question[:m.start()]):
        return None, None, question
    rest = (question[:m.start()] + question[m.end():]).strip()
    rest = re.sub(r"\s+([?.!])$", r"\1", rest)
    rest = rest[:1].upper() + rest[1:]
    if m.groupdict().get("between"):
        first, last = sorted((m.group("y1"), m.group("y2")))
        return first, last, rest
    year, prep = int(m.group("year")), m.group("prep").lower()
    month = m.group("month")
    when = f"{year}-{_MONTHS.index(month[:3].lower()) + 1:02d}" if month else str(year)
    if prep in {"in", "during", "throughout"}:
        return when, when, rest
    if prep == "since":
        return when, None, rest
    if prep == "after":
        return when if month else str(year + 1), None, rest
    return None, when if month else str(year - 1), rest


def span_words(since: str | None, until: str | None) -> str:
    """'in 2006', 'from 2005 to 2007', 'from 2006 on', 'up to 2006': the dates a question asked
    about, as a notice says them."""
    if since and until:
        return f"in {since}" if since == until else f"from {since} to {until}"
    return f"from {since} on" if since else f"up to {until}"


def dated_question(question: str, since: str | None = None, until: str | None = None
                   ) -> tuple[str, str | None, str | None]:
    """(the question without the dates it asks about, their first and last) when it names
    some (``question_dates``) and no dates bind it already (``since``/``until``: filters);
    else (question, None, None). 'In 2006?' alone asks nothing else and stays as it is."""
    first, last, undated = question_dates(question)
    if not (first or last) or since or until or not re.search(r"[^\W\d_]", undated):
        return question, None, None
    return undated, first, last


def read_intent(question: str) -> Intent:
    """What a question asks (``_read_intent``), with the words it asks about as written."""
    intent = _read_intent(question)
    intent.literal = literal_words(question)
    return intent


def _read_intent(question: str) -> Intent:
    """What a question asks: who spoke ("who said …", "which official denied …"), what a named
    speaker said ("what did X say about Y", "how did X respond to Y", "what was X's position
    on Y", "whom did X blame …"), or plain retrieval. The text kept is the topic."""
    q = question.strip()
    m = _HOW_OFTEN.match(q)
    if m:
        return _named_intent(m, q, when="count")
    m = _WHEN.match(q)
    if m:
        return _named_intent(m, q, when=_order(m.group("order")) or "first")
    m = _EVER.match(q)
    if m and m.group("topic"):
        mention = re.fullmatch(_MENTION, m.group("verb"), re.I) is not None
        anyone = _ANYONE.match(m.group("who"))
        if anyone:  # "Has any senator mentioned Y?", "Did any Republican criticize Y?": who did
            topic = m.group("topic") if mention else q[m.start("verb"):].strip(" ?")
            return Intent(text=topic, asks_who=True, role=anyone.group("role") or None)
        if m.group("ever") or mention:
            return _named_intent(m, q, when="count")
        if not re.fullmatch(_SAY, m.group("verb"), re.I):  # "Did X say Y?": _SPEAKER_FORMS
            # "Does Grassley oppose the tariff?": what X said on it, the stance verb kept
            who = re.sub(r"^(?:the)\s+", "", m.group("who").strip(), flags=re.I)
            return Intent(text=q[m.start("verb"):].strip(" ?"), speaker=who)
    for form in _SPEAKER_FORMS:
        m = form.match(q)
        if m:
            return _named_intent(m, q)
    m = _WHO.match(q)
    if m:
        rest = m.group("rest").strip(" ?")
        order = _WHO_ORDER.match(rest)  # "who first called …"
        rest = _TALKED_OF.sub("", rest[order.end():] if order else rest)
        return Intent(text=rest or q, asks_who=True,
                      when=_order(order.group("order")) if order else None)
    m = _WHICH.match(q)
    if m:
        words = m.group("words").split()
        n = _role_length(words)
        if n:
            rest, when = " ".join(words[n:]), None
            for k in range(1, n):  # "which senator first proposed …": the order ends the role
                order = _WHO_ORDER.match(" ".join(words[k:]))
                if order:
                    n, rest = k, " ".join(words[k:])[order.end():]
                    when = _order(order.group("order"))
                    break
            return Intent(text=_TALKED_OF.sub("", rest), asks_who=True,
                          role=" ".join(words[:n]), when=when)
    return Intent(text=q)


# Verbs of saying opening a "who said …" question's topic: every quote has one, so they find nothing
_SAYING = frozenset("say says said saying tell tells told state states stated".split())


def searched_words(question: str, intent: Intent) -> str | None:
    """The words a question searches by keyword: its role, speaker and topic without the
    question's own form ("Who said FEMA failed?" searches 'FEMA failed', "How did Lott respond
    to Katrina?" 'Lott Katrina'). None when ``intent`` read no question form."""
    if not (intent.speaker or intent.asks_who):
        return None
    topic = (intent.text if intent.text != question.strip() else "").split()
    if intent.asks_who and topic and topic[0].lower() in _SAYING:
        topic = topic[1:]  # "Who said …": the verb, not "the State Department" later on
    return " ".join(filter(None, (intent.role, intent.speaker, *topic))) or None


_ROLE_FILLER = frozenset("""the a an of at for from in on and or with who whose that former top
senior leading prominent longtime""".split())


_PARTY_NAMES = {"gop": "republican"}  # a party's other name: a "GOP senator" is a Republican

# A prosecutor's office written in capitals: "the Brooklyn DA" is its District Attorney, read as
# the words spelled out (only in capitals: "da" is a word of names, as in "Lula da Silva").
# "ADA" is also the Americans with Disabilities Act ("which ADA provisions …", "an ADA
# compliance officer"): it is spelled out only in the office a question asks about, where a
# person is already meant ("What did the Dallas ADA say …"), never in a speaker's description.
_OFFICE_INITIALS = {"DA": "District Attorney", "DDA": "Deputy District Attorney"}
_ASKED_INITIALS = {**_OFFICE_INITIALS, "ADA": "Assistant District Attorney"}
_INITIALS = re.compile(rf"\b(?:{'|'.join(_ASKED_INITIALS)})\b")


def spelled_out_offices(text: str, asked: bool = False) -> str:
    """``text`` with a prosecutor's office in capitals spelled out ('Brooklyn DA': 'Brooklyn
    District Attorney'), so it is compared word for word with the roles articles write;
    ``asked``: the office a question names, where "ADA" is spelled out too."""
    initials = _ASKED_INITIALS if asked else _OFFICE_INITIALS
    return _INITIALS.sub(lambda m: initials.get(m.group(), m.group()), text)


def role_word(word: str) -> str:
    """One word of a role as roles are compared: lower case, a title spelled out ("Sen." is
    senator) and a plural made singular ("elections analyst" is an election analyst)."""
    lower = word.lower().strip(".'’")
    lower = TITLE_WORDS.get(lower, _PARTY_NAMES.get(lower, lower))
    return lower[:-1] if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss") \
        else lower


# A party and state after a name, as American releases write them: 'Sen. Orrin Hatch (R-Utah)',
# 'Tom Harkin, D-Iowa', 'Bernie Sanders (I-VT)'
_PARTY_TAG = re.compile(r"(?<![\w-])([RDI])-(?=[A-Z])(?!Day\b)|\(([RDI])\)")
_PARTIES = {"R": {"republican"}, "D": {"democrat", "democratic"}, "I": {"independent"}}


def role_words(text: str) -> set[str]:
    """The words of a role or description (``role_word``), less fillers ("of", "the"), with
    the party a tag such as '(R-Utah)' names."""
    words = {role_word(w) for w in re.findall(r"[A-Za-z][A-Za-z'’]*",
                                              spelled_out_offices(text or ""))
             if w.lower() not in _ROLE_FILLER and (len(w) > 2 or w.lower() in TITLE_WORDS)}
    for m in _PARTY_TAG.finditer(text or ""):
        words |= _PARTIES[m.group(1) or m.group(2)]
    return words


# Kinds of person written in more than one way: a "judge" is described as a "Justice", a
# "lawmaker" as a senator (each word as ``role_word`` writes it)
_KIN = [frozenset(group.split()) for group in """judge justice magistrate
lawmaker legislator senator representative congressman congresswoman assemblyman assemblywoman
spokesman spokeswoman spokesperson
lawyer attorney counsel
adviser advisor aide
planner adviser advisor
chairman chairwoman chair
candidate nominee challenger
prosecutor attorney
police officer detective sergeant lieutenant captain sheriff deputy""".splitlines()]


# The Senate's leaders and whips, written without 'Senator'
_SENATE_LEADER = re.compile(r"\bSenate\s+(?:(?:Majority|Minority|Democratic|Republican|Assistant)"
                            r"\s+)*(?:Leader|Whip)\b", re.I)


def kin_words(word: str) -> set[str]:
    """``word`` and the words that name the same kind of person (``_KIN``)."""
    return {word}.union(*(group for group in _KIN if word in group))


# A scholar named by the discipline's person noun is also written as a professor (or expert, …)
# of the discipline: a "political scientist" is a "political science professor" (each word as
# ``role_word`` writes it)
_DISCIPLINES = {"scientist": "science", "economist": "economic", "historian": "history",
                "sociologist": "sociology", "psychologist": "psychology",
                "criminologist": "criminology", "demographer": "demography"}
_SCHOLARS = frozenset("professor scholar expert researcher lecturer academic".split())


def scholar_words(head: str) -> set[str]:
    """The words that write a discipline's scholar (``head``: "scientist") out: the discipline
    and the scholars' nouns; none for other kinds of person."""
    field = _DISCIPLINES.get(head)
    return {field} | _SCHOLARS if field else set()


def is_scholar_of(head: str, described: set[str]) -> bool:
    """Whether a description's words write out a discipline's scholar ("science professor"
    for a "scientist")."""
    field = _DISCIPLINES.get(head)
    return field is not None and field in described and bool(_SCHOLARS & described)


def role_head(role: str) -> str | None:
    """The kind of person a "which …" question asks for: the last person noun of its role
    before any "of" ("professor" in "West Virginia law professor", "mother" in "mother of a
    fallen soldier"), or of the whole role when none comes before it ("director" in "Center
    of Media Justice director"), as ``role_word`` writes it."""
    role = spelled_out_offices(role, asked=True)
    before = re.split(r"\s+of\s+", role.strip(), maxsplit=1, flags=re.I)[0].split()
    nouns = [w for w in before if _is_person_noun(w)] or \
        [w for w in role.split() if _is_person_noun(w)]
    return role_word(nouns[-1]) if nouns else None


@lru_cache(maxsize=64)
def _asked_role(role: str) -> tuple[frozenset[str], str | None]:
    """A "which …" role's words and head, read once for the many speakers it is fitted to."""
    return frozenset(role_words(spelled_out_offices(role, asked=True))), role_head(role)


# Capitalised names whose initials a reporter writes for them ("Internal Revenue Service": IRS,
# "New York University's": NYU, "Department of Justice": DOJ as well as DJ)
_NAME_RUN = re.compile(r"[A-Z][a-z]+(?:['’]s)?(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][a-z]+(?:['’]s)?)+")


def acronyms(text: str) -> set[str]:
    """The initials of each run of capitalised words in ``text``, with and without its small
    words, lower case ("irs" for "Internal Revenue Service"), so a "which IRS official …"
    question fits a speaker the article describes in full."""
    out = set()
    for m in _NAME_RUN.finditer(text or ""):
        words = m.group().split()
        out.add("".join(w[0] for w in words if w[0].isupper()).lower())
        out.add("".join(w[0] for w in words).lower())
    return {a for a in out if len(a) >= 2}


def role_fit(role: str, description: str) -> float:
    """How well a speaker's description (role, organisation, mention) fits what a "which …"
    question calls them: the share of the role's words it holds, or 0 when it lacks the kind
    of person asked for (a lawyer is no "West Virginia law professor")."""
    asked, head = _asked_role(role)
    described = role_words(description) | acronyms(description)
    if head == "senator" and _SENATE_LEADER.search(description):
        described |= {"senator"}  # 'Senate Majority Leader Harry Reid' is a senator
    if not asked or head is None or not (kin_words(head) & described
                                         or is_scholar_of(head, described)):
        return 0.0
    if other_party(role, description):
        return 0.0  # a "Republican senator" asked for, a Democrat described ('(D-Nev.)')
    return len(asked & (described | {head})) / len(asked)


_PARTY_WORDS = {"republican": "R", "democrat": "D", "democratic": "D", "independent": "I"}


def parties(words: set[str]) -> set[str]:
    """The parties ('R', 'D', 'I') a set of role words names."""
    return {_PARTY_WORDS[w] for w in words if w in _PARTY_WORDS}


def party_tag(text: str, name: str | None) -> str:
    """The party tag written right after a name in a text ('(D-Colo.)' of 'Sen. Ken Salazar
    (D-Colo.)', 'R-Utah' of 'Orrin Hatch, R-Utah,'), else ''; a tag after another name is
    that person's."""
    surname = (name or "").split()[-1:] or [""]
    if not surname[0]:
        return ""
    m = re.search(rf"\b{re.escape(surname[0])}\s*(?:,\s*|\(\s*)([RDI])\s?-\s?([A-Z][\w.]*)", text)
    return f"{m.group(1)}-{m.group(2)}" if m else ""


def other_party(role: str, description: str) -> bool:
    """Whether a description names only parties other than the one a role asks for ("Which
    Republican senator …" and 'Senate Democratic Leader'); False when either names none."""
    party, theirs = parties(_asked_role(role)[0]), parties(role_words(description))
    return bool(party and theirs and not party & theirs)


def _is_person_noun(word: str) -> bool:
    if word.strip(",") in _OFFICE_INITIALS:  # "which DA …", in capitals (not "ADA": an Act)
        return True
    lower = word.lower().strip(",")
    return lower in PERSON_NOUNS or re.sub(r"['’]s?$", "", lower) in PERSON_NOUNS


# Agent nouns ('organizer', 'maker', 'activist', 'historian') that are no person
_NOT_AGENTS = frozenset("""paper newspaper letter order center centre chapter number member
computer water matter quarter corner border officer""".split())


def _agent_noun(word: str) -> bool:
    """Whether a word reads as a person doing something ('organizer', 'maker', 'activist',
    'strategist', 'historian'), not a thing ('study', 'report', 'court', 'poll')."""
    lower = word.lower().strip(".,")
    return lower.endswith(("er", "or", "ist", "ian", "ant", "eer")) and lower not in _NOT_AGENTS


def _role_length(words: list[str]) -> int:
    """How many words of "which <words>" name the kind of person asked about (0: the question
    is not about a person): up to the first verb ("which NYU law expert | argued …") when that
    phrase holds a person noun or the verb is one of saying, else the longest phrase of at most
    four words ending in a person noun."""
    for n, word in enumerate(words[1:9], 1):
        lower = word.lower()
        if lower in _VERB_WORDS or (lower.endswith("ed") and len(lower) > 4 and
                                    word.islower()):
            if any(_is_person_noun(w) for w in words[:n]):
                return n
            if lower in _SAYING and n <= 4 and _agent_noun(words[n - 1]):
                return n  # "which education organizer said …" (not "which study said …")
            break
    for n in range(min(4, len(words) - 1), 0, -1):  # the longest "<…> official" first
        if _is_person_noun(words[n - 1]):
            return n
    return 0


def sentence_texts(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, with stray whitespace trimmed; a paragraph break ends one
    too ('… released the following statement:' is not the start of the quotation under it)."""
    out = []
    for start, end in sentence_spans(text):
        for m in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text[start:end], re.S):
            out.append((start + m.start(), start + m.end()))
    return out


def format_citation(speaker: str | None, role: str | None, org: str | None, title: str,
                    source: str | None, published: str | None) -> str:
    """A one-line citation a reporter can paste.

    "Sgt. Jacob Becchina, police spokesman, quoted in 'Title', Source, 2021-11-17"
    """
    return cite(speaker, role, org, place(title, source, published))


def place(title: str, source: str | None, published: str | None) -> str:
    """A citation's article part, "'Title', Source, 2021-11-17": what follows "quoted in" (or
    stands alone, with nobody quoted); an export makes it once per article."""
    tail = ", ".join(p for p in (source, published) if p)
    return f"'{title}', {tail}" if tail else f"'{title}'"


def cite(speaker: str | None, role: str | None, org: str | None, where: str) -> str:
    """A citation from who was quoted and its article part (``place``)."""
    held = role or org
    who = f"{speaker}, {held}" if speaker and held else speaker or held
    return f"{who}, quoted in {where}" if who else where


@dataclass
class Answer:
    """One answer in the ``ask`` JSON shape."""

    answer: str
    passage_id: str
    article_id: str
    speaker: str | None
    speaker_role: str | None
    speaker_org: str | None
    quote: str | None
    title: str
    source: str | None
    published: str | None
    url: str | None
    citation: str
    score: float
    answer_start: int = 0  # offsets of the answer within the passage text, for highlighting
    answer_end: int = 0
    passage: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AnswerResult:
    question: str
    answers: list[Answer] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # plain-language messages for the reader

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "answers": [a.to_dict() for a in self.answers],
                "notices": list(self.notices)}


_OPENING_AS_CLOSING = re.compile(r"(?<=[.!?,])\s*“\s*$")


_CLOSING_AT = re.compile(r'(?<=[^\s(\[])"(?=[\s.,;:!?)\]]|$)')  # a mark after a word: closing


def closing_marks(text: str) -> str:
    """An answer shows its quotation closed: one ending with an opening mark typed where the
    closing one belongs ('“… resulting in death. “') ends with the closing mark instead, and one
    still open where the answer ends (a statement running on into the next paragraph, whose
    mark closes there) gets its closing mark after its last word. The answer's offsets are
    those of the passage text it was cut from."""
    m = _OPENING_AS_CLOSING.search(text)
    if m:
        before = text[:m.start()]
        if before.count("“") > before.count("”"):  # not 'She said, “': something to close
            at = text.rindex("“")
            return text[:at] + "”" + text[at + 1:]
    body = text.rstrip()
    # '“… in our community."': a straight mark typed to close a curly one closes it
    straight = body.rfind('"')
    closed_straight = body.count('"') % 2 == 1 and straight > body.rfind("“") and \
        _CLOSING_AT.match(body, straight) is not None
    if body.count("“") > body.count("”") and not body.endswith("“") and not closed_straight:
        return body + "”" + text[len(body):]
    if body.count('"') % 2 == 1 and straight < len(body) - 1 and not body[straight + 1].isspace():
        return body + '"' + text[len(body):]  # the last mark opens: '"While … comprehensive.'
    return text


def _balanced(text: str, opened: str = "") -> bool:
    """Whether every quotation mark opened in ``text`` (or before it: ``opened`` is that mark)
    is closed in it."""
    return (text.count("“") + (opened == "“") <= text.count("”")
            and (text.count('"') + (opened == '"')) % 2 == 0)


def _opened_before(quote: str) -> str:
    """The mark of a quotation that a quote closes but does not open (the last paragraph of a
    statement whose opening mark stands paragraphs earlier: 'The Committee should … privacy
    rights."'), else ''."""
    quote = quote.strip()
    if not quote or quote[0] in "\"“":
        return ""
    if quote.count('"') % 2 == 1:
        return '"'
    return "“" if quote.count("”") > quote.count("“") else ""


def answer_units(text: str, quotes: list[dict[str, Any]]
                 ) -> list[tuple[int, int, dict[str, Any] | None]]:
    """A passage's answer units, (start, end, quote or None): each quote's whole sentence,
    from the sentence it starts in through the one it ends in and on until its quotation marks
    close or its paragraph ends, then every sentence no quote covers."""
    sentences = sentence_texts(text)
    if not sentences:
        return []
    units: list[tuple[int, int, dict[str, Any] | None]] = []
    covered: set[int] = set()
    spans: set[tuple[int, int]] = set()
    for q in sorted(quotes, key=lambda q: q["start"]):
        first = _sentence_at(sentences, max(q["start"], 0))
        last = max(first, _sentence_at(sentences, min(q["end"], len(text)) - 1))
        opened = _opened_before(text[max(q["start"], 0):min(q["end"], len(text))])
        while last + 1 < len(sentences) and not _balanced(
                text[sentences[first][0]:sentences[last][1]], opened) and \
                "\n\n" not in text[sentences[last][1]:sentences[last + 1][0]]:
            last += 1  # a quotation left open at its paragraph's end reopens in the next
        span = (sentences[first][0], sentences[last][1])
        if span not in spans:
            spans.add(span)
            units.append((*span, q))
        covered.update(range(first, last + 1))
    units.extend((s, e, None) for i, (s, e) in enumerate(sentences) if i not in covered)
    return units


def _sentence_at(sentences: list[tuple[int, int]], offset: int) -> int:
    """The index of the sentence holding ``offset`` (the last one before it, between two)."""
    for i, (_, end) in enumerate(sentences):
        if offset < end:
            return i
    return len(sentences) - 1
