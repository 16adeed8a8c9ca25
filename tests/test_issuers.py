"""Issuers and issued statements: who issued a document (importer metadata, text cues), the
statement's body as ``statement`` spans with other people's quotes kept, and the ``issuer`` and
``kind`` filters in the CLI, the API and the pages; a store from before them upgraded in place."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from indexer.importers.grimmer import parse_release
from indexer.importers.prosecutor import Catalogue, Office, parse_page
from indexer.ingest import ingest_documents, issuer_hint, with_issuer
from indexer.keyword_index import KeywordIndex
from indexer.normalise import normalise
from indexer.quotes import extract_quotes
from indexer.quotes.statements import Issuer, article_issuer, find_statements, name_in
from indexer.records import Article, SourceDoc
from indexer.renormalise import renormalise_store
from indexer.store import SCHEMA_VERSION, Store
from webapp.app import create_app

FEINGOLD = (
    "SEN. FEINGOLD OPPOSES TERMINATION OF IRAQ RECONSTRUCTION WATCHDOG\n"
    "  Sen. Russ Feingold made the following statement today following the President's signing "
    "of the Defense Authorization Act.\n"
    "   \"I am troubled that the final version of the Act includes a set termination date for "
    "the inspector general. As we continue to spend billions of taxpayer dollars, the office "
    "provides critical oversight.\"\n"
    "   Feingold was instrumental in creating the watchdog office of the Special Inspector.\n"
    "   Contact: Zach Lowe, 202-224-5323\n"
)

WYDEN = (
    "Statement of Senator Ron Wyden on the Intelligence Authorization Bill\n\n"
    "Mr. President, I rise today because this bill matters to every family in my state. "
    "I have worked for years to bring the intelligence agencies under real oversight.\n\n"
    "We owe the public an honest accounting of what is done in its name.\n\n"
    "###\n\n"
    "For more information call the press office.\n"
)

# A statement quoting someone else: the governor's words keep the governor.
SNOWE = (
    "U.S. Senator Olympia J. Snowe (R-Maine) today issued the following statement on the "
    "base closing decision:\n\n"
    "This decision ignores the military value of the base. I have fought this for two years "
    "and I will keep fighting it.\n\n"
    "As Governor John Baldacci put it, \"this is a blow to every family in Brunswick,\" and "
    "I agree with him.\n\n"
    "Contact: Antonia Ferrier (202) 224-5344\n"
)

OPED_BODY = (
    "By Senator Russ Feingold\n\n"
    "When I came to the Senate I promised that I would read every bill before I voted on it. "
    "I have kept that promise, and my staff know I mean it.\n\n"
    "I believe the public deserves the same care from all of us. My view has not changed.\n"
)

NEWS = (
    "Senator Maria Cantwell said in a statement that the ruling was disappointing.\n\n"
    "\"We will keep working on this,\" Cantwell said. The court ruled on Tuesday.\n"
)


def spans_of(text: str, issuer: Issuer | None = None) -> list[tuple[str, str]]:
    """(speaker, text) of every statement span."""
    return [(q.speaker, q.text) for q in extract_quotes(text, issuer=issuer)
            if q.kind == "statement"]


# --- who issued it --------------------------------------------------------------------------


def test_the_senate_importer_names_the_senator_in_full_when_the_release_does():
    doc = parse_release("Feingold/10Apr2008Feingold10.txt", FEINGOLD.encode())
    assert doc.issuer == "Russ Feingold" and doc.issuer_kind == "person"
    bare = parse_release("Feingold/10Apr2008Feingold11.txt",
                         b"TITLE LINE\n  Senator Feingold met farmers today in Wausau.\n")
    assert bare.issuer == "Senator Feingold" and bare.source == "Senator Feingold"


def test_a_senate_release_broken_after_a_title_is_read_whole():
    body = (b"SEN. DOE WELCOMES VOTE\n  After today's vote by the BRAC Commission, Sen.  \n"
            b" Jane Doe (D-OR) released the following statement:\n  \"We kept the base open.\"\n")
    article = normalise(parse_release("Doe/10Apr2008Doe10.txt", body))
    assert article is not None
    assert article.paragraphs[0] == ("After today's vote by the BRAC Commission, Sen. Jane Doe "
                                     "(D-OR) released the following statement:")


def test_a_comment_or_remarks_issued_is_a_statement_and_the_cue_names_no_other_speaker():
    """'made the following comment' introduces the issuer's words as 'statement' does; a name
    later in that cue line (the committee that approved a nomination) is not their speaker."""
    text = ("Sen. Jane Doe made the following comment after the Senate Select Committee on "
            "Intelligence approved the nomination of Rep. John Roe to be Director today:\n\n"
            "\"The President made the right call when he chose John Roe.\n\n"
            "\"I have worked closely with him, and he will make a fine Director.\"\n\n"
            "Sen. Doe also gave the following remarks on the floor:\n\n"
            "Mr. President, the intelligence community needs steady leadership.\n")
    quotes = extract_quotes(text, issuer=Issuer("Jane Doe", "person"))
    assert {q.speaker for q in quotes} == {"Jane Doe"}
    assert [q.kind for q in quotes] == ["statement"] * 3
    assert quotes[-1].text.startswith("Mr. President, the intelligence community")


def test_a_delegation_statement_gives_each_named_member_their_part():
    """'The Delegation issued the following comments' over parts headed by each member's name
    line: each part is that member's, and the name lines are no one's words."""
    text = ("The Oregon Congressional Delegation issued the following comments after the vote.\n\n"
            "U.S. Senator Jane Doe, D-Ore.\n\n"
            "\"The base stays open, and that is a win for every family in the valley.\"\n\n"
            "U.S. Representative John Roe, R-Ore.\n\n"
            "\"We made our case, and the commission listened to it.\"\n")
    quotes = extract_quotes(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("statement", "Jane Doe"),
                                                    ("statement", "John Roe")]
    assert quotes[0].text.startswith('"The base stays open')
    issuer = article_issuer(None, text)
    assert issuer is not None and issuer[0].name == "Oregon Congressional Delegation"


def test_a_hearing_exchange_inside_a_statement_keeps_each_speaker():
    """A senator's statement quoting a hearing: 'MUKASEY: Correct.' is the witness's line, not
    the senator's words, however short the label."""
    text = ("Sen. Jane Doe made the following statement on the floor today:\n\n"
            "I asked the Attorney General about this at a hearing, and here is our exchange:\n\n"
            "DOE: Is reverse targeting lawful under the bill?\n\n"
            "MUKASEY: Correct.\n\n"
            "DOE: And are you aware of any instance of it in the last five years?\n\n"
            "MUKASEY: I am not aware of any such instances.\n\n"
            "We should pass this bill without the amendment.\n")
    quotes = extract_quotes(text, issuer=Issuer("Jane Doe", "person"))
    said = {(q.speaker, q.text.strip()) for q in quotes}
    assert ("Mukasey", "Correct.") in said
    assert not any("MUKASEY" in q.text for q in quotes if q.speaker == "Jane Doe")


