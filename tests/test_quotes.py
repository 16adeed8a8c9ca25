"""Quote extraction and in-article attribution on the seed articles and small written cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from quote_checks import check_offsets as _check_offsets
from quote_checks import only_quote as _only

from indexer.quotes import extract_quotes
from indexer.quotes.marks import find_quote_spans
from indexer.records import Quote

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _read(prefix: str) -> str:
    path = next(CORPUS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.skip(f"seed article {prefix} not in corpus/")
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _rows(quotes: list[Quote]) -> list[tuple[str | None, str | None, str]]:
    return [(q.speaker, q.mention, q.kind) for q in quotes]


def test_seed_000_every_quote_is_jacob_becchina(nlp):
    text = _read("000")
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    jb = "Jacob Becchina"
    assert _rows(quotes) == [
        (jb, "Sgt. Jacob Becchina", "direct"),
        (jb, "Sgt. Jacob Becchina", "direct"),
        (jb, "Becchina", "direct"),
        (jb, "Becchina", "direct"),
        (jb, "Becchina", "partial"),
        (jb, "he", "direct"),
        (jb, "he", "direct"),
    ]
    assert quotes[0].text.startswith("“The department’s firearms policy")
    assert quotes[4].text == "“totality of the circumstances at that time, when using force,”"
    assert all(q.speaker_role == "police spokesman" for q in quotes)
    assert all(q.speaker_kind == "person" and q.cue == "said" for q in quotes)


def test_seed_004_jake_becchina_with_org(nlp):
    text = _read("004")
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert _rows(quotes) == [("Jake Becchina", "KCPD Sgt. Jake Becchina", "direct")] + [
        ("Jake Becchina", "Becchina", "direct")
    ] * 5
    assert quotes[0].speaker_org == "KCPD"
    assert quotes[0].speaker_role == "Sgt."
    # the corpus's backtick apostrophes (it`s) never open a quote
    assert any("it`s because" in q.text for q in quotes)


def test_multi_paragraph_quote_is_one_span(nlp):
    text = (
        "“We started early and we finished late,” said Mayor Ann Ortiz of Springfield.\n\n"
        "“The first paragraph runs on without a closing mark.\n\n"
        "“And the second one closes it,” she said.\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert len(quotes) == 2
    assert quotes[1].text.startswith("“The first paragraph")
    assert quotes[1].text.endswith("closes it,”")
    assert quotes[1].speaker == "Ann Ortiz" and quotes[1].mention == "she"


def test_doubled_apostrophes_are_quote_marks_as_news_archives_write_them(nlp):
    text = (
        "''Their strategy is very clear,'' Michael McFaul, a senior fellow, said of the network."
        "\n\nWhy the deal? ''They pay us a lot of money,'' Mr. King said.\n\n"
        "''The first paragraph runs on.\n\n''The second closes it,'' Mr. King added.\n\n"
        "Fans of rock 'n' roll and the ``old style'' of quoting are still read right.\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    by_text = {q.text: q for q in quotes}
    assert by_text["''Their strategy is very clear,''"].speaker == "Michael McFaul"
    assert by_text["''They pay us a lot of money,''"].mention == "Mr. King"
    assert by_text["''They pay us a lot of money,''"].speaker_role is None  # 'Mr.' is no role
    assert "''The first paragraph runs on.\n\n''The second closes it,''" in by_text
    assert [(s.start, s.end) for s in find_quote_spans("the ``old style'' here")] == [(4, 17)]
    assert find_quote_spans("rock 'n' roll, and it''s odd") == []


def test_split_quote_both_halves_attributed(nlp):
    text = 'Senator Paul Grant spoke on Monday. "We will win," Grant said, "and we will win big."'
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == ['"We will win,"', '"and we will win big."']
    assert {q.speaker for q in quotes} == {"Paul Grant"}
    assert all(q.mention == "Grant" for q in quotes)


def test_follow_on_paragraph_goes_to_previous_speaker(nlp):
    text = (
        "“The budget is balanced,” said Maria Lopez, the city treasurer.\n\n"
        "“Nobody expected that a year ago. We worked hard for it.”\n\n"
        "The council meets again next week.\n"
    )
    quotes = extract_quotes(text, nlp)
    assert len(quotes) == 2
    assert quotes[1].speaker == "Maria Lopez"
    assert quotes[1].speaker_role == "city treasurer"
    assert quotes[1].confidence < quotes[0].confidence


def test_transcript_turns(nlp):
    text = (
        "Q: Were the officers in danger?\n"
        "SGT. BECCHINA: We are still investigating that.\n"
        "Q: When will you know?\n"
        "SGT. BECCHINA: In a few weeks.\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert [q.kind for q in quotes] == ["transcript"] * 4
    assert quotes[1].text == "We are still investigating that."
    assert quotes[1].mention == "SGT. BECCHINA" and quotes[1].speaker == "Becchina"
    assert quotes[0].mention == "Q" and quotes[0].speaker is None


def test_a_transcript_quoted_whole_is_split_into_its_turns(nlp):
    """Each paragraph of a quoted transcript opens with a mark: the turns belong to their
    labels, a label-less quoted paragraph carries the turn on, a stage direction is nobody's."""
    text = (
        "Gov. Mike Pence spoke to Fox News Sunday. Partial transcript as follows:\n\n"
        "\"WALLACE: Why would he do that?\n\n"
        "\"PENCE: Well, look, this is not an episode of “Shark Tank.” It is serious.\n\n"
        "\"And I can’t wait to see the debate.\n\n"
        "\"(CROSSTALK.)\n\n"
        "\"WALLACE: Will she be there?\n\n"
        "\"PENCE: She will not be attending.\"\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert [(q.kind, q.mention) for q in quotes] == [
        ("transcript", "WALLACE"), ("transcript", "PENCE"), ("transcript", "WALLACE"),
        ("transcript", "PENCE")]
    assert quotes[1].text.endswith("It is serious.\n\n\"And I can’t wait to see the debate.")
    assert quotes[3].text == "She will not be attending."


