"""Plain-text line structure: wrapped prose reflowed, real line structure kept, on made-up texts."""

from __future__ import annotations

import json

from indexer.linestructure import breaks_after_honorific, classify, paragraphs
from indexer.loaders.options import LoadOptions
from indexer.loaders.tabular import load_csv, load_jsonl
from indexer.normalise import normalise, split_paragraphs
from indexer.records import SourceDoc

WRAPPED = """\
The county commission voted on Tuesday to delay a decision on the
proposed landfill expansion until an independent review of the site's
groundwater monitoring is finished, the chair of the commission said.
  Residents who live near the site told the commission that the smell
had grown worse over the summer and that trucks arrived before dawn.
  The review is expected to take about three months, and the company
that runs the landfill said it would pay for the well-
known consultants the county picked.
"""


def test_wrapped_prose_is_reflowed_into_its_paragraphs():
    assert classify(WRAPPED).kind == "wrapped"
    paras = paragraphs(WRAPPED)
    assert len(paras) == 3
    assert paras[0].startswith("The county commission voted on Tuesday to delay a decision on the "
                               "proposed landfill expansion")
    assert paras[0].endswith("the chair of the commission said.")
    assert paras[1].startswith("Residents who live near the site")
    assert "\n" not in "".join(paras)
    assert "the well-known consultants" in paras[2], "a line-end hyphen keeps the word whole"


def test_wrapped_lowercase_text_breaks_where_the_next_word_would_have_fitted():
    text = ("an experimental study of a wing in a propeller slipstream was made\n"
            "in order to determine the spanwise distribution of the lift .\n"
            "the comparative span loading curves, together with supporting\n"
            "evidence, showed that a substantial part of the lift increment\n"
            "was due to a boundary-layer-control effect .\n")
    assert paragraphs(text) == [
        "an experimental study of a wing in a propeller slipstream was made in order to "
        "determine the spanwise distribution of the lift .",
        "the comparative span loading curves, together with supporting evidence, showed that a "
        "substantial part of the lift increment was due to a boundary-layer-control effect .",
    ]


def test_blank_line_paragraphs_stay_and_their_wrapped_lines_join():
    text = ("A short first paragraph on one line.\n\n"
            "A second paragraph that the sender wrapped at a fixed width so that\n"
            "it continues here and ends on this line.\n\n\n"
            "Third.\n")
    assert paragraphs(text) == [
        "A short first paragraph on one line.",
        "A second paragraph that the sender wrapped at a fixed width so that it continues here "
        "and ends on this line.",
        "Third.",
    ]


ONE_PER_LINE = """\
SEN. DOE ANNOUNCES FUNDING FOR RURAL CLINICS IN THE NORTH
  Sen. Jane Doe (D-Ore.) today announced $2 million in federal grants for four rural clinics, which will use the money to hire nurses and extend their opening hours.
   "Families in small towns should not have to drive two hours to see a nurse," Doe said.
   The grants come from the Health Resources and Services Administration.
   Contact: Sam Lee, 202/555-0100.
\x20
"""


def test_one_paragraph_per_line_keeps_each_line_without_its_indentation():
    assert classify(ONE_PER_LINE).kind == "lines"
    paras = paragraphs(ONE_PER_LINE)
    assert paras == [
        "SEN. DOE ANNOUNCES FUNDING FOR RURAL CLINICS IN THE NORTH",
        "Sen. Jane Doe (D-Ore.) today announced $2 million in federal grants for four rural "
        "clinics, which will use the money to hire nurses and extend their opening hours.",
        '"Families in small towns should not have to drive two hours to see a nurse," Doe said.',
        "The grants come from the Health Resources and Services Administration.",
        "Contact: Sam Lee, 202/555-0100.",
    ]


def test_a_line_broken_between_a_title_and_its_name_is_one_paragraph():
    """Scraped releases break lines after 'Sen.' as if a sentence ended there; the name on the
    next line is still that sentence's, while 'Dept.' or 'Jr.' may end a line."""
    text = ("SEN. DOE ON FIREFIGHTER GRANTS\n"
            "  Six fire departments will receive $623,000 in federal grants, Sens.  \n"
            " Jane Doe and John Roe announced Thursday. The money goes to training.\n"
            "  The award was announced by the Police Dept.\n"
            "  The next round opens in May.\n")
    assert paragraphs(text)[1:] == [
        "Six fire departments will receive $623,000 in federal grants, Sens. Jane Doe and John "
        "Roe announced Thursday. The money goes to training.",
        "The award was announced by the Police Dept.", "The next round opens in May."]
    assert breaks_after_honorific("… Commission, Sen.", "Mike DeWine (R-OH) released")
    assert not breaks_after_honorific("… Commission, Sen.", "and others")
    assert not breaks_after_honorific("named for Martin Luther King Jr.", "The day")