def test_a_statement_cue_after_a_sentence_ending_in_a_short_word_starts_there():
    """'… an amendment to the Immigration Reform Bill. Sen. Feingold made the following
    statement': 'Bill.' ends a sentence (it is no abbreviation), so the role is 'Sen.'."""
    text = ("The measure passed as an amendment to the Immigration Reform Bill. Sen. Jane Doe "
            "made the following statement on its passage today:\n\n"
            "\"I am pleased the Senate agreed to help these families.\"\n")
    quotes = extract_quotes(text, issuer=Issuer("Jane Doe", "person"))
    assert [(q.speaker, q.speaker_role) for q in quotes] == [("Jane Doe", "Sen.")]


def test_a_dateline_written_onto_the_cue_is_no_part_of_the_role():
    text = ("WASHINGTON-U.S. Sen. Jane Doe made the following statement Friday:\n\n"
            "\"This bill is good for Oregon.\"\n\n"
            "AFL-CIO President John Roe made the following statement today:\n\n"
            "\"This bill is good for workers.\"\n")
    quotes = extract_quotes(text, issuer=Issuer("Jane Doe", "person"))
    assert [(q.speaker, q.speaker_role) for q in quotes] == [
        ("Jane Doe", "U.S. Sen."), ("John Roe", "AFL-CIO President")]


@pytest.mark.parametrize(("heading", "name", "role"), [
    ("Gov. M. Jodi Rell", "Jodi Rell", "Gov."),
    ("House Speaker J. Dennis Hastert", "Dennis Hastert", "House Speaker"),
])
def test_an_initial_before_a_first_name_is_no_part_of_the_role(heading, name, role):
    got = name_in(heading)
    assert got is not None and (got[0].name, got[0].role) == (name, role)


def test_the_prosecutor_importer_names_its_office():
    catalogue = Catalogue(offices={"orange_ca": Office("orange_ca", "Orange", "CA",
                                                       "Orange County District Attorney")})
    page = ("Sentencing | Orange County District Attorney\n"
            + "SANTA ANA, Calif. - A man was sentenced today to 20 years in state prison for "
              "a robbery in which two clerks were hurt, and the judge called it a cruel crime "
              "that had shaken the whole neighbourhood for months.\n")
    doc = parse_page("text/orange_ca/sentencing.txt", page.encode(), catalogue)
    assert doc.issuer == "Orange County District Attorney" and doc.issuer_kind == "org"


@pytest.mark.parametrize("title, text, name", [
    ("Feingold on the watchdog", FEINGOLD, "Russ Feingold"),  # X made the following statement
    ("Wyden statement", WYDEN, "Ron Wyden"),  # Statement of Senator X
    ("Op-Ed by Senator Russ Feingold: reading the bills", "I read every bill. I always have.",
     "Russ Feingold"),  # Op-ed by X
    ("Reading the bills", OPED_BODY, "Russ Feingold"),  # a first-person text with its author
    ("Statement of Harris County District Attorney Kim Ogg on the execution of Arthur Brown",
     "Tonight the State of Texas carried out the sentence.", "Kim Ogg"),  # the cue as title
    ("Orange County District Attorney Todd Spitzer issued the following statement about his "
     "friend", "I have known him for twenty years.", "Todd Spitzer"),  # a cue sentence as title
    ("Statement from DA John Creuzot Following the Passing of Judge Ann Bell",
     "Judge Bell served this county for thirty years.", "John Creuzot"),  # a topic after 'Following'
    ("Darfur", "Statement of Senator Russ Feingold From the Floor of the U.S. Senate On the "
     "Situation in Darfur\n\nMr. President, I rise to speak about Darfur.", "Russ Feingold"),
    # a title before a first name no name list holds ('Saxby', 'Norm', 'Zell')
    ("Immigration deal", "Sen. Saxby Chambliss, R-Ga., made the following statement regarding "
     "the immigration deal:\n\n\"This deal is not the answer.\"", "Saxby Chambliss"),
    ("Cloture", "STATEMENT BY SEN. NORM COLEMAN: SENATE CLOTURE VOTE\n\nMr. President, I rise "
     "to oppose cloture.", "Norm Coleman"),
    # the owner before the word 'statement' or 'remarks', pointed at or as a heading
    ("Ruling", "Sen. Norm Coleman statement on partial birth abortion ban ruling:\n\n\"Today's "
     "decision is a historic victory.\"", "Norm Coleman"),
    ("Daschle", "Below is a transcript of Sen. Tim Johnson's remarks:\n\nMr. President, I rise "
     "to pay tribute to Tom Daschle.", "Tim Johnson"),
    ("Ceasefire", "Senator Ken Salazar's Statement on the Ceasefire:\n\n\"I welcome the "
     "ceasefire.\"", "Ken Salazar"),
    # the kind of statement between the owner and the word ('Jeffords' Floor' was the issuer)
    ("Nomination", "Sen. Jon Kyl's Opening Statement:\n\nI would like to thank the chairman.",
     "Jon Kyl"),
    ("Myers", "Sen. James Jeffords' Floor Statement on the Nomination of William Myers III\n\n"
     "Mr. President, I rise today to oppose the nomination.", "James Jeffords"),
])
def test_the_issuer_is_read_from_each_text_form(title, text, name):
    issuer, cue = article_issuer(title, text)
    assert issuer.name == name and issuer.kind == "person" and cue


@pytest.mark.parametrize("heading, meta, name", [
    ("SENATOR JON S. CORZINE INTRODUCING MICHAEL CHERTOFF", None, "Jon S. Corzine"),
    ("Senator Sheldon Whitehouse Supporting Our Veterans March", None, "Sheldon Whitehouse"),
    ("Senator James M. Jeffords S", None, "James M. Jeffords"),  # '… Jeffords S. 306, the …'
    ("SEN. BARBARA A. MIKULSKI GUARANTEED FUNDING", "Barbara A. Mikulski", "Barbara A. Mikulski"),
    ("Senator John D. Rockefeller IV Honoring", "John D. Rockefeller IV", "John D. Rockefeller IV"),
    ("On Thursday, U.S. Senator Maria Cantwell", None, "Maria Cantwell"),
    ("Senator Jim Bunning", None, "Jim Bunning"), ("George W. Bush", None, "George W. Bush"),
])
def test_a_heading_name_stops_where_its_topic_starts(heading, meta, name):
    """A heading in capitals runs its topic on after the name: the name ends at the metadata
    issuer's surname (a suffix kept), before a verb in -ing, without a bill's lone 'S.'; a
    sentence opening 'On Thursday' names no one called 'On'."""
    issuer = Issuer(meta, "person") if meta else None
    assert name_in(heading, issuer)[0].name == name
    assert name_in("On Wednesday") is None


def test_a_heading_in_capitals_keeps_an_initialism_in_the_role():
    assert name_in("U.S. SENATOR BYRON DORGAN")[0].role == "U.S. Senator"  # not 'U.s. Senator'


def test_metadata_wins_and_narration_or_a_byline_is_no_issuer():
    issuer, cue = article_issuer("t", FEINGOLD, Issuer("Senator Feingold"))
    assert (issuer.name, cue) == ("Russ Feingold", "metadata")
    assert article_issuer("Ruling", NEWS) is None  # 'said in a statement' is reporting
    byline = "By Jane Reporter\n\nThe council met on Tuesday. Members voted 5-2 on the budget.\n"
    assert article_issuer("Council", byline) is None  # a reporter's byline, third person


# --- statement spans --------------------------------------------------------------------------