def test_list_headings_with_colons_are_not_transcript_speakers(nlp):
    """'PRESIDENTIAL REQUEST: …', 'FICTION: …' head a list: no label reads as a person (no
    title, no first name, no surname the text names), so nobody speaks them; 'QUESTION' is an
    unnamed questioner like 'Q', and 'HATCH' is the 'Orrin G. Hatch' the text names."""
    text = (
        "Sen. Tim Johnson secured funds for the state.\n"
        "PRESIDENTIAL REQUEST: $5 million for the water project.\n"
        "GRANT AMOUNT: $2 million for the county.\n"
        "FICTION: The bill raises taxes.\n"
    )
    assert [q for q in extract_quotes(text, nlp) if q.kind == "transcript"] == []
    text = (
        "Sen. Orrin G. Hatch questioned the nominee.\n"
        "QUESTION: Will you recuse yourself?\n"
        "HATCH: Thank you, judge.\n"
    )
    got = [(q.mention, q.speaker) for q in extract_quotes(text, nlp)]
    assert got == [("QUESTION", None), ("HATCH", "Orrin G. Hatch")]


def test_a_quoted_title_with_a_colon_is_not_a_turn(nlp):
    text = (
        "\"OPERATION: Take a Soldier to the Movies\" collects donations of DVDs.\n\n"
        "\"OPERATION: Take a Soldier to the Movies\" delivers them to troops overseas.\n"
    )
    assert all(q.kind != "transcript" for q in extract_quotes(text, nlp))


def test_a_lead_in_subject_named_in_an_appositive_speaks_the_quote_after_it(nlp):
    """'His former partner at Lenox, Lawrence B. Cummings, called him a master. “…”': the name
    beside the subject of the speech verb, wherever the parser hangs it; a subject doing
    something other than speaking lends the quote no speaker."""
    text = (
        "The company grew fast.\n\n"
        "His former business partner at Lenox, Lawrence B. Cummings, called him a master at "
        "bolting together deals. \"He showed again and again an ability to put together deals.\"\n"
    )
    quote = extract_quotes(text, nlp)[0]
    assert (quote.mention, quote.speaker) == ("Lawrence B. Cummings", "Lawrence B. Cummings")
    text = (
        "His successor as Texas Attorney General, Greg Abbott, made opening arguments in the "
        "case.\n\n\"This decision made clear that the right is inherent.\"\n"
    )
    assert extract_quotes(text, nlp)[0].speaker is None