def test_one_paragraph_per_line_release_gets_its_headline_as_title():
    article = normalise(SourceDoc(origin="release.txt", body=ONE_PER_LINE))
    assert article is not None
    assert article.title == "SEN. DOE ANNOUNCES FUNDING FOR RURAL CLINICS IN THE NORTH"
    assert len(article.paragraphs) == 3, "the contact line is not a body paragraph"
    assert article.paragraphs[0].startswith("Sen. Jane Doe (D-Ore.) today announced")
    assert "Contact" not in article.text


def test_a_capitals_headline_ending_in_a_question_mark_is_the_whole_title():
    body = ("SEN. ROE: SHOULD COURTS SEAL SETTLEMENTS?\n"
            "  Sen. Ann Roe said on Monday that courts seal too many settlements.\n"
            "  She will hold a hearing next week.\n")
    article = normalise(SourceDoc(origin="q.txt", body=body))
    assert article is not None
    assert article.title == "SEN. ROE: SHOULD COURTS SEAL SETTLEMENTS?"


def test_a_lead_sentence_title_is_not_cut_at_an_abbreviation():
    body = ("Sen. Ann Roe said on Monday that courts seal too many settlements in cases that "
            "involve public safety. She will hold a hearing next week on a bill to limit it.\n")
    article = normalise(SourceDoc(origin="lead.txt", body=body))
    assert article is not None
    assert article.title.startswith("Sen. Ann Roe said on Monday")


def test_lists_inside_wrapped_prose_keep_one_item_a_line():
    text = ("The council approved three measures at its meeting on Monday night,\n"
            "after a debate that ran for more than four hours and drew a large crowd:\n"
            "- a freeze on parking fees\n"
            "- longer library hours\n"
            "- a new crossing on Main Street\n"
            "1. Bids open in May.\n"
            "2. Work starts in June.\n")
    assert paragraphs(text) == [
        "The council approved three measures at its meeting on Monday night, after a debate that "
        "ran for more than four hours and drew a large crowd:",
        "- a freeze on parking fees",
        "- longer library hours",
        "- a new crossing on Main Street",
        "1. Bids open in May.",
        "2. Work starts in June.",
    ]


def test_an_address_and_contact_block_keeps_its_lines():
    text = ("Office of the County Prosecutor\n"
            "415 East Twelfth Street\n"
            "Kansas City, MO 64106\n"
            "(816) 555-0142\n"
            "press@example.org\n")
    assert paragraphs(text) == text.strip().split("\n")


def test_an_address_after_wrapped_prose_keeps_its_lines():
    text = ("The office will publish the full report on its website next week, and\n"
            "copies can be requested in writing from the address below until the end\n"
            "of the month.\n"
            "Office of the County Prosecutor\n"
            "415 East Twelfth Street\n"
            "Kansas City, MO 64106\n"
            "press@example.org\n")
    paras = paragraphs(text)
    assert paras[0].endswith("until the end of the month.")
    assert paras[1:] == ["Office of the County Prosecutor", "415 East Twelfth Street",
                         "Kansas City, MO 64106", "press@example.org"]


def test_a_transcript_keeps_one_turn_a_line():
    text = ("SGT. ROWE: We were called to the house at about ten.\n"
            "Q: Was anyone inside?\n"
            "SGT. ROWE: Two people, both unhurt.\n"
            "Q: Will there be charges?\n")
    assert paragraphs(text) == text.strip().split("\n")


def test_a_wrapped_transcript_joins_each_turn_and_keeps_turns_apart():
    text = ("SGT. ROWE: We were called to the house at about ten o'clock, and the\n"
            "officers who arrived first found the door open and nobody in the hall.\n"
            "Q: Was anyone inside when the officers went in through the back door?\n"
            "SGT. ROWE: Two people were upstairs, and both of them were unhurt when\n"
            "we found them.\n")
    assert paragraphs(text) == [
        "SGT. ROWE: We were called to the house at about ten o'clock, and the officers who "
        "arrived first found the door open and nobody in the hall.",
        "Q: Was anyone inside when the officers went in through the back door?",
        "SGT. ROWE: Two people were upstairs, and both of them were unhurt when we found them.",
    ]