def test_a_statement_body_is_attributed_to_its_issuer_after_the_cue():
    quotes = [q for q in extract_quotes(FEINGOLD) if q.kind == "statement"]
    assert [q.speaker for q in quotes] == ["Russ Feingold"]
    (q,) = quotes
    assert q.text.startswith('"I am troubled') and q.start > FEINGOLD.index("following statement")
    assert q.cue.startswith("Sen. Russ Feingold made the following statement")
    assert q.mention == "Sen. Russ Feingold" and FEINGOLD[q.mention_start:q.mention_end] == q.mention
    # narration about him and the contact line are not his statement
    assert not any("instrumental" in t or "Contact" in t for _, t in spans_of(FEINGOLD))


def test_a_statement_stops_at_the_end_mark_and_skips_boilerplate():
    spans = spans_of(WYDEN)
    assert [s for s, _ in spans] == ["Ron Wyden", "Ron Wyden"]
    assert spans[0][1].startswith("Mr. President") and "press office" not in " ".join(
        t for _, t in spans)


def test_a_quote_whose_only_mention_is_quoted_words_is_the_statements():
    text = ("Sen. Jane Roe made the following statement after the release of a Senate committee "
            "report, \"A Nation Still Unprepared,\" recommended that the agency be replaced "
            "with an independent authority:\n\n\"I think this clearly confirms what folks in "
            "Louisiana have known for months - that the agency is beyond repair.\"\n")
    said = [(q.kind, q.speaker) for q in extract_quotes(text) if "beyond repair" in q.text]
    assert said == [("statement", "Jane Roe")]


def test_a_heading_inside_a_statement_is_no_part_of_it():
    text = ("Sen. Harry Reid made the following statement today on Social Security.\n\n"
            "BUSH'S BENEFIT CUTS AND DEBT ARE A BAD PLAN FOR AMERICA\n\n"
            "The President's plan would cut benefits for middle-class workers by a third.\n\n"
            "BY SENATOR HARRY REID\n\n"
            "We will not let this plan pass the Senate.")
    spans = spans_of(text)
    assert [t for _, t in spans] == [
        "The President's plan would cut benefits for middle-class workers by a third.",
        "We will not let this plan pass the Senate."]
    assert {who for who, _ in spans} == {"Harry Reid"}


def test_a_heading_naming_its_owner_is_no_speaker_of_its_own():
    """'Sen. Norm Coleman statement on the ruling:' over a quotation: the quotation is Norm
    Coleman's statement, not a direct quote of a speaker named 'Sen. Norm Coleman statement';
    a headline about someone's remarks ('Reid blasts Sen. Mitch McConnell remarks on Iraq:')
    names no owner."""
    text = ("Sen. Norm Coleman statement on partial birth abortion ban ruling:\n\n\"Today's "
            "decision by the Supreme Court is a historic victory.\"\n")
    assert [(q.kind, q.speaker) for q in extract_quotes(text)] == [("statement", "Norm Coleman")]
    headline = "Reid blasts Sen. Mitch McConnell remarks on Iraq:\n\n\"We must act now.\"\n"
    assert spans_of(headline) == []


def test_a_statement_in_quotation_marks_ends_where_they_close():
    """'X released the following statement: "…"' and then the release's own material (the
    bill's provisions, its supporters): the statement is the quotation, however many
    paragraphs it runs over, with or without each one reopening it, and headings between its
    paragraphs are skipped, not an end."""
    paragraphs = [
        "Sen. Dana Marlow released the following statement after the inspector's report:",
        '"The report is further evidence that the agency needs new limits.',
        "Congress granted this power, and Congress must now rein it in.",
        "Restoring Oversight",
        '"The Senate should pass the reform act this year."',
        "Marlow introduced the reform act with eleven cosponsors in March.",
        "Among the main provisions of the reform act are:",
        "* Requiring a tracking database for every letter issued.",
        "* Placing a time limit on each gag order."]
    text = "\n\n".join(paragraphs) + "\n"
    spans = spans_of(text)
    assert [t for _, t in spans] == [paragraphs[1], paragraphs[2], paragraphs[4]]
    assert {who for who, _ in spans} == {"Dana Marlow"}
    bullets = [q for q in extract_quotes(text) if "tracking database" in q.text]
    assert all(q.speaker != "Dana Marlow" for q in bullets)


def test_a_quoted_statement_goes_on_where_its_owner_speaks_unquoted():
    """After the quotation closes, paragraphs in the owner's own first person ('I am pleased …'
    under 'THE ECONOMY') are still the statement; a title quoted in full, not a quotation,
    leaves the body as it is."""
    text = ("Sen. Dana Marlow made the following statement on the President's address:\n\n"
            '"Overall, this was an important moment for the President."\n\n'
            "THE ECONOMY\n\n"
            "I am pleased the President asked Congress to make the tax cuts permanent.\n")
    assert [t[:9] for _, t in spans_of(text)] == ['"Overall,', "I am plea"]
    fact_sheet = ("Sen. Dana Marlow released the following statement:\n\n\"The strategy has "
                  "failed.\"\n\nFighting Terrorism\n\nAs Iraq becomes a breeding ground for "
                  "terrorism, it is time to refocus our nation's efforts.\n")
    assert [t[:9] for _, t in spans_of(fact_sheet)] == ['"The stra']  # 'our nation' is no one
    titled = ('Sen. Dana Marlow issued the following statement:\n\n"Port Ellis Shipyard" Act '
              "passes the Senate today.\n\nThe yard will stay open for ten more years.\n")
    assert len(spans_of(titled)) == 2


def test_other_peoples_quotes_inside_a_statement_keep_their_speaker():
    quotes = extract_quotes(SNOWE)
    statement = [q for q in quotes if q.kind == "statement"]
    assert {q.speaker for q in statement} == {"Olympia J. Snowe"}
    assert len(statement) == 2 and not any("Antonia" in q.text for q in statement)
    inner = [q for q in quotes if q.kind != "statement" and "blow to every family" in q.text]
    assert inner and inner[0].speaker == "John Baldacci"


FACT_SHEET = (
    "Senate Democratic Leader Harry Reid released the following statement today on the war. A "
    "fact sheet on the administration's statements follows.\n\n"
    "\"The administration has not told the American people the truth about this war.\"\n\n"
    "Secretary of Defense Donald Rumsfeld: \"Think of the faces in Afghanistan when the people "
    "were liberated. That's what would happen in Iraq.\" [Media Roundtable, 9/13/02]\n\n"
    "BREMER: Well, it's not fair in two respects. It wasn't me, and we didn't disband it.\n"
)


def test_a_labelled_quote_in_a_fact_sheet_is_its_speakers_not_the_statements():
    """Under a statement, a paragraph printed as another person's words ('Secretary of Defense
    Donald Rumsfeld: "…"') is theirs alone, not also the issuer's; the issuer's own paragraph
    stays theirs, and a colon closing the statement's cue line names no speaker."""
    quotes = extract_quotes(FACT_SHEET)
    faces = [(q.kind, q.speaker) for q in quotes if "Think of the faces" in q.text]
    assert faces == [("direct", "Donald Rumsfeld")]
    assert [q.speaker for q in quotes if "truth about this war" in q.text] == ["Harry Reid"]
    kerry = ("Sen. Rick Santorum today issued the following statement in response to comments "
             "made by Sen. John Kerry (D-MA):\n\n"
             "\"Senator Kerry owes an apology to every man and woman serving in Iraq.\"\n")
    assert ("Rick Santorum", '"Senator Kerry owes an apology to every man and woman serving in '
            'Iraq."') in spans_of(kerry)