def test_papers_delegations_and_laws_are_not_people(nlp):
    """A newspaper, a delegation or a law quoted as the source of its words goes to the
    registry as an organisation-kind source under its whole name ('New York Times', not a
    person 'York Times'); 'Bill' alone is still a first name."""
    text = (
        "The New York Times reported that the deal was “dead on arrival.”\n\n"
        "“We will not back down,” the Wyoming Delegation wrote.\n\n"
        "The Farm Bill provides “permanent disaster relief for producers.”\n\n"
        "“It is fine,” said Bill.\n"
    )
    got = [(q.speaker, q.speaker_kind) for q in extract_quotes(text, nlp)]
    assert got == [("New York Times", "org"), ("Wyoming Delegation", "org"),
                   ("Farm Bill", "org"), ("Bill", "person")]


def test_a_hyphenated_pair_before_the_colon_is_not_a_dash_label(nlp):
    """'… after voting for the DeMint-McCain Amendment:' — the hyphen joins two names; it does
    not set 'McCain Amendment' off as the quote's source (a spaced dash would)."""
    text = (
        "Republican Leader Mitch McConnell made the following statement on Thursday after "
        "voting for the DeMint-McCain Amendment:\n\n"
        "\"Although we have taken steps in the past to reform the spending process, more is "
        "needed.\"\n"
    )
    assert extract_quotes(text, nlp)[0].speaker == "Mitch McConnell"


def test_a_release_pointing_at_the_statement_below_names_who_issued_it(nlp):
    """'Following is the statement of …:', 'Below are excerpts from Dole's letter …:': the
    owner of the statement speaks, not 'Following'; a topic heading ('On Iraq:'), a place
    ('… in San Antonio, Texas:') or what a noun comes from ('troops from Iraq:') before the
    colon is nobody."""
    cases = [
        ("Rite Aid operates 3,400 stores.\n\nFollowing is the statement of U.S. Senator "
         "Dianne Feinstein (D-Calif.) on Rite Aid's announcement:\n\n\"Today Rite Aid did the "
         "right thing.\"\n", "Dianne Feinstein"),
        ("Gas prices rose.\n\nFollowing is the statement of Senator Dianne Feinstein:\n\n"
         "\"I have no doubt that gouging occurred.\"\n", "Dianne Feinstein"),
        ("Senator Olympia Snowe held a hearing.\n\nFollowing is her statement, as prepared for "
         "delivery:\n\n\"I wish it were unnecessary.\"\n", "Olympia Snowe"),
        ("Sen. John Ensign toured the area on Monday.\n\nFollowing are his comments:\n\n"
         "\"I'm very happy to report that we have solved this problem.\"\n", "John Ensign"),
        ("Below are excerpts from Elizabeth Dole's letter to the Navy Secretary, Dr. Donald "
         "Winter:\n\n\"North Carolina is a strongly pro-military state.\"\n", "Elizabeth Dole"),
        ("Sen. John Cornyn toured the Center for the Intrepid in San Antonio, Texas:\n\n"
         "\"I welcome the commission to San Antonio.\"\n", "John Cornyn"),
        ("Sen. Kit Bond voted against a bill that mandates the withdrawal of troops from "
         "Iraq:\n\n\"I opposed this bill because it will harm our troops.\"\n", "Kit Bond"),
        ("Sen. Kit Bond spoke on several issues.\n\nOn Iraq:\n\n\"While security has improved, "
         "more is needed.\"\n", None),
    ]
    for text, speaker in cases:
        assert extract_quotes(text, nlp)[0].speaker == speaker, text


def test_organisation_names_stay_whole_and_laws_are_no_we(nlp):
    """'The Los Angeles Times' is not the 'New York Times' quoted before it; an organisation
    named earlier in the text does not take the sentence before it into its name; a treaty
    is an 'it', never the 'we' of the people speaking."""
    def speakers(text: str) -> list[tuple[str | None, str | None]]:
        return [(q.speaker, q.speaker_kind) for q in extract_quotes(text, nlp)]

    assert speakers(
        "“The deal is dead,” The New York Times reported.\n\n"
        "The Los Angeles Times reported that the plan was “dead on arrival.”\n"
    ) == [("New York Times", "org"), ("Los Angeles Times", "org")]
    assert speakers(
        "Volunteers met at the Club. The National Atomic Museum Foundation presented an award."
        "\n\nThe foundation said it was “proud of every volunteer.”\n"
    ) == [("National Atomic Museum Foundation", "org")]
    got = speakers(
        "“Emissions must be cut,” the Kyoto Treaty states.\n\n"
        "“We alone define what constitutes military activities,” we said.\n"
    )
    assert got[0] == ("Kyoto Treaty", "org") and got[1][0] != "Kyoto Treaty"