def test_short_header_lines_stay_apart_from_wrapped_body():
    text = ("COUNTY NEWS\n"
            "For Immediate Release\n"
            "The county opened a second cooling centre on Friday as temperatures\n"
            "rose above forty degrees for the third day in a row this week.\n")
    assert paragraphs(text) == [
        "COUNTY NEWS",
        "For Immediate Release",
        "The county opened a second cooling centre on Friday as temperatures rose above forty "
        "degrees for the third day in a row this week.",
    ]


def test_jsonl_text_field_is_reflowed():
    record = {"title": "Landfill review", "text": WRAPPED, "id": "a1"}
    data = (json.dumps(record) + "\n").encode()
    (doc,) = list(load_jsonl(data, "feed.jsonl", LoadOptions()))
    article = normalise(doc)
    assert article is not None
    assert len(article.paragraphs) == 3
    assert article.paragraphs[1].startswith("Residents who live near the site told the commission "
                                            "that the smell had grown worse")


def test_csv_text_field_is_reflowed_and_keeps_a_list():
    body = ("The board named three finalists for the job of schools superintendent\n"
            "after interviews that lasted most of the week, the chair said on Friday:\n"
            "- Ana Ruiz\n- Tom Becker\n- Lee Park\n")
    data = ('title,text\n"Finalists named","' + body.replace('"', '""') + '"\n').encode()
    (doc,) = list(load_csv(data, "rows.csv", LoadOptions()))
    article = normalise(doc)
    assert article is not None
    assert article.paragraphs == [
        "The board named three finalists for the job of schools superintendent after interviews "
        "that lasted most of the week, the chair said on Friday:",
        "- Ana Ruiz", "- Tom Becker", "- Lee Park",
    ]


def test_csv_html_field_keeps_the_html_layout():
    html = "<p>First para.</p><p>Second para.</p>"
    data = ('title,text\n"T","' + html + '"\n').encode()
    (doc,) = list(load_csv(data, "rows.csv", LoadOptions()))
    assert doc.layout == "blocks"


def test_extracted_html_blocks_are_read_as_before():
    body = ("The first line of a block, broken by a br tag\nand its second line.\n\n"
            "- the first item of a list.\n- the second item of that list.\n\nLast paragraph.")
    article = normalise(SourceDoc(origin="p.html", body=body, title="T", layout="blocks"))
    assert article is not None
    assert article.paragraphs == [
        "The first line of a block, broken by a br tag and its second line.",
        "- the first item of a list. - the second item of that list.", "Last paragraph."]


def test_normalised_plain_text_keeps_an_address_block_and_drops_a_menu():
    body = ("NEWS\nGET HELP\nREPORT A CRIME\nVICTIM SERVICES\nCAREERS\n"
            "PROSECUTOR CHARGES TWO IN WAREHOUSE FIRE\n"
            "The county prosecutor charged two men on Monday with setting a fire that destroyed "
            "a warehouse on the east side of the city in March.\n"
            "Office of the County Prosecutor\n415 East Twelfth Street\nKansas City, MO 64106\n"
            "(816) 555-0142\npress@example.org\n")
    article = normalise(SourceDoc(origin="release.txt", body=body))
    assert article is not None
    assert article.title == "PROSECUTOR CHARGES TWO IN WAREHOUSE FIRE"
    assert article.paragraphs[1:] == ["Office of the County Prosecutor", "415 East Twelfth Street",
                                      "Kansas City, MO 64106", "(816) 555-0142",
                                      "press@example.org"]
    assert "GET HELP" not in article.text


def test_one_long_line_does_not_stretch_the_wrap_width():
    prose = ("The county commission voted on Tuesday to delay a decision on the\n"
             "proposed landfill expansion until an independent review is finished.\n"
             "Residents who live near the site said the smell had grown worse and\n"
             "that trucks arrived before dawn, and the chair said the review would\n"
             "take about three months. The company that runs the landfill said it\n"
             "would pay for the consultants the county picked and would publish the\n"
             "results of every groundwater test it had made since the site opened.\n")
    url = ("https://example.org/county/commission/agenda/2024/landfill-expansion-review-"
           "and-groundwater-monitoring-report-final-version-with-appendices.pdf")
    text = prose + "\n" + prose + "\nThe full report:\n" + url + "\n"
    assert classify(text).width < 80
    paras = paragraphs(text)
    assert paras[0].startswith("The county commission voted on Tuesday")
    assert paras[0].endswith("since the site opened."), "a full line ending a sentence wraps on"
    assert paras[-1] == url