def test_a_whole_document_issued_as_a_statement_by_metadata():
    text = "We will not stop until the job is done.\n\nOur workers deserve better.\n"
    spans = spans_of(text, Issuer("Russ Feingold", whole=True))
    assert [s for s, _ in spans] == ["Russ Feingold", "Russ Feingold"]
    assert spans_of(text, Issuer("Russ Feingold")) == []  # an issuer alone states nothing


def test_a_statement_title_makes_the_text_its_owners_over_the_office_that_issued_it():
    article = Article(id="a", origin="o", title="Statement of District Attorney Kim Ogg on "
                      "the execution", text="Justice was done tonight.\n\nWe think of the family.",
                      paragraphs=[], issuer="Harris County District Attorney", issuer_kind="org")
    hint = issuer_hint(article)
    assert (hint.name, hint.whole) == ("Kim Ogg", True)
    assert [s for s, _ in spans_of(article.text, hint)] == ["Kim Ogg", "Kim Ogg"]
    assert issuer_hint(replace(article, title="Sentencing")).name == article.issuer


def test_a_role_without_a_name_is_the_person_the_title_names():
    text = ("The following is a statement by Orange County District Attorney regarding the "
            "charges:\n\n“It is the sworn duty of this office to prosecute.”\n")
    assert [s for s, _ in spans_of(text, Issuer("Tony Rackauckas", whole=True))] == [
        "Tony Rackauckas"]


JOINT = (
    "RIVERTON – Lake County Sheriff Dana Whitcombe and Riverton Fire Chief Omar Bellamy issued "
    "the following statements on the flood response.\n"
    "“Our deputies worked through the night to reach every stranded family,” said Lake County "
    "Sheriff Dana Whitcombe. “We are grateful for the patience of our residents.”\n"
    "“The crews showed what this department is made of,” said Riverton Fire Chief Omar Bellamy. "
    "“Every call was answered.”\n"
    "We will keep the shelters open through the weekend.\n"
    "Tagged with:\n"
    "Flood\n"
    "Latest Posts\n"
    "County Opens New Library Branch in the North End of Town\n"
)

BY_ROLE = (
    "STATEMENT BY THE POLICE COMMISSIONER ON THE BUDGET VOTE\n"
    "Harlow Police Commissioner welcomes the budget vote\n"
    "Tonight the council passed a budget that keeps every precinct open.\n"
    "The Harlow Police Commissioner thanks every officer who came to the hearings.\n"
    "We will publish the final figures next week.\n"
)


def test_a_joint_statement_gives_each_part_to_the_one_who_said_it():
    spans = spans_of(JOINT)
    by = {}
    for speaker, text in spans:
        by.setdefault(speaker, []).append(text)
    assert set(by) == {"Dana Whitcombe", "Omar Bellamy"}
    assert any("deputies" in t for t in by["Dana Whitcombe"])
    assert any("crews" in t for t in by["Omar Bellamy"])
    assert not any("deputies" in t for t in by["Omar Bellamy"])
    # the page's tail (tags, other posts) is no one's statement
    assert not any("Library" in t or t == "Flood" for _, t in spans)


def test_a_joint_statement_title_makes_the_text_each_co_owners():
    article = Article(id="a", origin="o", title="JOINT STATEMENT OF COOK COUNTY STATE'S ATTORNEY "
                      "EILEEN O'NEILL BURKE AND CHICAGO POLICE SUPERINTENDENT LARRY SNELLING",
                      text="We applaud today's ruling on ghost guns.\n\nLives will be saved.",
                      paragraphs=[])
    hint = issuer_hint(article)
    assert (hint.name, hint.role, hint.whole) == ("Eileen O'Neill Burke",
                                                  "Cook County State's Attorney", True)
    spans = spans_of(article.text, hint)
    assert sorted(s for s, _ in spans) == ["Eileen O'Neill Burke", "Eileen O'Neill Burke",
                                           "Larry Snelling", "Larry Snelling"]
    assert {t for s, t in spans if s == "Larry Snelling"} == {
        "We applaud today's ruling on ghost guns.", "Lives will be saved."}


def test_a_statement_by_a_role_is_the_office_the_text_names_with_it():
    spans = spans_of(BY_ROLE)
    assert spans and {s for s, _ in spans} == {"Harlow Police Commissioner"}
    assert any("keeps every precinct open" in t for _, t in spans)


def test_reporting_is_never_a_statement():
    assert spans_of(NEWS) == []
    assert find_statements(NEWS) == []


