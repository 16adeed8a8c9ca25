"""Questions understood: who/which/whom forms, questions naming a speaker, whole quote sentences
as answers, and a plain notice when nothing attributed answers (real store and model)."""

from __future__ import annotations

import pytest

from indexer.answers import (
    answer_units,
    closing_marks,
    party_tag,
    question_dates,
    read_intent,
    role_fit,
    role_words,
)
from indexer.ask import EARLIEST, LATEST, WEAK_PARTIAL
from indexer.querymodel import Filters, split_query
from indexer.records import SourceDoc
from indexer.search import SearchService


@pytest.mark.parametrize(("question", "who", "topic", "role"), [
    ("Who said officers should not fire into moving vehicles?", None,
     "said officers should not fire into moving vehicles", None),
    ("Who denied that the campaign had met them?", None, "denied that the campaign had met them",
     None),
    ("Which Republican senator warned that premiums would rise?", None,
     "warned that premiums would rise", "Republican senator"),
    ("What official blamed the storm for the delay?", None, "blamed the storm for the delay",
     "official"),
    ("What did Jacob Becchina say about lethal force?", "Jacob Becchina", "lethal force", None),
    # a setting between the verb and the topic stays with the topic
    ("What did Donald Trump say in Everett, Washington, about admitting refugees?",
     "Donald Trump", "in Everett, Washington, about admitting refugees", None),
    ("What did the mayor say on Tuesday about the levee?", "mayor", "Tuesday about the levee",
     None),
    ("What did Obama say last week?", "Obama", "last week", None),
    # what was said, as a clause
    ("What did Bernie Sanders say Clinton should focus on?", "Bernie Sanders",
     "Clinton should focus on", None),
    ("What did the senator who said no say about the bill?", "senator who said no", "the bill",
     None),
    ("How did the governor respond to the strike?", "governor", "the strike", None),
    ("What was Feingold's position on the Patriot Act?", "Feingold", "the Patriot Act", None),
    ("Where does Obama stand on trade?", "Obama", "trade", None),
    ("Whom did the mayor blame for the flooding?", "mayor", "blame for the flooding", None),
    # the role phrase runs to the first verb, however long, when it names a kind of person
    ("Which Institute for Policy Studies fellow and former aide argued the tax was unfair?",
     None, "argued the tax was unfair", "Institute for Policy Studies fellow and former aide"),
    ("Which widow of a firefighter pleaded with the council to act?", None,
     "pleaded with the council to act", "widow of a firefighter"),
    ("Which financial planner encouraged parents to save?", None, "encouraged parents to save",
     "financial planner"),
    ("Which singer performed at the rally?", None, "performed at the rally", "singer"),
    # a kind of person the word list lacks, before a verb of saying, is still the role
    ("Which education organizer said parents would rather have good schools?", None,
     "said parents would rather have good schools", "education organizer"),
    # "did any <kind of person> <verb> …" asks who did, as "which <kind> <verb>ed …" does
    ("Did any Republican senator criticize the ports deal?", None, "criticize the ports deal",
     "Republican senator"),
    ("Has anyone pushed for a vote?", None, "pushed for a vote", None),
])
def test_question_forms_are_read(question, who, topic, role):
    intent = read_intent(question)
    assert intent.speaker == who
    assert intent.text == topic
    assert intent.asks_who == (who is None)
    assert intent.role == role


def test_a_question_searches_its_role_speaker_and_topic():
    from indexer.answers import searched_words

    for question, words in (("Who said the State Department failed?", "the State Department failed"),
                            ("How did Lott respond to Katrina?", "Lott Katrina"),
                            ("Which senator told reporters the bill would pass?",
                             "senator reporters the bill would pass"),
                            ("What is the policy on moving vehicles?", None)):
        assert searched_words(question, read_intent(question)) == words


def test_questions_that_ask_no_speaker_stay_plain():
    for question in ("Which bill did the Senate pass?", "What is the policy on moving vehicles?",
                     "Which budget line funded the new stadium?",
                     # a thing before a verb of saying is no kind of person
                     "Which study said the river water is safe to drink?",
                     "Which report said the program failed?"):
        intent = read_intent(question)
        assert intent.speaker is None and not intent.asks_who and intent.text == question


def test_an_answer_unit_is_the_whole_quote_sentence():
    text = ("The chief spoke first. “We will not fire at cars. It endangers everyone,” said "
            "Chief Ann Hale. Then the meeting ended.")
    start = text.index("“")
    quote = {"start": start, "end": text.index("”") + 1, "speaker": "Ann Hale"}
    units = answer_units(text, [quote])
    spans = [text[s:e] for s, e, q in units if q is quote]
    assert spans == ["“We will not fire at cars. It endangers everyone,” said Chief Ann Hale."]
    others = [text[s:e].strip() for s, e, q in units if q is None]
    assert others == ["The chief spoke first.", "Then the meeting ended."]


def test_a_sentence_may_open_with_a_doubled_apostrophe():
    """''The House …,'' as some papers print a quotation mark, starts a sentence (and so an
    answer) of its own, not the tail of the sentence before it."""
    from indexer.passages import sentence_spans

    text = ("His moves have not unified the party. ''The House and the Senate must come "
            "together,'' said Senator Graham. Then he left.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "His moves have not unified the party.",
        "''The House and the Senate must come together,'' said Senator Graham.",
        "Then he left."]


def test_an_answer_unit_ends_at_its_paragraph_and_where_an_earlier_quotation_closes():
    """A statement's cue line ending in a colon is no part of the quotation under it, the
    last paragraph of a quotation opened in an earlier passage ends where its mark closes it,
    not at the passage's next quotation mark, and a paragraph whose quotation runs on into the
    next (reopened there) ends at its own end."""
    text = ("Sen. Ann Hale released the following statement:\n\n"
            "\"The report shows the agency needs new limits.\"\n\nThe bill has 12 cosponsors.")
    quote = {"start": text.index('"'), "end": text.rindex('"') + 1}
    spans = [text[s:e] for s, e, q in answer_units(text, [quote]) if q is quote]
    assert spans == ["\"The report shows the agency needs new limits.\""]
    tail = ("The Committee should release its bill. The public has a right to know.\"\n\n"
            "Last month, Hale urged an open hearing. A copy of the \"letter\" is available.")
    quote = {"start": 0, "end": tail.index('"') + 1}
    spans = [tail[s:e] for s, e, q in answer_units(tail, [quote]) if q is quote]
    assert spans == [tail[:tail.index('"') + 1]]
    running = ("\"The agency has no permanent head. Even worse, a safety officer was ignored."
               "\n\n\"The agency should not be a yes-man for the industry.\"")
    quote = {"start": 0, "end": running.index("\n")}
    spans = [running[s:e] for s, e, q in answer_units(running, [quote]) if q is quote]
    assert spans == [running[:running.index("\n")]]  # the quotation reopens; the unit ends


@pytest.fixture(scope="module")
def service(contract_data):
    svc = SearchService.open(contract_data)
    yield svc
    svc.close()


@pytest.mark.parametrize(("question", "speaker"), [
    ("What did Maria Lopez say about the stadium?", "Maria Lopez"),
    ("How did Tom Becker respond to the stadium lease?", "Tom Becker"),
    ("Who warned that the lower part of town could flood?", "Maria Lopez"),
    ("Which official praised the stadium deal for taxpayers?", "Tom Becker"),
    ("What was Becker's position on the stadium?", "Tom Becker"),
    # the words describing the speaker count too: the harbour master is the one asked about
    ("Which harbour master said islanders would be stuck?", "Ines Varga"),
])
def test_ask_names_the_speaker_first(service, question, speaker):
    result = service.ask(question, limit=3)
    assert result.answers and result.answers[0].speaker == speaker
    answer = result.answers[0].answer
    assert answer.count("“") == answer.count("”") == 1
    assert not result.notices


def test_the_words_introducing_a_speaker_describe_their_quotes(service):
    from indexer.ask import introduced

    hit = service.search("ferry timetable cuts stranded", mode="keyword", limit=1).hits[0]
    words = introduced(service, hit.article_id, "Ines Varga")
    assert words.endswith("said harbour master Ines Varga.")  # up to its paragraph's end
    assert "PORT ELLIS" not in words
    assert introduced(service, hit.article_id, "Zelda Quimby") == ""
    assert {"harbour", "master"} <= role_words(words)