def test_title_phrases_and_places_are_not_names(nlp):
    """'Chief of Staff Schroeder' is Schroeder (no person 'Staff Schroeder'); a street named
    like a person ('Hamilton Parkway') is no antecedent for 'he'."""
    text = "“This law will help keep the children safe,” said Chief of Staff Schroeder.\n"
    assert extract_quotes(text, nlp)[0].speaker == "Schroeder"
    text = "Inspector in Charge Bartlett said, “Check deposit schemes are gaining popularity.”\n"
    assert extract_quotes(text, nlp)[0].speaker == "Bartlett"
    text = ("The victim lived on Hamilton Parkway.\n\n"
            "He approached her from behind and stated: “Give me all of your money.”\n")
    assert extract_quotes(text, nlp)[0].speaker is None


def test_groups_pronoun_statements_and_sentence_words_in_names(nlp):
    """'Supreme Court Justices' is a group (a plural name with no first name), 'Paul S.
    Sarbanes' still a person; 'Her statement follows:' is the woman named before; 'Both'
    opening a sentence is no first name ('Both Chambliss and Isakson said')."""
    def first(text: str) -> tuple[str | None, str | None]:
        quote = extract_quotes(text, nlp)[0]
        return quote.speaker, quote.speaker_kind

    assert first("“The ruling stands,” Supreme Court Justices wrote.\n") == (
        "Supreme Court Justices", "org")
    assert first("“It is fine,” Sen. Paul S. Sarbanes said.\n") == ("Paul S. Sarbanes", "person")
    assert first("Senator Olympia Snowe held a hearing.\n\nHer statement follows:\n\n"
                 "\"I wish it were unnecessary.\"\n") == ("Olympia Snowe", "person")
    assert first("Sen. Saxby Chambliss and Sen. Johnny Isakson met farmers.\n\nBoth Chambliss "
                 "and Isakson said the bill is “a disaster for farmers.”\n") == (
        "Saxby Chambliss", "person")


def test_countries_and_states_speak_as_organisations(nlp):
    """A country or state quoted as a source is its government, not a person; a place name
    that is also a first name ('Jordan') stays a person."""
    got = [(q.speaker, q.speaker_kind) for q in extract_quotes(
        "“We have no such program,” North Korea said.\n\n"
        "Texas and Arizona were chosen, citing “good weather.”\n\n"
        "“It is fine,” Jordan said.\n", nlp)]
    assert got == [("North Korea", "org"), ("Texas", "org"), ("Jordan", "person")]


def test_a_weekday_after_a_surname_and_papers_named_chronicle(nlp):
    """'Murkowski Thursday said' is Lisa Murkowski speaking on a Thursday; 'The Houston
    Chronicle' is a newspaper, not a person named Houston."""
    quote = extract_quotes("Sen. Lisa Murkowski spoke.\n\nMurkowski Thursday said the bill is "
                           "“long overdue.”\n", nlp)[0]
    assert quote.speaker == "Lisa Murkowski"
    quote = extract_quotes("The Houston Chronicle reported the plan was “dead on arrival.”\n",
                           nlp)[0]
    assert (quote.speaker, quote.speaker_kind) == ("Houston Chronicle", "org")


def test_organisation_speakers(nlp):
    text = (
        "The Kansas City Police Department opened an inquiry.\n\n"
        "“The investigation is ongoing,” the department said.\n\n"
        "“No officers were hurt,” police said.\n"
    )
    quotes = extract_quotes(text, nlp)
    assert [q.speaker_kind for q in quotes] == ["org", "org"]
    assert quotes[0].speaker == "Kansas City Police Department"
    assert quotes[0].mention == "the department"
    assert quotes[1].mention == "police"


def test_people_sharing_a_surname_stay_apart(nlp):
    text = (
        "“We need a plan for the economy,” Hillary Clinton said in Iowa.\n\n"
        "Her husband also spoke. “She has the best plan,” Bill Clinton said.\n\n"
        "“I am grateful for his support,” she said.\n"
    )
    quotes = extract_quotes(text, nlp)
    assert [q.speaker for q in quotes] == ["Hillary Clinton", "Bill Clinton", "Hillary Clinton"]