def test_a_sentence_broken_around_a_link_is_joined_in_any_layout():
    text = ("Prosecutors charged a man with murder on Monday after a long investigation.\n"
            "“Domestic violence has reached a crisis point in our communities,”\n"
            "State’s Attorney Burke said\n"
            ". “With these charges, we are sending a strong message.”\n"
            "The next court date is set for Friday.\n")
    assert paragraphs(text) == [
        "Prosecutors charged a man with murder on Monday after a long investigation.",
        "“Domestic violence has reached a crisis point in our communities,” State’s Attorney "
        "Burke said. “With these charges, we are sending a strong message.”",
        "The next court date is set for Friday.",
    ]


def test_a_quotation_broken_after_its_cue_is_joined_to_the_linked_name():
    text = ("Prosecutors charged a man with murder on Monday after a long investigation.\n"
            "“This is a balanced, commonsense initiative,” said\n"
            "DA Stephan\n"
            ". “We need responsible reform.”\n"
            "“Young people thrive when they are supported,” said\n"
            "Patricia Ford, Executive Director of the Steans Family Foundation.\n"
            "The next court date is set for Friday.\n")
    assert paragraphs(text) == [
        "Prosecutors charged a man with murder on Monday after a long investigation.",
        "“This is a balanced, commonsense initiative,” said DA Stephan. “We need responsible "
        "reform.”",
        "“Young people thrive when they are supported,” said Patricia Ford, Executive Director "
        "of the Steans Family Foundation.",
        "The next court date is set for Friday.",
    ]


def test_a_short_line_ending_an_open_sentence_runs_on_to_a_lowercase_line():
    lead = ("The office restructured its domestic violence unit last spring, moving its most "
            "experienced prosecutors to the cases and opening a round-the-clock intake desk for "
            "survivors who come forward at night or over the weekend.")
    text = (f"{lead}\n"
            "“We knew immediately that we had to focus on domestic violence,”\n"
            "SA Burke\n"
            "told the I-Team.\n"
            f"{lead}\n"
            "Contact\n"
            "press office\n")
    assert classify(text).kind == "lines"
    assert paragraphs(text) == [
        lead,
        "“We knew immediately that we had to focus on domestic violence,” SA Burke told the "
        "I-Team.",
        lead,
        "Contact",
        "press office",
    ]


def test_a_headline_line_above_a_wrapped_lead_stays_its_own_paragraph():
    """A headline that ends mid-sentence with room left for the lead's first word was broken
    on purpose, so it is not run into the wrapped lead below it (with no blank line between)."""
    text = ("County Office recommends 1988 conviction be vacated\n"
            "The County District Attorney's Office is recommending that a 1988 aggravated robbery\n"
            "conviction be vacated after a review of the trial record by its integrity unit.\n"
            "The defendant, 56, was first convicted of murder in 1987 and sentenced to 35 years\n"
            "in prison before the court granted him a new trial on the testimony of a witness.\n")
    paras = paragraphs(text)
    assert paras[0] == "County Office recommends 1988 conviction be vacated"
    assert paras[1].startswith("The County District Attorney's Office is recommending")
    assert paras[1].endswith("by its integrity unit.")


def test_an_ordinal_suffix_on_a_line_of_its_own_is_put_back_on_its_number():
    """A scrape breaks lines around a <sup>: the suffix returns to its number and the sentence
    runs on, in plain text and in extracted HTML alike."""

    text = ("The investigation began in the 79\nth\nand 81\nst\nprecincts after the shooting.\n\n"
            "He was arraigned at 125 East 55\nth\nStreet, Brooklyn.\n\nCounts in the 4\nth\n")
    expected = ["The investigation began in the 79th and 81st precincts after the shooting.",
                "He was arraigned at 125 East 55th Street, Brooklyn.", "Counts in the 4th"]
    assert split_paragraphs(text, "text") == expected
    assert split_paragraphs(text, "blocks") == expected
    # a word of its own stays one: 'Rd' is a road, and 'th' after a word is no ordinal
    assert split_paragraphs("Turn at Mill\nRd\nand go on.", "blocks") == \
        ["Turn at Mill", "Rd", "and go on."]