def test_no_attributed_answer_is_said_plainly(service):
    result = service.ask("What is the orbital period of the moons of Neptune?")
    assert result.notices and "No attributed answer" in result.notices[0]
    assert "notices" in result.to_dict()


def test_a_speaker_quoted_on_something_else_is_said_plainly(service):
    # Varga is quoted only on the ferry: the answer is Becker's, and the reader is told why
    result = service.ask("What did Ines Varga say about the stadium lease?", limit=3)
    assert result.answers and result.answers[0].speaker == "Tom Becker"
    assert result.notices == ["Ines Varga is not quoted on this in the archive: the answers "
                              "are what others said."]
    # Becker is quoted, but not on the ferry: his closest quote, said to be far off
    far = service.ask("Did Becker say anything about the ferry timetable?", limit=3)
    assert far.answers[0].speaker == "Tom Becker"
    assert far.notices and far.notices[0].startswith("None of Tom Becker's quotes")


def test_an_unknown_speaker_is_said_with_the_nearest_names(service):
    result = service.ask("What did Mayor Bekker say about the stadium?", limit=3)
    assert result.notices and result.notices[0].startswith("No speaker named 'Mayor Bekker'")
    assert result.notices[0].endswith("Did you mean Tom Becker?")
    # a thing in the speaker slot is no speaker to look for
    assert not service.ask("What does the lease say about parking?").notices[1:]


def test_a_speaker_slot_typed_in_lower_case_is_a_name(service):
    assert read_intent("did councillor lopez say anything about the river walls?").text == \
        "the river walls"
    lopez = service.names.find("Maria Lopez")
    assert lopez and service.asked_speaker("councillor lopez") == lopez
    assert service.asked_speaker("the lease") == []


def test_a_title_is_not_repeated_as_the_role():
    from indexer.ask import _answer, spelled_out
    from indexer.search import Hit

    assert spelled_out("Sen.") == "senator" and spelled_out("Gov.") == "governor"
    hit = Hit(article_id="a", passage_id="a:0", score=1.0, title="Farm bill", source="Senate",
              published="2007-06-15", url=None, text="“We will act,” said Doe.", highlight="")
    cand = {"hit": hit, "start": 0, "end": 24, "sentence": "“We will act,” said Doe.",
            "score": 1.0, "quote": {"speaker": "Jane Doe", "speaker_role": "Senator",
                                    "speaker_org": None, "text": "We will act"}}
    answer = _answer(cand, {"title": "Sen.", "role": None, "org": None})
    assert answer.citation.startswith("Sen. Jane Doe, quoted in 'Farm bill'")
    assert answer.speaker_role is None
    # a courtesy title is neither a title nor a role in a citation
    cand["quote"] = {**cand["quote"], "speaker_role": "Mr."}
    answer = _answer(cand, {"title": None, "role": None, "org": None})
    assert answer.citation.startswith("Jane Doe, quoted in 'Farm bill'")


def test_a_full_name_makes_a_bare_surname_the_topic(service):
    lopez = service.names.find("Maria Lopez")
    assert lopez and service.names.find("How did Maria Lopez answer Becker?") == lopez
    assert service.names.find("What did Becker say?") == service.names.find("Tom Becker")
    assert service.names.find("what did the committee report say?") == []


def test_a_first_name_keeps_a_surname_from_naming_someone_else(service):
    becker = service.names.find("Tom Becker")
    assert becker
    # the registry knows no Larry Becker: his name keeps its words, Tom is not him
    assert service.names.find("What did Larry Becker say about the lease?") == []
    assert service.asked_speaker("Larry Becker") == []
    # a nickname, an initial or a middle initial can be the same person
    assert service.names.find("What did Thomas J. Becker say?") == becker
    assert service.names.find("What did T. Becker say?") == becker


def test_a_name_in_a_who_question_is_the_topic_not_the_speaker(service):
    from indexer.querymodel import split_query

    assert service.named_speakers(split_query("Who criticised Tom Becker's lease?")) == []
    # only Becker himself is quoted on the lease: he is no answer to who criticised him
    result = service.ask("Who criticised Tom Becker's stadium lease?", limit=3)
    assert result.notices and "No attributed answer" in result.notices[0]
    praised = service.ask("Who praised the stadium lease?", limit=3)
    assert not praised.notices and praised.answers[0].speaker == "Tom Becker"


def test_abbreviated_titles_describe_a_speaker_as_the_words_a_question_uses():
    from indexer.ask import _described

    described = _described({"speaker_role": "retired Lt. Gen.", "speaker_org": None,
                            "mention": "Sen. Ann Hale"})
    words = role_words(described)
    assert {"retired", "lieutenant", "general", "senator", "hale"} <= words
    assert "gen" not in words and "lt" not in words
    assert role_fit("retired general", described) == 1.0


@pytest.mark.parametrize(("role", "description", "fit"), [
    # the kind of person asked for must be there; the other words count by share
    ("West Virginia law professor", "law professor at West Virginia University", 1.0),
    ("West Virginia law professor",
     "lawyer at Bailey Glasser who represents the West Virginia Department", 0.0),
    ("Manhattan judge", "Manhattan Supreme Court Justice", 1.0),  # a judge written as Justice
    ("election analyst", "elections analyst at the Cook Political Report", 1.0),
    ("former DNC chairman", "DNC chairman", 1.0),  # "former" says nothing of the kind
    ("police chief", "Tulsa police Chief", 1.0),
    ("police chief", "police officer", 0.0),
    ("Republican senator", "Sen.", 0.5),
    # a party tag after the name says the party: '(R-Utah)', 'D-Iowa', '(I-VT)', '(R)'
    ("Republican senator", "Sen. Orrin G. Hatch (R-Utah)", 1.0),
    ("Republican senator", "Sen. Tom Harkin, D-Iowa", 0.0),  # of another party: no fit
    ("Republican senator", "Senate Democratic Leader", 0.0),
    ("senator", "Senate Majority Leader", 1.0),  # the Senate's leader is one of its senators
    ("GOP senator", "Sen. Lindsey Graham (R-S.C.)", 1.0),
    ("Democratic senator", "Sen. Tom Harkin, D-Iowa", 1.0),
    ("independent senator", "Sen. Bernie Sanders (I-VT)", 1.0),
    ("Republican lawmaker", "Rep. Dana Marlow (R)", 1.0),
    ("Democratic veteran", "a D-Day veteran", 0.5),  # a landing is no party
    ("mother of a fallen soldier", "soldier", 0.0),  # the kind asked for is the mother
    # a discipline's scholar written out: a political scientist is a political science professor
    ("Seton Hall political scientist",
     "political science professor at Seton Hall University in New Jersey", 1.0),
    ("economist", "economics professor at Yale", 1.0),
    ("political scientist", "political science major", 0.0),  # a student is no scholar
    ("law professor", "political scientist", 0.0),
    ("financial planner", "financial adviser in Eau Claire, Wis.", 1.0),
    # no person before "of": the kind asked for comes after it
    ("Center of Media Justice director", "executive director at the Center of Media Justice",
     1.0),
    # an organisation's initials in the question fit its name written out
    ("former IRS commissioner", "former Internal Revenue Service commissioner", 1.0),
    ("NYU law professor", "professor of law at New York University’s law school", 1.0),
])
def test_how_well_a_speaker_fits_what_a_which_question_calls_them(role, description, fit):
    assert role_fit(role, description) == pytest.approx(fit)


def _asked(tmp_path, bodies: list[tuple[str, str]], *questions: str) -> list:
    """``ask``'s results for each question over releases made of (date, body) pairs."""
    from indexer.ingest import ingest_documents

    docs = [SourceDoc(origin=f"p-{n}.txt", key=f"p-{n}", published=day, source="Valley News",
                      title=f"Release {n}", body=body) for n, (day, body) in enumerate(bodies)]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        return [svc.ask(q) for q in questions]
    finally:
        svc.close()