def test_quotes_command_emits_statements_with_the_same_fields(cli, tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(FEINGOLD, encoding="utf-8")
    rows = cli("quotes", str(path), "--json").json_lines()
    kinds = {r["kind"] for r in rows}
    assert "statement" in kinds
    fields = {frozenset(r) for r in rows}
    assert len(fields) == 1  # statements have the fields of every other quote
    statement = next(r for r in rows if r["kind"] == "statement")
    assert statement["speaker"] == "Russ Feingold" and statement["cue"]
    assert FEINGOLD[statement["start"]:statement["end"]] == statement["text"]


# --- stored: filters in CLI, API and pages ---------------------------------------------------

DOCS = [
    SourceDoc(origin="grimmer/Feingold/1.txt", body=FEINGOLD.split("\n", 1)[1],
              title="SEN. FEINGOLD OPPOSES TERMINATION", published="2006-10-17",
              source="Senator Feingold", issuer="Senator Feingold", issuer_kind="person"),
    SourceDoc(origin="grimmer/Snowe/1.txt", body=SNOWE, title="SNOWE ON BASE CLOSING",
              published="2005-08-24", source="Senator Snowe", issuer="Senator Snowe",
              issuer_kind="person"),
    SourceDoc(origin="news/1.txt", body=NEWS, title="Court ruling", published="2007-01-02",
              source="Daily News"),
    SourceDoc(origin="oc/1.txt", body="SANTA ANA - A man was sentenced today for a robbery. "
              "\"Justice was served,\" said Deputy District Attorney Ann Lee.", title="Sentenced",
              published="2020-05-05", source="Orange County District Attorney",
              issuer="Orange County District Attorney", issuer_kind="org"),
]


@pytest.fixture(scope="module")
def issued_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("issued") / "data"
    assert ingest_documents(DOCS, data).added == len(DOCS)
    return data


def test_stored_articles_carry_their_issuer_with_a_registry_id(issued_data):
    store = Store.open(issued_data, readonly=True)
    try:
        rows = {r["title"]: r for r in map(dict, store.conn.execute(
            "SELECT a.title, a.issuer, a.issuer_kind, a.issuer_cue, s.name FROM articles a"
            " LEFT JOIN speakers s ON s.id = a.issuer_id"))}
    finally:
        store.close()
    assert rows["SEN. FEINGOLD OPPOSES TERMINATION"]["issuer"] == "Russ Feingold"
    assert rows["SEN. FEINGOLD OPPOSES TERMINATION"]["name"] == "Russ Feingold"
    assert rows["SEN. FEINGOLD OPPOSES TERMINATION"]["issuer_cue"] == "metadata"
    assert rows["Sentenced"]["issuer_kind"] == "org"
    assert rows["Court ruling"]["issuer"] is None


def test_cli_filters_by_issuer_and_kind(cli, issued_data):
    def titles(*args):
        body = cli("search", *args, "--mode", "keyword", "--json", data_dir=issued_data).json()
        return sorted(h["title"] for h in body["hits"]), body

    found, body = titles("statement OR decision OR sentenced OR ruling", "--issuer", "Feingold")
    assert found == ["SEN. FEINGOLD OPPOSES TERMINATION"]
    hit = body["hits"][0]
    assert hit["issuer"]["name"] == "Russ Feingold" and hit["issuer"]["kind"] == "person"
    assert "statement" in hit["kinds"]
    assert titles("troubled OR decision OR ruling", "--kind", "statement")[0] == [
        "SEN. FEINGOLD OPPOSES TERMINATION", "SNOWE ON BASE CLOSING"]
    assert titles('issuer:"district attorney" OR issuer:snowe')[0] == [
        "SNOWE ON BASE CLOSING", "Sentenced"]
    assert titles("kind:statement AND blow")[0] == ["SNOWE ON BASE CLOSING"]
    quotes = cli("quotes", "--kind", "statement", "--issuer", "Snowe", "--json",
                 data_dir=issued_data).json()
    assert quotes["total"] == 2 and {q["speaker"] for q in quotes["quotes"]} == {"Olympia J. Snowe"}
    other = cli("quotes", "--issuer", "Snowe", "--json", data_dir=issued_data).json()
    assert any(q["speaker"] == "John Baldacci" and q["kind"] != "statement"
               for q in other["quotes"])
    with pytest.raises(SystemExit) as refused:  # argparse: one usage line, status 2
        cli("search", "x", "--kind", "rumour", data_dir=issued_data)
    assert refused.value.code == 2


def test_api_and_pages_filter_and_label_issuers(issued_data):
    client = create_app({"DATA_DIR": str(issued_data)}).test_client()
    body = client.get("/api/v1/search", query_string={
        "q": "decision OR troubled", "mode": "keyword", "issuer": "Snowe", "facets": "true"}
    ).get_json()
    assert [h["title"] for h in body["hits"]] == ["SNOWE ON BASE CLOSING"]
    assert {f["name"] for f in body["facets"]["issuers"]} >= {"Olympia J. Snowe"}
    assert {f["value"] for f in body["facets"]["kinds"]} >= {"statement"}
    quotes = client.get("/api/v1/quotes", query_string={"kind": "statement",
                                                        "issuer": "Feingold"}).get_json()
    assert quotes["total"] == 1 and quotes["quotes"][0]["speaker"] == "Russ Feingold"
    assert client.get("/api/v1/search", query_string={"q": "x", "kind": "rumour"}
                      ).status_code == 400
    html = client.get("/", query_string={"q": "decision OR troubled", "mode": "keyword",
                                         "kind": "statement"}).get_data(as_text=True)
    assert "issued by" in html and "Issued by" in html and "Speakers quoted" in html
    assert 'class="kind"' in html and ">statement<" in html
    aid = body["hits"][0]["article_id"]
    article = client.get(f"/articles/{aid}").get_data(as_text=True)
    assert "Issued by" in article and "Olympia J. Snowe" in article
    assert "statement of Olympia J. Snowe" in article and "John Baldacci" in article
    assert client.get(f"/api/v1/articles/{aid}").get_json()["issuer"]["name"] == \
        "Olympia J. Snowe"


# --- a store from before issuers -------------------------------------------------------------


def downgrade_to_v2(data) -> None:
    """Make a store look as schema version 2 wrote it: no issuer columns."""
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.execute("DROP INDEX articles_issuer")
    for column in ("issuer", "issuer_kind", "issuer_id", "issuer_cue"):
        conn.execute(f"ALTER TABLE articles DROP COLUMN {column}")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def test_a_store_from_before_issuers_is_read_as_it_is_and_upgraded_in_place(cli, tmp_path):
    data = tmp_path / "data"
    assert ingest_documents(DOCS[2:3], data, semantic=False).added == 1
    downgrade_to_v2(data)
    old = cli("search", "ruling", "--mode", "keyword", "--json", data_dir=data).json()
    assert old["total"] == 1 and old["hits"][0]["issuer"] is None  # read-only: as it is
    assert cli("search", "ruling", "--mode", "keyword", "--issuer", "x", "--json",
               data_dir=data).json()["total"] == 0
    assert ingest_documents(DOCS[:1], data, semantic=False).added == 1  # a write upgrades it
    store = Store.open(data, readonly=True)
    try:
        assert store.schema_version == SCHEMA_VERSION == 4
        rows = dict(store.conn.execute("SELECT title, issuer FROM articles").fetchall())
    finally:
        store.close()
    assert rows == {"Court ruling": None, "SEN. FEINGOLD OPPOSES TERMINATION": "Russ Feingold"}
    found = cli("search", "troubled OR ruling", "--mode", "keyword", "--issuer", "Russ Feingold",
                "--json", data_dir=data).json()
    assert [h["title"] for h in found["hits"]] == ["SEN. FEINGOLD OPPOSES TERMINATION"]


def test_reading_articles_again_keeps_their_metadata_issuer(tmp_path):
    data = tmp_path / "data"
    assert ingest_documents(DOCS[:1], data, semantic=False).added == 1
    conn = sqlite3.connect(data / "store.sqlite3")
    conn.execute("UPDATE articles SET text = text || ' (stale)'")  # an older reading
    conn.commit()
    conn.close()
    store, keyword = Store.open(data), KeywordIndex.open(data)
    try:
        assert renormalise_store(store, keyword, quotes=True).changed == 1
        row = store.conn.execute("SELECT issuer, issuer_kind, issuer_cue FROM articles").fetchone()
        kinds = {r[0] for r in store.conn.execute("SELECT kind FROM quotes")}
    finally:
        keyword.close()
        store.close()
    assert tuple(row) == ("Russ Feingold", "person", "metadata") and "statement" in kinds


def test_reextract_reads_every_articles_quotes_again_with_its_metadata_issuer(cli):
    """An upgrade that reads quotes better reaches a store already built: ``reindex
    --reextract`` extracts the quotes of articles that read the same as before (``--renormalise``
    leaves those alone), with the issuer the metadata gave ('the statement' is theirs), and a
    quote found again keeps its id."""
    body = ("Sen. Dana Marlow (D-ME) spoke on the floor today about the shipyard report.\n\n"
            '"We will not stop," said Ann Lee, a shipyard welder.\n\n'
            "The text of the statement is below.\n\n"
            '"The report confirms what the workers have told us for a year.\n\n'
            '"I will ask the Navy to delay any decision until the committee has read it."\n')
    doc = SourceDoc(origin="grimmer/Marlow/1.txt", body=body, title="MARLOW ON THE SHIPYARD",
                    published="2006-05-01", source="Senator Marlow", issuer="Senator Marlow",
                    issuer_kind="person")
    assert ingest_documents([doc], cli.data, semantic=False).added == 1
    db = cli.data / "store.sqlite3"

    def quotes():
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT id, kind, speaker_name, text FROM quotes ORDER BY start")
        out = [tuple(r) for r in rows]
        conn.close()
        return out

    before = quotes()
    assert [(k, who) for _, k, who, _ in before] == [("direct", "Ann Lee")] + [
        ("statement", "Dana Marlow")] * 2
    conn = sqlite3.connect(db)  # an older extractor's reading: the statement not found
    conn.execute("DELETE FROM quotes WHERE kind = 'statement'")
    conn.commit()
    conn.close()
    assert cli("reindex", "--renormalise", "--no-vectors").status == 0
    assert [k for _, k, _, _ in quotes()] == ["direct"]  # it reads the same: left as it was
    again = cli("reindex", "--reextract", "--no-vectors")
    assert again.status == 0 and "(1 with their quotes extracted again)" in again.out
    after = quotes()
    assert [(k, who, t) for _, k, who, t in after] == [(k, who, t) for _, k, who, t in before]
    assert after[0][0] == before[0][0]  # the welder's quote, found again, keeps its id
    clash = cli("reindex", "--reextract", "--no-quotes", "--no-vectors")
    assert clash.status == 2 and "--reextract" in clash.err and "Traceback" not in clash.err


def test_an_unattributed_quote_inside_a_statement_is_the_issuers_once():
    """A statement printed in quotation marks under its heading: the words the extractor also
    finds as a quote with no cue of its own are the issuer's, held once, by the statement with
    its cue as evidence (not a second, direct copy counted and shown beside it)."""
    text = ("Statement of U.S. Senator Dana Marlow\n\nOn the Closing of the Port Ellis Shipyard\n\n"
            '"I am deeply disappointed by today\'s decision to close the shipyard. Hundreds of '
            'families depend on it, and I will work with the Navy to keep it open."\n')
    quotes = [q for q in extract_quotes(text) if "deeply disappointed" in q.text]
    assert [(q.kind, q.speaker) for q in quotes] == [("statement", "Dana Marlow")]
    assert quotes[0].cue == "Statement of U.S. Senator Dana Marlow"


def test_a_statement_quoted_over_several_paragraphs_is_held_once():
    """'X issued the following statement:' over a quotation running through three paragraphs:
    each paragraph is one statement quote of X's; the quotation the cue also reads as X's
    ("issued") is the same words and is not kept beside them."""
    paragraphs = [
        "Sen. Dana Marlow issued the following statement on the shipyard report:",
        '"The report confirms what the workers have told us for a year. The yard is viable.',
        '"I will ask the Navy to delay any decision until the committee has read it.',
        '"We owe the families of Port Ellis nothing less." As the yard\'s foreman put it, '
        '"we built the ships that won the war," Marlow said.']
    text = "\n\n".join(paragraphs) + "\n"
    quotes = extract_quotes(text, issuer=Issuer("Dana Marlow", "person", "Sen."))
    marlow = [q for q in quotes if q.speaker == "Dana Marlow"]
    assert [q.kind for q in marlow] == ["statement"] * 3
    spans = sorted((q.start, q.end) for q in quotes if q.speaker is not None)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # none twice


@pytest.mark.parametrize("cue,owner", [
    ("The text of Marlow's statement is below.", "Dana Marlow"),
    ("The full text of Senator Marlow's opening statement is below:", "Dana Marlow"),
    ("[The text of Sen. Dana Marlow's (D-ME) floor statement as prepared for delivery follows "
     "below]", "Dana Marlow"),
    ("The full text of her remarks is below:", "Dana Marlow"),
    ("Senator Marlow's statement on the Navy's testimony is below.", "Dana Marlow"),
    ("Below is the text of Marlow's statement:", "Dana Marlow"),
    ("Following is Senator Marlow's hearing statement, as prepared:", "Dana Marlow"),
    ("Here is the text of Senator Marlow's speech:", "Dana Marlow"),
    ("Below are her remarks as prepared for delivery.", "Dana Marlow"),
    ("Below is Senator Marlow's statement as prepared for delivery. For audio of her entire "
     "speech, visit http://example.senate.gov/marlow.mp3.", "Dana Marlow"),
    ("Below is the text of U.S. Senator Dana Marlow's prepared remarks for her address to a "
     "joint session of the Maine Legislature.", "Dana Marlow"),
    ("Below is Marlow's full statement.", "Dana Marlow"),
])
def test_a_line_pointing_at_the_statement_below_opens_it(cue, owner):
    """'The text of X's statement is below.': the paragraphs after it are X's statement (a
    pronoun is the person named before), a heading 'TEXT OF STATEMENT' between them is no part
    of it, and a name in the statement's topic ('on the Navy's testimony') is not its owner."""
    text = ("Sen. Dana Marlow (D-ME) said the report on the Port Ellis shipyard shows the yard "
            f"is viable.\n\n{cue}\n\nTEXT OF STATEMENT\n\n"
            '"The report confirms what the workers have told us for a year.\n\n'
            '"I will ask the Navy to delay any decision until the committee has read it."\n')
    quotes = extract_quotes(text)
    assert [(q.kind, q.speaker) for q in quotes if "report confirms" in q.text or "Navy to"
            in q.text] == [("statement", owner)] * 2
    assert not any("TEXT OF" in q.text for q in quotes)


def test_a_line_pointing_below_at_a_letter_or_at_news_opens_no_statement():
    """'Below is the text of Marlow's letter' prints a letter (often signed by several), a
    sentence that merely starts 'Below' points at nothing the owner says, and a line naming
    another's reply, two owners or more text after the statement gives it to no one."""
    for cue in ("Below is the text of Marlow's letter to the Secretary:",
                "Below the fold, Marlow's statement was quoted by the paper.",
                "Below is Gonzales's reply to Sen. Marlow's statement:",
                "Following are Marlow's and Conrad's statements:",
                "Below are Marlow's remarks, followed by the Attorney General's testimony:",
                "Here is Marlow's statement and a copy of the letter Secretary Rice sent her.",
                "Below is Marlow's letter requesting comments from the Navy."):
        text = ("Sen. Dana Marlow (D-ME) wrote to the Navy about the Port Ellis shipyard.\n\n"
                f"{cue}\n\nThe yard employs 900 people and has been open since 1942.\n")
        assert not [q for q in extract_quotes(text) if q.kind == "statement"], cue


def test_a_heading_between_quoted_paragraphs_names_no_speaker():
    """'9/11 Families Got the Job Done' over a statement's next quoted paragraphs is a heading:
    'Families' is not their speaker, and the statement's owner keeps them, held once."""
    text = ("Sen. Dana Marlow (D-ME) spoke at today's hearing.\n\n"
            "Following is Senator Marlow's opening statement at today's hearing:\n\n"
            '"There is much important work to do on intelligence reform.\n\n'
            "9/11 Families Got the Job Done\n\n"
            '"America owes the 9/11 families gratitude and appreciation.\n\n'
            'Administration and Congress Need to Get the Job Done\n\n'
            '"Now it is time for the Administration and Congress to work just as hard."\n')
    quotes = [q for q in extract_quotes(text) if "owes" in q.text or "Now it is" in q.text]
    assert [(q.kind, q.speaker) for q in quotes] == [("statement", "Dana Marlow")] * 2


def test_a_statement_in_quotation_marks_is_held_once_in_an_indented_file(cli, tmp_path):
    """A release file as written, its paragraphs indented and blank lines holding spaces:
    `onrecord quotes FILE` holds the quoted statement once, as the statement's paragraphs."""
    path = tmp_path / "release.txt"
    path.write_text("SEN. MARLOW URGES STATE TO ACT\n  Sen. Dana Marlow (D-ME) urged state "
                    "officials to act.\n   Below is the text of Marlow's statement: \n"
                    '   "The state must set goals for the shipyard. \n'
                    '   "We will never solve this if we wait."\n \n')
    rows = cli("quotes", str(path), "--json").json_lines()
    assert [(r["kind"], r["speaker"]) for r in rows] == [("statement", "Dana Marlow")] * 2


def test_a_statement_heading_may_open_with_text_of():
    text = ("Sen. Dana Marlow released a statement on the shipyard.\n\n"
            "TEXT OF STATEMENT BY SENATOR DANA MARLOW\n\n"
            '"The report confirms what the workers have told us for a year."\n')
    (q,) = [q for q in extract_quotes(text) if "report confirms" in q.text]
    assert (q.kind, q.speaker, q.cue) == ("statement", "Dana Marlow",
                                          "TEXT OF STATEMENT BY SENATOR DANA MARLOW")


def test_a_full_name_is_never_run_into_the_next_mention():
    """'Senator Ken Salazar. Senator Salazar …': the issuer is Ken Salazar, not a name made of
    both mentions (a second, empty registry entry for the senator)."""
    from indexer.quotes.statements import Issuer, resolve_issuer

    text = "WASHINGTON - U.S. Senator Ken Salazar. Senator Salazar said today that the bill passed."
    assert resolve_issuer(Issuer("Senator Salazar"), text).name == "Ken Salazar"
    assert resolve_issuer(Issuer("Senator Warner"), "Senator John W. Warner said").name == \
        "John W. Warner"


@pytest.mark.parametrize(("issuer", "text", "name"), [
    # a first name the name list lacks, under a title
    ("Senator Coleman", "WASHINGTON - Sen. Norm Coleman today said the bill passed.",
     "Norm Coleman"),
    # a leadership title instead of 'Senator'
    ("Senator Reid", "Democratic Leader Harry Reid released the following statement.",
     "Harry Reid"),
    ("Senator McConnell", "Senate Republican Leader-Elect Mitch McConnell said.",
     "Mitch McConnell"),
    ("Senator Hatch", "The Honorable Orrin G. Hatch, United States Senate.", "Orrin G. Hatch"),
    # the folder's spelling, the text's capitals
    ("Senator Dewine", "U.S. Senator Mike DeWine (R-OH) said today.", "Mike DeWine"),
    # a namesake holding another office is someone else
    ("Senator Salazar", "Senator Salazar thanked Representatives John Salazar and Mark Udall.",
     "Salazar"),
    ("Senator McConnell", "Senator McConnell met Director Michael McConnell on Monday.",
     "McConnell"),
    ("Senator Coleman", "Senator Coleman thanked Dr. Fred Coleman and Sgt. Amy Coleman.",
     "Coleman"),
    # the issuer's own title first, wherever the other name stands
    ("Senator Warner", "Gov. Mark R. Warner and Sen. John Warner announced the grant.",
     "John Warner"),
    # no title before the words: an event, a relative
    ("Senator Lugar", "The Annual Dick Lugar Award went to Under Lugar's staff.", "Lugar"),
])
def test_a_metadata_senator_is_named_by_the_full_name_the_release_writes(issuer, text, name):
    from indexer.quotes.statements import Issuer, resolve_issuer

    assert resolve_issuer(Issuer(issuer), text).name == name


def test_a_pronoun_issuing_a_statement_is_not_the_person_a_quotation_names():
    """'… saying, "the nomination of Judge X should receive a vote by the full Senate." He
    delivered the following statement': the sentence ends at the closing single quote, so the
    subject is "He", and he is the one who spoke before it, not the judge the quotation names."""
    text = ("Senate Republican Leader Mitch McConnell introduced a resolution Wednesday saying, "
            "'the nomination of Judge Leslie Southwick should receive a vote by the full Senate.' "
            "He delivered the following statement (as prepared for delivery):\n\n"
            '"All nominees deserve to be treated with dignity. A selfless public servant '
            'deserves a vote."\n')
    quotes = extract_quotes(text)
    assert [(q.kind, q.speaker, q.mention) for q in quotes] == [
        ("statement", "Mitch McConnell", "He")]


def test_an_office_named_with_commas_is_no_co_owner():
    """'Chairman of the Senate Committee on Banking, Housing, and Urban Affairs' is Dodd's office;
    its last words are no second person issuing the statement ('Urban' is a first name too)."""
    text = ("Senator Chris Dodd (D-CT), Chairman of the Senate Committee on Banking, Housing, and "
            "Urban Affairs, today issued the following statement on the Federal Reserve:\n\n"
            "\"This is a welcome step, but it is not enough to restore confidence.\"\n")
    assert {speaker for speaker, _ in spans_of(text)} == {"Chris Dodd"}
    joint = ("Senator Chris Dodd, Chairman of the Banking Committee, and Senator Joe Lieberman "
             "today issued the following statement:\n\n\"We will act on this together.\"\n")
    assert {speaker for speaker, _ in spans_of(joint)} == {"Chris Dodd", "Joe Lieberman"}


SAVED_PAGE = """{headline} - Orange County District Attorney
Scroll to top
Follow Us
–
Skip to content
Search for
Press
2 min read
{repeat}
Author
Ann Writer
Published
June 3, 2016
Home
Press
{repeat}
FOR IMMEDIATE RELEASE
June 3, 2016
SANTA ANA – A Tustin man was sentenced today to 12 years in state prison for a string of
burglaries at storage units across the county.
“He stole from families who trusted those units with everything they own,” said Deputy
District Attorney Lena Ortiz of the Burglary Unit.
###
"""


def test_a_saved_pages_site_name_is_its_issuer_in_a_plain_folder(cli, tmp_path):
    """`onrecord ingest FOLDER` of saved release pages takes the site their title line names
    ("Headline - Orange County District Attorney") as source and issuer, as an HTML page's
    og:site_name is; a title line in capitals stays apart from the headline repeated under
    it, and a site section ("DA NewsCenter") is a source but no issuer."""
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "burglar.txt").write_text(SAVED_PAGE.format(
        headline="MEDIA ADVISORY - STORAGE UNIT BURGLAR SENTENCED",
        repeat="MEDIA ADVISORY – STORAGE UNIT BURGLAR SENTENCED"), encoding="utf-8")
    (folder / "news.txt").write_text(SAVED_PAGE.format(
        headline="Storage Unit Burglar Sentenced", repeat="Storage Unit Burglar Sentenced")
        .replace("- Orange County District Attorney", "- DA NewsCenter")
        .replace("Tustin", "Irvine"), encoding="utf-8")
    assert cli("ingest", str(folder), "--no-vectors").status == 0
    store = Store.open(cli.data)
    try:
        rows = {r[0]: r[1:] for r in store.conn.execute(
            "SELECT origin, title, source, issuer, issuer_kind, issuer_cue FROM articles")}
    finally:
        store.close()
    burglar = rows[str(folder / "burglar.txt")]
    assert burglar == ("MEDIA ADVISORY - STORAGE UNIT BURGLAR SENTENCED",
                       "Orange County District Attorney", "Orange County District Attorney",
                       "org", "site name")
    assert rows[str(folder / "news.txt")][1:4] == ("DA NewsCenter", None, None)
    found = cli("search", "burglaries", "--mode", "keyword", "--issuer",
                "Orange County District Attorney", "--json").json()
    assert [h["title"] for h in found["hits"]] == [burglar[0]]
    # a store read by a normaliser that found no site: re-reading it gives the issuer, though
    # the text reads the same
    conn = sqlite3.connect(cli.data / "store.sqlite3")
    conn.execute("UPDATE articles SET source = NULL, issuer = NULL, issuer_kind = NULL,"
                 " issuer_cue = NULL, issuer_id = NULL")
    conn.commit()
    conn.close()
    assert "2 changed" in cli("reindex", "--renormalise").out
    again = cli("search", "burglaries", "--mode", "keyword", "--issuer",
                "Orange County District Attorney", "--json").json()
    assert [h["title"] for h in again["hits"]] == [burglar[0]]