def test_unbalanced_marks_do_not_crash(nlp):
    text = (
        "He said “this never closes and the paragraph ends.\n\n"
        "A stray closing mark” appears here. “Fine,” Jones said.\n\n"
        'And a lone straight mark " too.'
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert any(q.text == "“Fine,”" and q.mention == "Jones" for q in quotes)


def test_article_without_quotes(nlp):
    text = "The city council met on Tuesday.\n\nIt approved the budget without debate.\n"
    assert extract_quotes(text, nlp) == []
    assert extract_quotes("", nlp) == []


def test_marks_apostrophes_and_backticks_are_not_quotes():
    text = "It`s the mayor’s plan, isn't it? ``Yes,'' she said. 'Maybe' later."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["``Yes,''"]


def test_marks_straight_quotes_pair_up():
    text = 'She called it "bold" and said "we will see."'
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ['"bold"', '"we will see."']
    assert all(s.closed for s in spans)


def test_next_sentence_cue_does_not_take_the_quote(nlp):
    text = (
        "Mayor Ann Ortiz said the new budget plan was “a total disaster for the city.” "
        "She says the council will vote on it again next week.\n"
    )
    q = _only(text, nlp)
    assert q.mention == "Mayor Ann Ortiz"
    assert q.speaker == "Ann Ortiz"


def test_relative_pronoun_is_the_mention_and_antecedent_the_speaker(nlp):
    text = (
        "The plan was opposed by council member Tom Reyes, who called it "
        "“a recipe for chaos in our neighborhoods.”\n"
    )
    q = _only(text, nlp)
    assert q.mention == "who"
    assert q.speaker == "Tom Reyes"


def test_name_before_a_colon_speaks_the_quote(nlp):
    text = (
        "STATES LEAN RIGHT - Jeffrey M. Jones: “Gallup finds that twenty states are solidly "
        "Republican this year, more than in any year before.”\n"
    )
    q = _only(text, nlp)
    assert q.mention is not None and "Jones" in q.mention
    assert q.speaker is not None and q.speaker.endswith("Jones")


def test_dash_signature_names_the_speaker(nlp):
    text = (
        "Readers wrote in about the debate.\n\n"
        "“We can build a better city together if we listen to each other.” ― Maria Lopez\n\n"
        "“Nobody on that stage spoke about housing at all.” ― Dev Patel.\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert [(q.mention, q.speaker) for q in quotes] == [
        ("Maria Lopez", "Maria Lopez"), ("Dev Patel", "Dev Patel")
    ]


def test_possessor_of_a_claim_owns_the_quote(nlp):
    text = (
        "Fact-checkers looked into Senator Ray Blunt’s claim that there have been "
        "“thousands of shootings” in the city this year.\n"
    )
    q = _only(text, nlp)
    assert q.mention is not None and "Blunt" in q.mention
    assert q.speaker == "Ray Blunt"


def test_cue_glued_to_the_quote_mark_and_age_description(nlp):
    glued = "Governor Lee Park said,“Look, these images have no place in a campaign.”\n"
    assert _only(glued, nlp).speaker == "Lee Park"
    aged = "“He will go to work for you every single day,” said the 46-year-old.\n"
    assert _only(aged, nlp).mention == "the 46-year-old"


def test_quote_ending_its_sentence_keeps_the_earlier_cue(nlp):
    text = (
        "Senator Maria Ruiz told supporters that the plan “will not survive the winter.” "
        "He called the remark unfair.\n"
    )
    q = _only(text, nlp)
    assert q.speaker == "Maria Ruiz"


def test_quote_paragraph_goes_to_the_subject_of_the_lead_in_paragraph(nlp):
    text = (
        "“We will finish the bridge on time,” Mayor Ann Ortiz said on Monday.\n\n"
        "Governor Tom Reyes praised the crews for their work through the winter storms.\n\n"
        "“These men and women kept the whole state moving when nobody else could.”\n"
    )
    quotes = extract_quotes(text, nlp)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Ann Ortiz", "Tom Reyes"]
    assert quotes[1].mention == "Governor Tom Reyes"


def test_according_to_names_the_outer_source(nlp):
    text = (
        "“We are not leaving this race,” Senator Ray Blunt said on Sunday, "
        "according to the Daily Ledger.\n"
    )
    q = _only(text, nlp)
    assert q.mention == "the Daily Ledger"
    assert q.cue == "according to"


def test_name_not_state_or_party_parenthesis_is_the_speaker(nlp):
    text = (
        "Tuesday at the convention center in Berea, OH, after winning the primary, "
        "Gov. John Kasich (R-OH), said, “We are going all the way to the convention.”\n"
    )
    q = _only(text, nlp)
    assert q.mention is not None and q.mention.endswith("John Kasich")
    assert q.speaker == "John Kasich"


def test_name_between_quote_and_trailing_cue_is_the_speaker(nlp):
    text = (
        "The new plans “will not solve this challenge, but are steps in the right direction,” "
        "Anne Richards, assistant secretary of state for migration, said on the call.\n"
    )
    q = _only(text, nlp)
    assert q.mention == "Anne Richards"
    assert q.speaker == "Anne Richards"


def test_last_sentence_start_skips_titles_and_initials():
    from indexer.quotes.leads import last_sentence_start

    para = "He spoke first. Then Sen. J. R. Smith of the U.S. Senate praised the crews."
    assert para[last_sentence_start(para, 0, len(para)):].startswith("Then Sen. J. R. Smith")


def test_a_name_opened_inside_a_sentence_and_never_closed_does_not_swallow_the_next_quote(nlp):
    """'the "Tom Lantos … Act of 2008 by the committee today.' lost its closing mark; the next
    paragraph's quote is Dodd's own, not the end of a two-paragraph quotation."""
    text = ("Dodd welcomed passage of the \"Tom Lantos and Henry J. Hyde Global Leadership Act of "
            "2008 by the committee today.\n\n"
            "\"The scourge of HIV/AIDS knows no boundaries,\" said Dodd.\n")
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans if s.closed] == [
        "\"The scourge of HIV/AIDS knows no boundaries,\""]
    quotes = extract_quotes(text, nlp)
    assert [q.speaker for q in quotes if q.text.startswith("\"The scourge")] == ["Dodd"]