def test_a_which_party_question_passes_over_a_speaker_tagged_with_another(tmp_path):
    """Doe is written '(D-Ore.)' in one release and untagged in the one that answers best:
    asked for a Republican senator, the answer is Roe's."""
    bodies = [
        ("2019-01-02", '"The dam must be rebuilt before spring," said Sen. Jane Doe (D-Ore.).'),
        ("2020-01-02", 'Sen. Jane Doe spoke on Monday.\n\n"The dam will flood the valley unless '
                       'it is rebuilt this year," Doe said.'),
        ("2020-02-02", '"We should fund repairs to the dam above the valley," said Sen. John Roe '
                       '(R-Ore.).'),
    ]
    result, either = _asked(tmp_path, bodies,
                            "Which Republican senator said the dam would flood the valley?",
                            "Which senator said the dam would flood the valley?")
    assert result.answers[0].speaker == "John Roe"
    assert "Jane Doe" not in [a.speaker for a in result.answers]
    assert either.answers[0].speaker == "Jane Doe"


@pytest.mark.parametrize(("text", "name", "tag"), [
    ("WASHINGTON - Sen. Ken Salazar (D-Colo.) said today", "Ken Salazar", "D-Colo."),
    ("Sen. Orrin Hatch, R-Utah, and Sen. Harry Reid (D-Nev.) wrote", "Orrin G. Hatch", "R-Utah"),
    # the tag after another name is that person's
    ("Sen. Orrin Hatch and Sen. Harry Reid (D-Nev.) wrote", "Orrin G. Hatch", ""),
])
def test_the_party_tag_after_a_name_is_that_persons(text, name, tag):
    assert party_tag(text, name) == tag


def test_what_the_registry_knows_of_a_speaker_describes_them_in_any_sentence(service):
    from indexer.ask import _described, _registry_words

    becker = service.names.find("Tom Becker")
    known = _registry_words(service, {"speaker_id": becker[0]})  # "Mayor Tom Becker", elsewhere
    bare = {"speaker_role": None, "speaker_org": None, "mention": "Becker"}
    assert "mayor" not in role_words(_described(bare))
    assert "mayor" in role_words(_described(bare, known))


def _crossing_article() -> SourceDoc:
    """A lawyer's quote matches a question's words best; the police chief's says it in other
    words."""
    paragraphs = [
        "RIVERTON — The city settled the lawsuit over the fatal crossing crash on Tuesday.",
        "“The city let the crossing stay dangerous for years and now it has to pay for that "
        "crash,” said Dana Whitfield, a lawyer for the family of the driver killed in the crash.",
        "Whitfield said the settlement would not end the family's case against the railway.",
        "“Nobody in this department will rest until whoever caused the crossing crash is held "
        "to account,” said Police Chief Owen Marsh.",
        "Marsh said detectives had sent their findings to the county prosecutor last week.",
    ]
    return SourceDoc(origin="crossing.txt", body="\n\n".join(paragraphs),
                     title="City settles crossing crash lawsuit", published="2023-03-07",
                     source="Riverton Ledger", key="crossing")


def _levy_article() -> SourceDoc:
    """A release that prints its mayor's statement twice (in the body and again at the end)."""
    statement = ("“The bridge levy pays for the repairs we put off for a decade, and every cent "
                 "of it stays on the bridge,” said Mayor Ida Brandt.")
    paragraphs = [
        "RIVERTON — The council approved a bridge levy on Monday to repair the Elm Street bridge.",
        statement,
        "The levy adds four dollars a month to the average water bill for three years.",
        "Work on the bridge deck begins in April and should end before the winter.",
        "Brandt thanked the residents who came to the hearings.",
        statement,
    ]
    return SourceDoc(origin="levy.txt", body="\n\n".join(paragraphs),
                     title="Council approves bridge levy", published="2023-03-09",
                     source="Riverton Ledger", key="levy")


@pytest.fixture(scope="module")
def crossing_service(tmp_path_factory):
    from contract_corpus import budget_article

    from indexer.ingest import ingest_documents

    data = tmp_path_factory.mktemp("crossing") / "data"
    ingest_documents([_crossing_article(), _levy_article(),
                      *(budget_article(i) for i in range(30))], data)
    svc = SearchService.open(data)
    yield svc
    svc.close()


def test_the_speaker_who_fits_a_which_question_answers_it(crossing_service):
    question = "Which police chief said the people responsible for the crossing crash must pay?"
    result = crossing_service.ask(question, limit=3)
    assert result.answers and result.answers[0].speaker == "Owen Marsh"
    # search shows the article by the chief's passage, not the lawyer's closer wording
    hit = crossing_service.search(question, limit=3).hits[0]
    assert "Owen Marsh" in hit.text and "Dana Whitfield" not in hit.text
    # without the role the lawyer's words answer best: the role decided it
    plain = crossing_service.ask("Who said the people responsible for the crossing crash must "
                                 "pay?", limit=3)
    assert plain.answers[0].speaker == "Dana Whitfield"


def test_a_kind_of_person_nobody_quoted_is_said_plainly(crossing_service):
    """'Which judge …' answered by a lawyer and a police chief says that no judge is quoted on
    it; where the office fits, or a speaker's description is unknown, nothing is said."""
    result = crossing_service.ask("Which judge said the crossing crash must be paid for?")
    assert result.answers and all(a.speaker_role for a in result.answers)
    assert "No quote on this is by a speaker described as a judge: the answers are what " \
        "others said." in result.notices
    fitting = crossing_service.ask("Which police chief said the people responsible for the "
                                   "crossing crash must pay?")
    assert fitting.answers[0].speaker == "Owen Marsh"
    assert not any("described as" in n for n in fitting.notices)
    # the lawyer and the mayor answering after him are said to be other speakers
    assert [a.speaker for a in fitting.answers][1:] == ["Dana Whitfield", "Ida Brandt"]
    assert "Only the first answer is by a police chief: the others are the closest quotes by " \
        "other speakers." in fitting.notices
    assert not any("Only the first" in n for n in result.notices)


def test_a_which_question_is_answered_first_by_the_kind_of_person_it_asks_for(tmp_path):
    """'Which senator spoke about fentanyl?': the senator's quote on opioid deaths comes before a
    prosecutor's quote that holds the word, and before anyone the topic's words alone find."""
    from contract_corpus import budget_article

    from indexer.ingest import ingest_documents

    paragraphs = [
        "RIVERSIDE — A bill that mandates drug treatment programs was signed into law on Monday.",
        "“Fentanyl dealers will face murder charges in this county, and we will not back down "
        "from that fight,” said District Attorney Mark Dalton.",
        "“We are losing thousands of lives each year in our state to opioid overdoses and we "
        "must do more to address this crisis,” said State Senator Ruth Alvarez.",
        "The law takes effect in January.",
    ]
    doc = SourceDoc(origin="bill.txt", body="\n\n".join(paragraphs),
                    title="Drug treatment bill signed into law", published="2023-10-10",
                    source="Riverside Ledger", key="bill")
    data = tmp_path / "data"
    ingest_documents([doc, *(budget_article(i) for i in range(30))], data)
    svc = SearchService.open(data)
    try:
        result = svc.ask("Which senator spoke about fentanyl?", limit=3)
        assert [a.speaker for a in result.answers][:2] == ["Ruth Alvarez", "Mark Dalton"]
        assert not any("described as" in n for n in result.notices)
        plain = svc.ask("Who spoke about fentanyl?", limit=3)
        assert plain.answers[0].speaker == "Mark Dalton"
    finally:
        svc.close()


def test_nobody_quoted_on_a_subject_gives_the_passages_on_it(tmp_path):
    """'What did Kennedy say about the minimum wage?' where nobody is quoted on it: the passages
    on the minimum wage, not another senator's quote on pensions that reads close to it."""
    from contract_corpus import budget_article

    from indexer.ingest import ingest_documents

    docs = [
        SourceDoc(origin="pensions.txt", body="\n\n".join([
            "WASHINGTON — The Senate debated the pension plan on Tuesday.",
            "“Either we shift costs to the states or we cut the standard of living of working "
            "families,” said Sen. Jon Corzine.",
        ]), title="Corzine on pensions", published="2005-04-14", key="pensions"),
        SourceDoc(origin="column.txt", body="\n\n".join([
            "The House passed an increase in the federal minimum wage this week.",
            "Studies have long shown that raising the minimum wage does not always mean more "
            "money for workers.",
        ]), title="A column on the economy", published="2007-01-11", key="column"),
        SourceDoc(origin="health.txt", body="\n\n".join([
            "BOSTON — Sen. Edward Kennedy spoke at a clinic on Monday.",
            "“Every child deserves a doctor,” Kennedy said.",
        ]), title="Kennedy at a clinic", published="2006-03-01", key="health"),
    ]
    data = tmp_path / "data"
    ingest_documents([*docs, *(budget_article(i) for i in range(30))], data)
    svc = SearchService.open(data)
    try:
        result = svc.ask("What did Kennedy say about the minimum wage?", limit=3)
        assert result.answers and "minimum wage" in result.answers[0].answer
        assert not any(a.speaker for a in result.answers)  # not Corzine's, under that notice
        assert result.notices[0].startswith("No attributed answer")
    finally:
        svc.close()