@pytest.mark.parametrize("verb", ["Issues", "Issues Joint", "Releases Following", "Makes a"])
def test_a_heading_naming_its_owner_leaves_the_verb_before_statement_out(verb):
    title = f"Orange County District Attorney Todd Spitzer {verb} Statement on Treatment Beds"
    text = f"{title}\n\nTwelve defendants will be released unless treatment beds are found."
    issuer, _ = article_issuer(title, text)
    assert issuer.name == "Todd Spitzer" and issuer.kind == "person"


def test_a_news_sites_name_owns_no_statement_and_a_breadcrumb_home_is_no_issuer():
    """A site name is who published the page, not who speaks in it: a news site's name
    ('Reuters') is no owner of a "we issued the following statement" it reports, and a
    breadcrumb trail's 'Home' is no issuer at all."""
    page = ("Port Deal Collapses After Audit - Reuters\nScroll to top\nSkip to content\n"
            "Port Deal Collapses After Audit\n"
            "RIVERTON, May 2 - The harbour board walked away from the port deal on Friday after "
            "an audit found missing funds, and the board's chair said talks were over.\n"
            "We issued the following statement:\n"
            "The board will not sign any agreement until every dollar is accounted for.\n")
    doc = SourceDoc(origin="port.txt", body=page, layout="text")
    article = with_issuer(normalise(doc), doc)
    assert (article.source, article.issuer, article.issuer_cue) == \
        ("Reuters", "Reuters", "site name")
    assert issuer_hint(article) is None
    assert not [q for q in extract_quotes(article.text, issuer=issuer_hint(article))
                if q.speaker == "Reuters"]
    crumbs = ("Home > Newsroom > Press Releases\nToday, District Attorney Dana Marlow announced "
              "that a Riverton man was sentenced to ten years in prison for a string of "
              "burglaries at storage units.\n")
    home = normalise(SourceDoc(origin="home.txt", body=crumbs, layout="text"))
    assert home.source == "Home" and home.issuer is None