def test_a_capital_set_apart_from_its_word_is_put_back():
    """A drop cap or an acronym's bold letter on a line of its own ('P' / 'rosecution, …') is
    the first letter of the word on the next line; 'A' and 'I' are words of their own."""
    text = "Our plan:\n\nP\nrosecution, to bring justice.\n\nE\nducation, to train.\n\nA\nman spoke."
    assert split_paragraphs(text, "text") == ["Our plan:", "Prosecution, to bring justice.",
                                              "Education, to train.", "A man spoke."]


def test_a_line_ending_on_a_word_no_sentence_ends_on_runs_on_to_the_next():
    """A scrape breaks lines at each link: 'The' / 'San Diego Opioid Project' / 'is designed …'
    is one sentence; a list's next-to-last item ending '; and' stays an item of its own."""
    lead = ("The District Attorney’s Office announced today that it is starting the third and "
            "final phase of its opioid awareness outreach campaign across the county, after "
            "officials warned of a spike in overdose deaths in the first six months of the year "
            "and asked parents, teachers and pharmacists to talk about laced pills with the young "
            "people they know. The")
    quote = ("“This latest phase of the campaign could not come at a more important time, given "
             "the disturbing uptick in overdoses we are seeing in every part of this county, from "
             "the beach towns to the farms of the backcountry,” said District Attorney Summer "
             "Stephan, who has pressed for the campaign since her first year in office and asked "
             "the board to pay for it.")
    items = ["Authorize grants for the years 2006 to 2011 to small water systems;",
             "Provide temporary relief from enforcement during the grant process; and",
             "Delay enforcement if a state proves it has made substantial progress."]
    furniture = ["Recent News", "Stay Connected", "facebook", "youtube", "Contact",
                 "Hall of Justice", "Newsletter Sign-Up", "Scroll to top"]
    text = "\n".join([
        lead, "San Diego Opioid Project", "is designed to educate", "and",
        "change behavior among young people who buy pills from a friend.", quote,
        "Read the", "full report of the", "Blueprint for Mental Health Reform", ".",
        "The bill would:", *items, *furniture]) + "\n"
    assert classify(text).kind == "lines"
    assert paragraphs(text) == [
        f"{lead} San Diego Opioid Project is designed to educate and change behavior among young "
        "people who buy pills from a friend.",
        quote,
        "Read the full report of the Blueprint for Mental Health Reform.",
        "The bill would:", *items, *furniture,
    ]


def test_names_linked_on_lines_of_their_own_stay_in_their_sentence():
    """A statement whose names were links: '… to decide that' / 'Noel Doorbal' / 'and' /
    'Daniel Lugo' / 'should no longer …' is one sentence, not four paragraphs (the answer to a
    question once began 'should no longer receive …')."""
    first = ("I respect the thoughtful decision-making process that led our Miami-Dade County "
             "juries to decide that")
    text = "\n".join([
        "Statement of the State Attorney", "Miami (December 20, 2024)", first, "Ann Doorbal",
        "and", "Bob Lugo", "should no longer receive the death penalty for the kidnapping and "
        "murders of", "Carol Furton", "and", "Dan Griga",
        ". I would hope that no one forgets the horrors these victims went through.",
        "I applaud the efforts of the talented prosecutorial team for bringing forth every "
        "element of the original case to each of these juries.",
        "For further information, please contact Ed Press, Public Information Officer, at",
        "(305) 555-0100", "or", "[email protected]"]) + "\n"
    assert paragraphs(text)[:4] == [
        "Statement of the State Attorney", "Miami (December 20, 2024)",
        f"{first} Ann Doorbal and Bob Lugo should no longer receive the death penalty for the "
        "kidnapping and murders of Carol Furton and Dan Griga. I would hope that no one forgets "
        "the horrors these victims went through.",
        "I applaud the efforts of the talented prosecutorial team for bringing forth every "
        "element of the original case to each of these juries."]


def test_a_heading_ending_in_that_and_an_ampersand_between_names():
    """'that' ends no sentence, but a heading in title case or capitals may end on it ('Why We
    Do That'); a line of only '&' joins two names as 'and' does."""
    body = "The new law takes effect today and changes how the county handles every case."
    assert paragraphs(f"Why We Do That\n{body}\n") == ["Why We Do That", body]
    assert paragraphs(f"WHY WE DO THAT\n{body}\n") == ["WHY WE DO THAT", body]
    assert paragraphs("The jury found that\nAnn Roe\n&\nBob Lee\nwere guilty of fraud and "
                      "theft in the scheme.\n") == [
        "The jury found that Ann Roe & Bob Lee were guilty of fraud and theft in the scheme."]