def test_what_a_kind_of_person_said_is_answered_by_the_speaker_of_that_kind(crossing_service):
    """'What did the police chief say about …' names nobody: it asks for a kind of person, like
    'which police chief …', so the chief's quote answers, not the lawyer's closer words."""
    question = "What did the police chief say about who must pay for the crossing crash?"
    assert read_intent(question).speaker == "police chief"
    result = crossing_service.ask(question, limit=3)
    assert result.answers and result.answers[0].speaker == "Owen Marsh"
    plain = crossing_service.ask("What was said about who must pay for the crossing crash?",
                                 limit=3)
    assert plain.answers[0].speaker == "Dana Whitfield"


@pytest.mark.parametrize(("question", "unit", "asked"), [
    ("Who accused the mayor of hiding the report?",
     "WALLACE: Two questions: why would he do that? And will she be there?\"", True),
    ("Who accused the mayor of hiding the report?",
     "“He hid the report,” Lopez said.", False),
    ("Who pressed the mayor about the report at the town hall?",
     "“Why did you hide the report?” she asked.", False),
    ("Which reporter asked the mayor about the report?", "“Where is the report?”", False),
])
def test_a_question_asked_answers_only_questions_about_asking(question, unit, asked):
    from indexer.ask import asked_not_said

    intent = read_intent(question)
    assert intent.asks_who and asked_not_said(intent, unit) is asked


def test_a_statement_printed_twice_is_one_answer(crossing_service):
    result = crossing_service.ask("What did Ida Brandt say about the bridge levy?", limit=3)
    texts = [a.answer for a in result.answers]
    assert texts and texts[0].startswith("“The bridge levy pays for the repairs")
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("unit", "shown"), [
    # an opening mark typed where the closing one belongs ends the answer as a closing mark
    ("“This verdict is a testament to our commitment. “", "“This verdict is a testament to our "
     "commitment. ”"),
    ("“We will appeal,” she said. “The ruling is wrong. “",
     "“We will appeal,” she said. “The ruling is wrong. ”"),
    ("“We will act,” she said.", "“We will act,” she said."),
    ("The mayor said, “", "The mayor said, “"),  # nothing open for it to close
    # a statement running on into the next paragraph is shown closed where the answer ends
    ('"While supporters tout it, the benefit leaves too many worse off.',
     '"While supporters tout it, the benefit leaves too many worse off."'),
    ("“Mr. Chairman, thank you for convening this hearing.\n",
     "“Mr. Chairman, thank you for convening this hearing.”\n"),
    ('He called it "a sham," and left.', 'He called it "a sham," and left.'),
    # a straight mark typed to close a curly one closes it: nothing is added
    ('“Fentanyl is a poison, and we won’t tolerate it in our community."',
     '“Fentanyl is a poison, and we won’t tolerate it in our community."'),
    ('“It is a poison." Then he left.', '“It is a poison." Then he left.'),
    ('“It is a "poison" to us.', '“It is a "poison" to us.”'),
    ('The "cut and run" crowd', 'The "cut and run" crowd'),
])
def test_an_answer_never_ends_with_a_stray_opening_mark(unit, shown):
    assert closing_marks(unit) == shown


@pytest.mark.parametrize("unit, heading", [
    ("[AFP, 2/18/04]\n\nBremer vs. the Bush Administration on Training Iraqi Forces", True),
    ("Bremer Says He Asked for More Troops on Multiple Occasions", True),
    ("“No,” he said", False),  # a short quotation is still said
    ("“We will win,” Trump said.", False),
    ("The plan would cost the state more than it saves over ten years", False),  # long enough
])
def test_a_heading_or_source_tag_is_no_answer(unit, heading):
    from indexer.ask import is_heading

    assert is_heading(unit) is heading


def _turbine_articles() -> list[SourceDoc]:
    """Senator Kay Dale quoted on farm subsidies in releases that also name the state and a
    bill; two other releases on a wind turbine bill; twenty more on state bills."""
    dale = [SourceDoc(origin=f"dale{i}.txt", title=f"Dale on farm support, part {i}",
                      body=(f"The state senate took up bill {i} on Tuesday. “Family farms need "
                            "crop insurance they can afford, and I will fight to keep the "
                            f"subsidies,” said Senator Kay Dale of Marlow County in part {i}."),
                      published=f"2022-0{i + 1}-03", source="Capitol Wire", key=f"dale{i}")
            for i in range(2)]
    turbines = [SourceDoc(origin=f"turbine{i}.txt", title=f"Wind turbine bill, day {i}",
                          body=(f"The state's wind turbine bill cleared committee on day {i}. "
                                "“The turbines will power forty thousand homes,” said engineer "
                                f"Lou Brandt, who testified on day {i}."),
                          published=f"2022-0{i + 4}-05", source="Capitol Wire",
                          key=f"turbine{i}")
                for i in range(2)]
    other = [SourceDoc(origin=f"state{i}.txt", title=f"State bill {i} advances",
                       body=(f"A state bill numbered {i} advanced in the state house after a "
                             "short debate; the bill now goes to the governor, aides said."),
                       published="2022-08-01", source="Capitol Wire", key=f"state{i}")
             for i in range(20)]
    return [*dale, *turbines, *other]


def test_a_speaker_quoted_only_beside_common_topic_words_is_far_from_the_topic(tmp_path):
    """Dale's releases hold 'state' and 'bill', never 'wind' or 'turbine': her quotes are still
    the answers asked for, and the reader is told they are not on the topic."""
    from indexer.ingest import ingest_documents

    data = tmp_path / "data"
    ingest_documents(_turbine_articles(), data)
    svc = SearchService.open(data)
    try:
        far = svc.ask("What did Kay Dale say about the state's wind turbine bill?", limit=2)
        assert far.answers and far.answers[0].speaker == "Kay Dale"
        assert far.notices == ["None of Kay Dale's quotes in the archive is close to this "
                               "question: the answers are the closest there are."]
        near = svc.ask("What did Kay Dale say about crop insurance subsidies?", limit=2)
        assert near.answers[0].speaker == "Kay Dale" and not near.notices
    finally:
        svc.close()


def test_a_quote_two_releases_print_is_one_answer(tmp_path):
    """The same quote in two releases, cued 'said Sen. Ann Ward' and 'said Senator Ward': one
    answer, and the next answer is another statement."""
    from indexer.ingest import ingest_documents

    quote = "“The levee must be raised before the spring floods, whatever it costs,”"
    docs = [SourceDoc(origin=f"levee{i}.txt", title=f"Senators on the levee, release {i}",
                      body=f"The river rose again on Monday.\n\n{quote} said {cue}.",
                      published=f"2022-03-0{i + 1}", source=f"Office {i}", key=f"levee{i}")
            for i, cue in enumerate(("Sen. Ann Ward", "Senator Ann Ward of Marlow County"))]
    docs.append(SourceDoc(origin="levee-later.txt", title="Ward on the levee budget",
                          body="The budget vote was close.\n\n“The levee money is in the "
                               "budget, and I will guard it,” said Sen. Ann Ward.",
                          published="2022-04-01", source="Office 0", key="levee-later"))
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        answers = svc.ask("What did Ann Ward say about the levee?", limit=3).answers
        texts = [a.quote for a in answers]
        assert sum("must be raised" in t for t in texts) == 1
        assert any("levee money" in t for t in texts)
    finally:
        svc.close()