def test_the_senators_statement_pointed_at_below_is_the_metadata_issuers():
    """'Here is the Senator's statement from today's hearing:' names no one: the statement is
    the release's issuer's, as 'The Senator's statement is below.' is."""
    text = ("Sen. Dana Marlow questioned the Navy today.\n\n"
            "Here is the Senator's statement from today's hearing:\n\n"
            "The report confirms what the workers have told us for a year.\n")
    quotes = extract_quotes(text, issuer=Issuer("Dana Marlow", "person", "Sen."))
    assert [(q.kind, q.speaker) for q in quotes if "report confirms" in q.text] == \
        [("statement", "Dana Marlow")]


def test_a_headline_with_a_verb_of_speech_still_names_the_speaker_below_it():
    """'Marlow Says Shipyard Will Stay Open' over an uncued quote names Marlow, as before; a
    heading with no verb of speech ('Shipyard Workers Got the Job Done') names no one."""
    said = ("SHIPYARD NEWS\n\nMarlow Says Shipyard Will Stay Open\n\n"
            '"The yard is viable and the Navy knows it."\n')
    assert [q.speaker for q in extract_quotes(said)] == ["Marlow"]
    heading = said.replace("Marlow Says Shipyard Will Stay Open",
                           "Shipyard Workers Got the Job Done")
    assert [q.speaker for q in extract_quotes(heading)] == [None]