def test_quotes_in_another_language_are_kept_without_a_speaker(nlp):
    """A release in Spanish keeps its quotes, but the English rules would read its words as
    names ('el Fiscal Penal del Condado de Dallas' became a speaker called 'Dallas'), so none
    is attributed; the same release in English is."""
    spanish = ("La Oficina del Fiscal de Distrito anunció hoy una nueva unidad para combatir la "
               "trata de personas en el condado, con fiscales y investigadores dedicados.\n\n"
               "“La trata de personas es uno de los crímenes más atroces de nuestra sociedad”, "
               "dijo el Fiscal Penal del Condado de Dallas, John Creuzot. “Esta nueva unidad "
               "fortalece nuestra capacidad para enjuiciar a los traficantes y proteger a las "
               "víctimas de este crimen en todo el condado.”\n")
    quotes = extract_quotes(spanish, nlp)
    assert quotes and all(q.speaker is None and q.mention is None for q in quotes)
    english = ("The District Attorney's Office announced a new unit today to fight human "
               "trafficking in the county, with dedicated prosecutors and investigators.\n\n"
               "\"Human trafficking is one of the worst crimes in our society,\" said Dallas "
               "County Criminal District Attorney John Creuzot.\n")
    assert [q.speaker for q in extract_quotes(english, nlp)] == ["John Creuzot"]
    listed = "".join(f"{name}, {age}, Santa Ana\n" for name, age in [
        ("Jose Garcia", 34), ("Ana Lopez", 29), ("Luis Perez", 41), ("Maria Diaz", 38),
        ("Juan Torres", 25), ("Rosa Flores", 52), ("Carlos Ruiz", 33), ("Elena Cruz", 47),
        ("Pedro Ramos", 30), ("Lucia Vargas", 36), ("Diego Castro", 44), ("Sofia Rojas", 27)])
    page = ("Twelve Charged in Retail Theft Ring\n\nDefendants:\n" + listed + "\n\"These "
            "thieves cost working families thousands of dollars,\" said District Attorney Todd "
            "Spitzer.\n")  # a list of names and ages is no other language
    assert [q.speaker for q in extract_quotes(page, nlp)] == ["Todd Spitzer"]