@pytest.mark.parametrize(("question", "when", "speaker", "topic"), [
    ("When did Grassley first mention ethanol?", "first", "Grassley", "ethanol"),
    ("When did Harry Reid most recently criticize the war in Iraq?", "last", "Harry Reid",
     "the war in Iraq"),
    ("When did the police chief start talking about body cameras?", "first", "police chief",
     "body cameras"),
    ("When did Dana Marlow say the ferry fares were too high?", "first", "Dana Marlow",
     "the ferry fares were too high"),
    ("Who first called the ferry fares a scandal?", "first", None,
     "called the ferry fares a scandal"),
    # a verb of talking is no topic word: "spoke" is in no answer's own words
    ("Who last spoke about the ferry?", "last", None, "the ferry"),
    ("Which councillor first commented on the ferry fares?", "first", None, "the ferry fares"),
    ("Who weighed in on the ferry?", None, None, "the ferry"),
    ("Who mentioned the harbour walls?", None, None, "the harbour walls"),
    ("Who said the ferry fares were a scandal?", None, None, "said the ferry fares were a scandal"),
    ("How often did Dana Marlow mention the ferry fares?", "count", "Dana Marlow",
     "the ferry fares"),
    ("How many times has Harry Reid talked about the minimum wage?", "count", "Harry Reid",
     "the minimum wage"),
    # a yes-no question whether someone spoke of something is answered by how often
    ("Has Senator Feingold ever mentioned the Patriot Act?", "count", "Senator Feingold",
     "the Patriot Act"),
    ("Did Kennedy comment on the minimum wage?", "count", "Kennedy", "the minimum wage"),
    ("Did Reid bring up the filibuster?", "count", "Reid", "the filibuster"),
    ("Has Grassley ever criticized the FDA?", "count", "Grassley", "the FDA"),
    # ... one with a verb of saying asks what was said
    ("Did Obama say the war was a mistake?", None, "Obama", "the war was a mistake"),
    # ... and one with a stance verb what they said on it, the verb kept
    ("Does Grassley oppose the tariff?", None, "Grassley", "oppose the tariff"),
])
def test_when_questions_ask_for_the_earliest_or_latest(question, when, speaker, topic):
    intent = read_intent(question)
    assert (intent.when, intent.speaker, intent.text) == (when, speaker, topic)


@pytest.mark.parametrize(("question", "literal", "role"), [
    ('Who used the phrase "cut and run"?', "cut and run", None),
    ("Which senator used the word quagmire?", "quagmire", "senator"),
    ("Has any senator used the phrase nuclear option?", "nuclear option", "senator"),
    ("Has anyone mentioned “ferry fares”?", "ferry fares", None),
    ("Who said the war was lost?", None, None),
    # about a term, not asking who used it
    ("How did Obama respond to a question about the term Islamic terrorism?", None, None),
])
def test_words_asked_about_as_written_are_read(question, literal, role):
    intent = read_intent(question)
    assert intent.literal == literal
    if role or question.startswith(("Who", "Has any")):
        assert intent.asks_who and intent.role == role


FERRY = [  # (date, speaker, quote): Marlow on the fares three times, once on another topic
    ("2017-03-01", "Dana Marlow", "The harbour walls need repairs before the winter storms."),
    ("2018-05-02", "Lee Okafor", "The ferry fares are a scandal for families on the islands."),
    ("2019-06-03", "Dana Marlow", "The ferry fares have become a scandal, and I will fight them."),
    ("2021-07-04", "Dana Marlow", "Ferry fares went up again and islanders pay the price."),
    ("2023-08-05", "Dana Marlow", "I still oppose the ferry fares the board approved this year."),
]


@pytest.fixture(scope="module")
def ferry_service(tmp_path_factory):
    """Five dated articles: Marlow on the ferry fares in 2019, 2021 and 2023 and on the harbour
    walls in 2017; Okafor on the fares in 2018."""
    from indexer.ingest import ingest_documents

    docs = [SourceDoc(origin=f"ferry-{n}.txt", key=f"ferry-{n}", published=day,
                      title=f"Island council notes {day[:4]}", source="Island Post",
                      body=(f"The island council met on Tuesday.\n\n\"{said}\" said {who}, "
                            "a member of the island council.\n"))
            for n, (day, who, said) in enumerate(FERRY)]
    data = tmp_path_factory.mktemp("ferry") / "data"
    assert ingest_documents(docs, data).added == len(FERRY)
    svc = SearchService.open(data)
    yield svc
    svc.close()


def test_when_did_x_first_say_y_answers_earliest_first_with_a_notice(ferry_service):
    first = ferry_service.ask("When did Dana Marlow first mention the ferry fares?")
    assert [(a.published, a.speaker) for a in first.answers] == [
        ("2019-06-03", "Dana Marlow"), ("2021-07-04", "Dana Marlow"),
        ("2023-08-05", "Dana Marlow")]  # not her 2017 harbour quote, nor Okafor's in 2018
    assert first.notices == [EARLIEST]
    latest = ferry_service.ask("When did Dana Marlow most recently talk about the ferry fares?")
    assert [a.published for a in latest.answers] == ["2023-08-05", "2021-07-04", "2019-06-03"]
    assert latest.notices == [LATEST]
    often = ferry_service.ask("How often did Dana Marlow mention the ferry fares?")
    assert [a.published for a in often.answers] == ["2023-08-05", "2021-07-04", "2019-06-03"]
    assert often.notices == ["3 articles in the archive quote Dana Marlow in a passage holding "
                             "'ferry', 'fares', from 2019-06-03 to 2023-08-05; the newest are "
                             "shown first."]
    # 'Tuesday' is only in the narration around her quotes: they are shown, and said not to
    unsaid = ferry_service.ask("When did Dana Marlow first mention Tuesday?")
    assert [a.published for a in unsaid.answers][:1] == ["2017-03-01"]
    assert unsaid.notices[1].startswith("None of these quotes says 'Tuesday' itself")
    who = ferry_service.ask("Who first called the ferry fares a scandal?")
    assert [(a.published, a.speaker) for a in who.answers][:2] == [
        ("2018-05-02", "Lee Okafor"), ("2019-06-03", "Dana Marlow")]
    # the topic is what follows a verb of talking: a passage need not hold "talked" itself
    for asked in ("Who first talked about the ferry fares?",
                  "Which councillor first commented on the ferry fares?"):
        talked = ferry_service.ask(asked)
        assert [(a.published, a.speaker) for a in talked.answers][:2] == [
            ("2018-05-02", "Lee Okafor"), ("2019-06-03", "Dana Marlow")], asked
        assert talked.notices == [EARLIEST], asked


def test_a_yes_no_question_answers_how_often_with_the_newest_first(ferry_service):
    often = ferry_service.ask("Has Councillor Marlow ever mentioned the ferry fares?")
    assert [(a.published, a.speaker) for a in often.answers] == [
        ("2023-08-05", "Dana Marlow"), ("2021-07-04", "Dana Marlow"),
        ("2019-06-03", "Dana Marlow")]
    assert often.notices[0].startswith("3 articles in the archive quote Dana Marlow")


def test_has_an_office_ever_mentioned_asks_its_holders(tmp_path):
    """'Has the police chief ever mentioned …' is asked of the people the registry knows by
    that office (not the fire chief, who spoke of it last); the count names them."""
    from indexer.ingest import ingest_documents

    said = [("2019-01-02", "Ines Varga, the police chief", "The ferry fares keep islanders away."),
            ("2020-01-02", "Paul Dunne, the fire chief", "The ferry fares cover our fuel."),
            ("2021-01-02", "Ines Varga, the police chief", "We need ferry fares families can pay."),
            ("2022-01-02", "Paul Dunne, the fire chief", "Ferry fares will rise in spring.")]
    docs = [SourceDoc(origin=f"h-{n}.txt", key=f"h-{n}", published=day, source="Island Post",
                      title=f"Harbour news {day[:4]}",
                      body=f"The harbour board met.\n\n\"{quote}\" said {who}.\n")
            for n, (day, who, quote) in enumerate(said)]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        result = svc.ask("Has the police chief ever mentioned the ferry fares?")
    finally:
        svc.close()
    assert [(a.published, a.speaker) for a in result.answers] == [
        ("2021-01-02", "Ines Varga"), ("2019-01-02", "Ines Varga")]
    assert result.notices[0].startswith("2 articles in the archive quote Ines Varga in a passage")
    svc = SearchService.open(data)
    try:
        once = svc.ask("Has the police chief ever mentioned islanders?")
    finally:
        svc.close()
    assert once.notices[0].startswith("1 article in the archive quotes Ines Varga in a passage")