def test_a_statement_s_place_line_and_second_pointer_are_not_its_words():
    """'Text of the statement follows:' and '9/11/07 Washington, D.C.' between the cue and the
    statement are furniture: the statement's quotes are its paragraphs only."""
    from indexer.quotes import extract_quotes

    text = ("U.S. Senator Ann Dale (D-ND) issued the following statement Tuesday night, after "
            "the Senate voted to approve her amendment.\n\n"
            "Text of the statement follows:\n\n"
            "STATEMENT BY U.S. SENATOR ANN DALE (D-ND)\n\n"
            "9/11/07 Washington, D.C.\n\n"
            "\"Tonight's vote is a victory for safety on our highways.\n\n"
            "\"I thank every Senator who voted tonight to stand up for the safety of drivers.\"")
    quotes = extract_quotes(text)
    assert quotes and all(q.speaker == "Ann Dale" for q in quotes)
    said = " ".join(q.text for q in quotes)
    assert "victory for safety" in said and "I thank every Senator" in said
    assert "Washington, D.C." not in said and "Text of the statement" not in said


def test_a_heading_naming_its_owner_with_party_and_state_is_no_speaker():
    """'STATEMENT OF SENATOR PAUL SARBANES (D-MD)' over a hearing's title in quotation marks:
    the heading is no speaker of the title (its parenthesis hid that it is a heading)."""
    text = ('STATEMENT OF SENATOR PAUL SARBANES (D-MD)\n\n"THE FUTURE OF THE NATIONAL FLOOD '
            'INSURANCE PROGRAM"\n\nI want to thank Chairman Shelby for holding this hearing.\n')
    speakers = {q.speaker for q in extract_quotes(text)}
    assert speakers == {"Paul Sarbanes"}


def test_the_narrations_i_is_the_issuer_and_you_is_nobody_named():
    """In a release by Jane Doe, 'I … called it "…"' is hers, not the person named last, and
    'you have termed it "…"' is the addressee's, whom the text does not name."""
    text = ("Secretary John Smith met the governor on Monday.\n\n"
            "I have long called the program a \"lifeline for farmers\" and will fight for it.\n\n"
            "You have termed it a \"golden plane,\" but it employs 6,500 people.\n")
    speakers = [(q.speaker, q.text) for q in extract_quotes(text, issuer=Issuer("Jane Doe"))
                if q.kind != "statement"]
    assert speakers == [("Jane Doe", '"lifeline for farmers"'), (None, '"golden plane,"')]
    bare = [q.speaker for q in extract_quotes(text) if q.kind != "statement"]
    assert "John Smith" not in bare


def test_the_narrations_i_inside_another_persons_statement_is_theirs():
    """A release by Max Baucus printing the governor's statement: its 'I' is the governor's,
    held in his statement, not a quote of Baucus."""
    text = ("Governor Brian Schweitzer issued the following statement:\n\nI have long called the "
            "program a \"lifeline for farmers\" and will fight for it.\n")
    quotes = extract_quotes(text, issuer=Issuer("Max Baucus"))
    assert {q.speaker for q in quotes} == {"Brian Schweitzer"}