@pytest.mark.parametrize(("question", "since", "until", "rest"), [
    ("What did Grassley say about ethanol in 2006?", "2006", "2006",
     "What did Grassley say about ethanol?"),
    ("What did Grassley say about ethanol during March 2007?", "2007-03", "2007-03",
     "What did Grassley say about ethanol?"),
    ("Who criticized the war since 2005?", "2005", None, "Who criticized the war?"),
    ("Who criticized the war after 2005?", "2006", None, "Who criticized the war?"),
    ("What did Reid say about Iraq before 2007?", None, "2006", "What did Reid say about Iraq?"),
    ("What did Reid say about Iraq between 2007 and 2005?", "2005", "2007",
     "What did Reid say about Iraq?"),
    ("In 2005, what did Reid say about the filibuster?", "2005", "2005",
     "What did Reid say about the filibuster?"),
    # a year inside the question or after a modal is what was said about, not when
    ("What did Reid say about the 2005 energy bill?", None, None,
     "What did Reid say about the 2005 energy bill?"),
    ("Who said the troops would be home in 2008?", None, None,
     "Who said the troops would be home in 2008?"),
])
def test_dates_a_question_asks_about_are_read(question, since, until, rest):
    assert question_dates(question) == (since, until, rest)


def test_what_a_speaker_said_on_a_topic_leaves_out_their_quotes_on_others(ferry_service):
    result = ferry_service.ask("What did Dana Marlow say about the harbour walls?")
    assert [a.published for a in result.answers] == ["2017-03-01"]
    assert not result.notices


def test_what_a_named_speaker_said_is_answered_by_their_words_alone(tmp_path):
    """Okafor's reply in the passage quoting Marlow is no answer to what Marlow said."""
    from indexer.ingest import ingest_documents

    body = ('The island council debated the ferry fares on Tuesday.\n\n"The ferry fares must '
            'fall before the summer," said Dana Marlow, a member of the council. "The ferry '
            'fares pay for the new boats," said Lee Okafor, who chairs the ferry board.\n')
    doc = SourceDoc(origin="fares.txt", key="fares", published="2021-05-04", source="Island Post",
                    title="Council debates fares", body=body)
    data = tmp_path / "data"
    ingest_documents([doc], data)
    svc = SearchService.open(data)
    try:
        result = svc.ask("What did Dana Marlow say about the ferry fares?")
    finally:
        svc.close()
    assert [a.speaker for a in result.answers] == ["Dana Marlow"]


def test_a_first_name_opening_an_unknown_name_names_no_one_of_that_surname(tmp_path):
    """Asked about 'George Gascón', nobody the archive knows, ask does not answer for Ann
    George: her surname is his first name. A bare 'George' still names her."""
    from indexer.ingest import ingest_documents

    body = ('The harbour board met on Monday.\n\n"The ferry fares must fall before the '
            'summer," said Ann George, who chairs the board.\n')
    doc = SourceDoc(origin="board.txt", key="board", published="2021-05-04",
                    source="Island Post", title="Board on fares", body=body)
    data = tmp_path / "data"
    ingest_documents([doc], data)
    svc = SearchService.open(data)
    try:
        george = svc.names.find("Ann George")
        assert george and svc.names.find("What did George say about the fares?") == george
        assert svc.asked_speaker("George Gascón") == []
        question = "How did George Gascón respond to the fares?"
        assert svc.named_speakers(split_query(question)) == []
        # in a search the word after a surname may be the topic: 'George Fares' lifts her
        assert svc.names.find("George Fares") == george
        result = svc.ask(question)
    finally:
        svc.close()
    assert result.notices[0].startswith("No speaker named 'George Gascón'")


def test_a_speaker_quoted_near_a_subject_but_not_on_it_is_said_so(tmp_path):
    """Asked about 'ghost guns', a prosecutor quoted only on gun violence is answered with a
    notice that none of her quotes is on that subject, whether or not the archive ever says
    'ghost'; asked about gun violence, she is answered plainly."""
    from indexer.ingest import ingest_documents

    docs = [SourceDoc(origin=f"r{i}.txt", key=f"r{i}", published=f"2022-0{i + 1}-01",
                      source="County DA", title=title, body=body) for i, (title, body) in
            enumerate([
                ("Man sentenced for shooting", 'A man was sentenced for a shooting.\n\n"Gun '
                 'violence will not be tolerated in this county," said District Attorney Rosa '
                 'Vance.\n'),
                ("Gun violence down", 'Shootings fell this year.\n\n"Our work against gun '
                 'violence is saving lives," said District Attorney Rosa Vance.\n'),
                ("Ghost story night", 'The library held a ghost story night.\n\n"Everyone loves '
                 'a good ghost story," said librarian Tom Webb.\n')])]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        on = svc.ask("What did Rosa Vance say about gun violence?")
        near = svc.ask("What did Rosa Vance say about ghost guns?")
        never = svc.ask("What did Rosa Vance say about untraceable guns?")
    finally:
        svc.close()
    assert on.answers and not on.notices
    assert near.answers and near.answers[0].speaker == "Rosa Vance"
    assert near.notices == ["None of Rosa Vance's quotes in the archive is on 'ghost guns': "
                            "the answers are the closest there are."]
    assert never.notices and "is on 'untraceable guns'" in never.notices[0]


def test_quotes_whose_own_words_name_the_topic_are_told_apart():
    from indexer.ask import _naming

    said = [{"quote": {"text": "Our enemies abroad explain the danger of foreign oil."}},
            {"quote": {"text": "Weapons used against our soldiers in Iraq must be destroyed."}},
            {"quote": None}]
    assert _naming(said, ["Iraq"]) == [said[1]]
    assert _naming(said, ["soldier"]) == [said[1]]  # as the index stems them


def test_a_question_asking_about_a_year_answers_from_that_year(ferry_service):
    result = ferry_service.ask("What did Dana Marlow say about the ferry fares in 2021?")
    assert [a.published for a in result.answers] == ["2021-07-04"]
    assert result.notices[-1] == "The answers are from articles dated in 2021, as the question asks."


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_a_searched_question_asking_about_years_is_searched_in_them(ferry_service, mode):
    asked = ferry_service.search("Who complained about the ferry fares since 2019?", mode=mode)
    assert asked.hits and {h.published[:4] for h in asked.hits} <= {"2019", "2021", "2023"}
    assert asked.total == ferry_service.search("Who complained about the ferry fares?",
                                               mode=mode, filters=Filters(since="2019")).total
    assert "The results are from articles dated from 2019 on, as the question asks." in \
        asked.notices
    # plain words are not a question: a year among them is a word searched for
    plain = ferry_service.search("ferry fares 2019", mode=mode)
    assert not any("as the question asks" in n for n in plain.notices)
    # dates the filters give bind it instead
    given = ferry_service.search("Who complained about the ferry fares in 2021?", mode=mode,
                                 filters=Filters(since="2023"))
    assert {h.published[:4] for h in given.hits} == {"2023"}


def test_words_asked_about_as_written_are_in_the_answers(ferry_service):
    result = ferry_service.ask('Who said "a scandal for families"?')
    assert [a.speaker for a in result.answers] == ["Lee Okafor"]
    assert not result.notices
    nowhere = ferry_service.ask('Who called the fares "daylight robbery"?')
    assert nowhere.notices[0] == ("No passage in the archive holds 'daylight robbery' as "
                                  "written: the answers are the closest there are.")
    first = ferry_service.ask("When did Dana Marlow first use the phrase “ferry fares”?")
    assert [a.published for a in first.answers][:1] == ["2019-06-03"]


def test_a_title_and_surname_name_the_speaker_beside_a_full_name(service):
    """'Councillor Becker' names him as 'Tom Becker' does, so another full name in the query
    does not make him the topic."""
    lopez, becker = service.names.find("Maria Lopez"), service.names.find("Tom Becker")
    assert service.names.find("Did Councillor Becker answer Maria Lopez?") == becker + lopez
    assert service.names.find("How did Maria Lopez answer Becker?") == lopez


def test_a_scare_quote_is_no_answer_but_a_quote_with_a_verb_of_saying_is(tmp_path):
    """'… for its "advice and consent."' credits no one with words (a partial quote with no
    verb of saying, confidence under WEAK_PARTIAL): it is narration, never an attributed
    answer; 'calling it "a step backwards."' is the White House's and answers."""
    from indexer.ingest import ingest_documents

    docs = [SourceDoc(origin="n.txt", key="n", published="2006-03-01", title="Nominations",
                      source="Desk", body="The White House submits each judicial nomination to "
                      "the Senate for its \"advice and consent.\"\n"),
            SourceDoc(origin="v.txt", key="v", published="2006-03-02", title="Veto threat",
                      source="Desk", body="The White House objected to the judicial nomination "
                      "rule, calling it \"a step backwards.\"\n")]
    assert ingest_documents(docs, tmp_path / "data").added == 2
    svc = SearchService.open(tmp_path / "data")
    try:
        hits = svc.search("judicial nomination", mode="keyword").hits
        weak = [q for h in hits for q in h.quotes if "advice" in q["text"]]
        assert weak and weak[0]["confidence"] < WEAK_PARTIAL  # hits carry the confidence
        result = svc.ask("What did the White House say about judicial nominations?")
    finally:
        svc.close()
    assert [a.quote for a in result.answers if a.speaker] == ['"a step backwards."']


def test_a_speaker_quoted_in_a_release_titled_with_the_topic_is_on_it(tmp_path):
    """Dale's quote on the harbor sits in a passage without 'dredging', in a release whose title
    says it is about dredging: that quote answers, with no far-from-topic notice."""
    from indexer.ingest import ingest_documents

    lead = ("The port authority published its plan on Monday to deepen the main shipping channel "
            "by twelve feet, removing four million cubic yards of silt from the harbor floor "
            "over three winters, with the sediment carried to a disposal site offshore. ")
    quote = ("“This is the most important thing this town has done in a generation, and I am "
             "proud of every neighbor who stood up for it,” said Senator Kay Dale of Marlow "
             "County, who has pressed the authority for two years. ")
    docs = [*_turbine_articles(), SourceDoc(
        origin="harbor.txt", title="Dale backs harbor dredging plan",
        body=f"{lead * 2}\n\n{quote}The authority will hold hearings in March and April, and "
             "the work could begin in the autumn if the permits arrive on time.",
        published="2022-09-01", source="Capitol Wire", key="harbor")]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        hit = next(h for h in svc.passages("generation", mode="keyword", limit=5))
        assert "dredging" not in hit.text.lower()  # the quote's passage does not say it
        result = svc.ask("What did Kay Dale say about dredging?", limit=2)
        assert result.answers[0].speaker == "Kay Dale" and "generation" in result.answers[0].quote
        assert not result.notices
    finally:
        svc.close()


def test_who_talked_about_a_subject_is_answered_first_by_a_quote_on_it(tmp_path):
    """'Who talked about hate crimes?': a quote in a release on a hate crime comes before a
    quote on gang violence that reads closer to the words but is on another subject."""
    from indexer.ingest import ingest_documents

    docs = [
        SourceDoc(origin="gang.txt", title="Gang boss sentenced to life for ordering murder",
                  body=("A gang leader was sentenced on Monday to life in prison for ordering a "
                        "killing from his cell.\n\n“We will never stop fighting the scourge of "
                        "gang violence that terrorizes our neighborhoods,” said District Attorney "
                        "Lena Moss."),
                  published="2023-12-06", source="DA News", key="gang"),
        SourceDoc(origin="subway.txt", title="Man indicted for assault as a hate crime",
                  body=("A man was indicted on Tuesday for assault as a hate crime after an "
                        "attack on a trans woman in a subway station, prosecutors said.\n\n"
                        "“No one in this city should be attacked for who they are, and this "
                        "defendant targeted a woman on the subway because she is transgender,” "
                        "said District Attorney Omar Reyes."),
                  published="2023-09-06", source="DA News", key="subway"),
    ]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        answers = svc.ask("Who talked about hate crimes?", limit=2).answers
        assert [a.speaker for a in answers] == ["Omar Reyes", "Lena Moss"]
    finally:
        svc.close()


def test_an_answer_cites_the_office_its_speaker_held_when_it_was_said(tmp_path):
    """Sen. Jane Doe chaired the Finance Committee in 2005 and was its ranking member from 2007
    (most of her quotes): her undated-role statement of 2005 is cited with the chairmanship the
    2005 releases give, her 2008 one (its cue calling her "U.S. Senator", no office) with the
    ranking membership."""
    bodies = [("2005-03-01", '"Farm credit must stay cheap," said Sen. Jane Doe, chairman of '
                             'the Senate Committee on Finance.'),
              ("2005-06-01", "Following is the statement of Sen. Jane Doe:\n\nThe dam above "
                             "the valley must be rebuilt before the spring floods.")]
    bodies += [(f"2008-0{m}-01", f'"Tax relief {m} is overdue," said Sen. Jane Doe, ranking '
                                 'member of the Senate Committee on Finance.') for m in range(1, 5)]
    bodies.append(("2008-06-01", "Following is the statement of U.S. Senator Jane Doe:\n\nThe levee "
                                 "along the river must be raised before the autumn storms."))
    dam, levee = (r.answers[0] for r in _asked(
        tmp_path, bodies, "What did Jane Doe say about rebuilding the dam?",
        "What did Jane Doe say about raising the levee?"))
    assert "dam above the valley" in dam.answer and "levee" in levee.answer
    assert dam.citation.startswith("Sen. Jane Doe, chairman of the Senate Committee on Finance,")
    assert levee.citation.startswith("Sen. Jane Doe, ranking member of the Senate Committee on "
                                     "Finance,")


@pytest.mark.parametrize(("role", "alone"), [
    ("Sen.", True), ("U.S. Sen.", True), ("U.S. Rep.", True), ("Senator", False),
    ("Iowa Sen.", False), ("chairman of the Senate Committee on Finance", False)])
def test_a_title_abbreviation_after_initials_is_a_title_not_an_office(role, alone):
    """'U.S. Sen.' (from 'Joint Statement of U.S. Sens. …') is written before the name in a
    citation, as 'Sen.' is, never after it as an office ('Sen. Chuck Grassley, U.S. Sen.')."""
    from indexer.titles import title_alone

    assert title_alone(role) is alone


def test_a_passage_naming_the_topic_does_not_put_an_unrelated_quote_on_it(tmp_path):
    """Lind's award release lists fentanyl among her initiatives beside her thanks for the
    award; her release on the opioid crisis never writes the word. Asked what she said about
    fentanyl, the opioid statement answers first, not the thanks."""
    from indexer.ingest import ingest_documents

    award = SourceDoc(
        origin="award.txt", title="DA Mara Lind elected president of prosecutors' association",
        body=("“It is a tremendous honor to lead this association and to work beside prosecutors "
              "across the nation,” said District Attorney Mara Lind. Since taking office she has "
              "launched initiatives on fentanyl, elder abuse and human trafficking."),
        published="2024-07-17", source="DA News", key="award")
    opioids = SourceDoc(
        origin="opioids.txt", title="New campaign aims to reduce overdoses",
        body=("The county recorded more overdose deaths last year than ever before.\n\n“If we "
              "want to be more successful in answering the opioid crisis, we need to do "
              "something different,” said District Attorney Mara Lind."),
        published="2020-02-20", source="DA News", key="opioids")
    other = [SourceDoc(origin=f"case{i}.txt", title=f"Defendant {i} sentenced",
                       body=(f"A defendant in case {i} was sentenced on Monday to {i + 2} years "
                             "in state prison for burglary, prosecutors said."),
                       published="2023-05-01", source="DA News", key=f"case{i}")
             for i in range(12)]
    data = tmp_path / "data"
    ingest_documents([award, opioids, *other], data)
    svc = SearchService.open(data)
    try:
        answers = svc.ask("What did Mara Lind say about fentanyl?", limit=2).answers
        assert answers and answers[0].speaker == "Mara Lind"
        assert "the opioid crisis" in answers[0].quote
    finally:
        svc.close()


@pytest.mark.parametrize(("role", "head", "described", "fit"), [
    ("Brooklyn DA", "attorney", "Kings County District Attorney; Brooklyn", 1.0),
    ("the Riverside DA", "attorney", "Riverside County District Attorney", 1.0),
    ("Riverside DA", "attorney", "Riverside County Public Defender", 0.0),
    ("ADA", "attorney", "Assistant District Attorney", 1.0),
    ("Lula da Silva", None, "President of Brazil", 0.0),  # 'da' in a name is no office
    # an ADA in a description may be the Americans with Disabilities Act
    ("district attorney", "attorney", "ADA compliance officer, City of Austin", 0.0),
])
def test_a_prosecutor_s_office_in_capitals_is_read_spelled_out(role, head, described, fit):
    from indexer.answers import role_fit, role_head

    assert role_head(role) == head
    assert role_fit(role, described) == fit


@pytest.mark.parametrize(("question", "role"), [
    ("Which DA praised the jury?", "DA"),
    ("Which DDA tried the case?", "DDA"),
    ("Which ADA provisions did the senator want changed?", None),  # the Act, not a person
    ("Which bill amending the ADA passed?", None),
])
def test_which_da_asks_for_a_person_and_which_ada_provisions_does_not(question, role):
    intent = read_intent(question)
    assert intent.role == role and intent.asks_who is (role is not None)


def test_a_question_about_a_county_s_da_answers_with_its_district_attorney(tmp_path):
    """'What did the Marlow DA say …' names no one the registry knows by that name: the person
    whose roles spell out every word of the office answers, with no unknown-speaker notice."""
    from indexer.ingest import ingest_documents

    docs = [SourceDoc(origin=f"buyback{i}.txt", key=f"buyback{i}", published=f"2024-0{i + 1}-02",
                      title=f"Gun buyback, round {i}", source="DA News",
                      body=(f"The county's gun buyback collected {120 + i} firearms on Saturday."
                            "\n\n“Every gun turned in at a buyback is one that cannot be stolen "
                            "and used in a shooting,” said Marlow County District Attorney Eva "
                            "Marsh."))
            for i in range(2)]
    docs.append(SourceDoc(origin="defender.txt", key="defender", published="2024-03-02",
                          title="Defender on the buyback", source="Courier",
                          body=("“A buyback is no substitute for treatment and housing,” said "
                                "Marlow County Public Defender Tom Reyes.")))
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        result = svc.ask("What did the Marlow DA say about the gun buyback?", limit=2)
    finally:
        svc.close()
    assert result.answers and result.answers[0].speaker == "Eva Marsh"
    assert not any("No speaker named" in n for n in result.notices)


def test_a_release_about_the_case_asked_of_answers_before_words_on_another_case(tmp_path):
    """Asked how Ruiz responded to "the Leo Marsh verdict", her words in the release on that
    case (which never say 'verdict') come before her words on another verdict, which read
    closer to the question but are about someone else."""
    from indexer.ingest import ingest_documents

    marsh = SourceDoc(
        origin="marsh.txt", key="marsh", published="2025-06-06", source="SA News",
        title="Jury finds man guilty of killing 11-year-old Leo Marsh",
        body=("A jury on Thursday found a man guilty of stabbing 11-year-old Leo Marsh, who "
              "tried to protect his mother.\n\n“At the heart of this case is a boy who had a "
              "bright future and brought joy to everyone who knew him,” State's Attorney Ana "
              "Ruiz said after the verdict."))
    other = SourceDoc(
        origin="chinatown.txt", key="chinatown", published="2025-10-23", source="SA News",
        title="Guilty verdict in murder of man walking in Chinatown",
        body=("A jury convicted a man of the 2021 murder of a 71-year-old grandfather.\n\n“While "
              "today's guilty verdict cannot erase the pain of his loved ones, we hope this "
              "verdict brings them some comfort,” said State's Attorney Ana Ruiz."))
    filler = [SourceDoc(origin=f"f{i}.txt", key=f"f{i}", published="2025-01-01", source="SA News",
                        title=f"Court calendar {i}", body=f"The court calendar for week {i} is "
                        "posted, with verdict readings listed by courtroom.")
              for i in range(8)]
    data = tmp_path / "data"
    ingest_documents([marsh, other, *filler], data)
    svc = SearchService.open(data)
    try:
        answers = svc.ask("How did Ana Ruiz respond to the Leo Marsh verdict?", limit=2).answers
    finally:
        svc.close()
    assert answers and answers[0].speaker == "Ana Ruiz"
    assert "bright future" in answers[0].quote


def test_an_office_that_issues_statements_is_asked_about_with_its_holder(tmp_path):
    """'What did the Milltown County State's Attorney say …' names the office that issues the
    releases (a registry organisation) and the person who holds it: her quotes answer, with
    no notice that the office is not quoted."""
    from indexer.ingest import ingest_documents

    office = "Milltown County State's Attorney"
    said = [("2025-03-02", "Organized retail theft rings endanger every shopper downtown."),
            ("2025-04-02", "Our new unit will prosecute retail theft crews that loot stores."),
            ("2025-05-02", "The ferry schedule will not change this summer.")]
    docs = [SourceDoc(origin=f"o-{n}.txt", key=f"o-{n}", published=day, source=office,
                      title=f"Release {n}", issuer=office, issuer_kind="org",
                      body=f"The office announced charges today.\n\n\"{quote}\" said {office} "
                           f"Jo Rand.\n")
            for n, (day, quote) in enumerate(said)]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    svc = SearchService.open(data)
    try:
        result = svc.ask(f"What did the {office} say about retail theft?")
    finally:
        svc.close()
    assert result.answers and {a.speaker for a in result.answers[:2]} == {"Jo Rand"}
    assert "retail theft" in result.answers[0].answer.lower()
    assert not any("not quoted" in n for n in result.notices), result.notices


@pytest.mark.parametrize(("written", "office"), [
    ("the Cook County State's Attorney", True), ("the Harris County District Attorney", True),
    ("the Brooklyn DA", True), ("the police chief", True),
    ("the Department of Justice", False), ("the Houston Police Department", False),
    ("the Harris County District Attorney's Office", False), ("Fraternal Order of Police", False),
])
def test_an_office_a_person_holds_is_told_from_an_institution(written, office):
    """Only an office a person holds brings its holders into a question that names it as the
    registry's organisation too; a department is asked about as itself."""
    from indexer.ask import names_an_office

    assert names_an_office(written) is office


def test_a_who_question_is_answered_by_people_before_a_document_quoted_as_a_source(tmp_path):
    """'The Rural Budget eliminates loans …, citing "little demand"' credits a paper: asked who
    criticized the cuts, the senator who did comes first."""
    bodies = [
        ("2006-02-08", "The Rural Budget cuts telemedicine loans for clinics. The budget "
                       'eliminates loans for telemedicine, citing "little demand" for the loans '
                       "to clinics."),
        ("2006-02-09", '"Cutting telemedicine loans for rural clinics is a mistake we will pay '
                       'for," said Sen. Jane Roe.'),
    ]
    bodies.append(("2006-02-10", '"Cutting telemedicine loans for clinics will save $40 million '
                                 'a year," the Office of Management and Budget said.'))
    result, saved = _asked(tmp_path, bodies, "Who criticized the cuts to telemedicine loans?",
                           "Who said cutting telemedicine loans would save money?")
    speakers = [a.speaker for a in result.answers]
    assert speakers[0] == "Jane Roe"
    assert "Rural Budget" in speakers[1:]  # still an answer, after the people
    # an office named for a budget is an organisation, not a document
    assert saved.answers[0].speaker == "Office of Management and Budget"


@pytest.mark.parametrize(("words", "article"), [
    ("FBI agent", "an"), ("U.S. attorney", "a"), ("NYPD officer", "an"),
    ("NATO ambassador", "a"), ("officer", "an"), ("union leader", "a"), ("Utah senator", "a"),
    ("European ambassador", "a"), ("urban planner", "an"), ("police chief", "a"),
])
def test_an_office_takes_the_article_it_is_spoken_with(words, article):
    from indexer.ask import indefinite_article

    assert indefinite_article(words) == article


def test_a_judge_named_inside_a_quote_does_not_make_its_speaker_a_judge(tmp_path):
    """'“… I am grateful to Judge Navarro for the maximum sentence,” said District Attorney Mike
    Hestrin' describes Hestrin as a district attorney: asked which judge spoke about the
    sentence, the judge quoted answers first, and no notice counts Hestrin as a judge."""
    bodies = [
        ("2023-07-14", "“The families will never be the same, and I am grateful to Judge Navarro "
                       "for imposing the maximum sentence for the crash,” said District Attorney "
                       "Mike Hestrin."),
        ("2023-07-20", "“A sentence for a crash that killed three teenagers must reflect the "
                       "lives lost,” said Superior Court Judge Ana Ruiz."),
    ]
    (result,) = _asked(tmp_path, bodies, "Which judge was grateful for the maximum sentence?")
    assert [a.speaker for a in result.answers] == ["Ana Ruiz", "Mike Hestrin"]
    assert "Only the first answer is by a judge: the others are the closest quotes by other " \
        "speakers." in result.notices
