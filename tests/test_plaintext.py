"""Plain-text releases keep their structure: headline titles, datelines and contact blocks in
one-paragraph-per-line and hard-wrapped layouts. All texts are made up."""

from __future__ import annotations

import json

import pytest

from indexer.loaders.options import LoadOptions
from indexer.loaders.tabular import load_jsonl
from indexer.loaders.text import load_text
from indexer.normalise import (
    contact_block_lines,
    drop_navigation_blocks,
    headline_prefix,
    is_lone_dateline,
    normalise,
    page_title_headline,
    split_text_dateline,
)
from indexer.records import Article, SourceDoc


def read(body: str) -> Article:
    """A made-up text file read as ``onrecord extract`` reads it (text loader, normaliser)."""
    (doc,) = list(load_text(body.encode("utf-8"), "release.txt", LoadOptions()))
    article = normalise(doc)
    assert article is not None
    return article


CAPS_WITH_ABBREVIATION = """\
SEN. MARLOW ANNOUNCES GRANTS FOR HARBOR DREDGING IN PORT ELLIS
  Sen. Dana Marlow (D-Maine) today announced $3.1 million in federal grants to dredge the channel at Port Ellis, which has silted up since the spring storms.
   "Fishing boats should not have to wait for the tide to come home," Marlow said.
   The work is expected to begin in October.
   Contact: Lee Ostrow, 202/555-0188.
"""


def test_capitals_headline_with_an_abbreviation_is_the_whole_title():
    article = read(CAPS_WITH_ABBREVIATION)
    assert article.title == "SEN. MARLOW ANNOUNCES GRANTS FOR HARBOR DREDGING IN PORT ELLIS"
    assert article.paragraphs[0].startswith("Sen. Dana Marlow (D-Maine) today announced")
    assert len(article.paragraphs) == 3, "one paragraph a line, the contact line left out"
    assert not any(p.startswith(" ") for p in article.paragraphs), "indentation is not content"


def test_headline_set_apart_by_a_blank_line_is_the_title_even_with_a_period():
    body = ("Ferry service resumes on Monday.\n\n"
            "The county ferry will run again from Monday after three weeks of repairs to its\n"
            "landing ramp, the transport office said, with the first boat leaving at six.\n")
    article = read(body)
    assert article.title == "Ferry service resumes on Monday."
    assert len(article.paragraphs) == 1
    assert article.paragraphs[0].startswith("The county ferry will run again from Monday after "
                                            "three weeks of repairs to its landing ramp")


def test_a_sentence_first_line_is_not_taken_as_a_headline():
    body = ("Gov. Ana Pérez signed the water bill on Tuesday, ending a two-year fight over how "
            "much the valley's farms may draw from the river each summer.\n"
            "The bill takes effect in January.\n")
    article = read(body)
    assert article.title.startswith("Gov. Ana Pérez signed the water bill on Tuesday")
    assert article.title != "Gov."
    assert article.paragraphs[0].startswith("Gov. Ana Pérez signed"), "the lead stays in the body"


HARD_WRAPPED = """\
CITY COUNCIL DELAYS VOTE ON BUS DEPOT

OAKDALE, Ore. -- The city council on Thursday put off a vote on the new bus
depot until its engineers report on the traffic it would bring to the streets
around the old mill, the mayor said after a meeting that ran past midnight.
  Residents had asked for the delay in a petition signed by more than four
hundred people, and the council agreed to hear them again next month.

Media contact: Rosa Lind
Office: 503-555-0147
rosa.lind@oakdale.example.org
"""


def test_hard_wrapped_release_is_reflowed_with_dateline_and_contact_block():
    article = read(HARD_WRAPPED)
    assert article.title == "CITY COUNCIL DELAYS VOTE ON BUS DEPOT"
    assert article.dateline == "OAKDALE, Ore."
    assert len(article.paragraphs) == 2
    assert article.paragraphs[0].startswith("The city council on Thursday put off a vote on the "
                                            "new bus depot until its engineers report")
    assert "Rosa Lind" not in article.text and "503-555-0147" not in article.text


def test_dateline_in_a_one_paragraph_per_line_release():
    body = ("STATE FUNDS NEW CRISIS LINE\n"
            "  Harlow, Texas (March 4, 2024) -- The state will fund a crisis line for the "
            "county, the district attorney said on Monday.\n"
            "  The line opens in May.\n")
    article = read(body)
    assert article.dateline == "Harlow, Texas (March 4, 2024)"
    assert article.paragraphs[0].startswith("The state will fund a crisis line")
    assert article.published == "2024-03-04"  # an undated file takes its dateline's date


def test_a_header_date_outranks_the_datelines():
    body = ("STATE FUNDS NEW CRISIS LINE\n"
            "Posted: June 1, 2024\n"
            "  Harlow, Texas (March 4, 2024) -- The state will fund a crisis line.\n")
    assert read(body).published == "2024-06-01"


def test_datelines_in_their_forms():
    assert split_text_dateline("WASHINGTON, D.C. - The senator said.")[0] == "WASHINGTON, D.C."
    assert split_text_dateline("(Brenton, Texas) – On Monday a jury found.")[0] == "(Brenton, Texas)"
    assert split_text_dateline("Brenton, Texas (May 3, 2024) -- A jury found.")[0] == (
        "Brenton, Texas (May 3, 2024)")
    assert split_text_dateline("The senator said - and meant it - that.")[0] is None
    assert is_lone_dateline("MILLTOWN", "– The county attorney said today that.")
    assert is_lone_dateline("Milltown – April 2, 2025", "– The county attorney said today.")
    assert not is_lone_dateline("Milltown", "The county attorney said today that.")


def test_dateline_on_a_line_of_its_own_joins_the_lead():
    body = ("PROSECUTOR OPENS TRANSIT UNIT\n"
            "MILLTOWN\n"
            "– The county prosecutor today opened a unit for crimes on buses and trains.\n"
            "It starts with four lawyers.\n")
    article = read(body)
    assert article.dateline == "MILLTOWN"
    assert article.paragraphs == ["The county prosecutor today opened a unit for crimes on buses "
                                  "and trains.", "It starts with four lawyers."]


def test_contact_block_at_the_top_of_a_release_and_a_labelled_headline():
    body = ("June 3, 2024 Contact: Pat Greer\n"
            "Director of Communications\n"
            "Brenton County Attorney's Office\n"
            "555-201-3300 (office)\n"
            "pat.greer@brenton.example.gov\n"
            "For Immediate Release: Jury Convicts Man in Warehouse Fire That Destroyed Three\n"
            "Businesses on Mill Road\n"
            "(Brenton, Texas) – A Brenton County jury on Monday convicted a man of arson in a\n"
            "fire that destroyed three businesses on Mill Road in 2022, prosecutors said.\n"
            "The man faces up to twenty years in prison when he is sentenced next month, and\n"
            "his lawyer said he would appeal the verdict.\n")
    article = read(body)
    assert article.title == ("Jury Convicts Man in Warehouse Fire That Destroyed Three Businesses "
                             "on Mill Road")
    assert article.dateline == "(Brenton, Texas)"
    assert article.paragraphs[0].startswith("A Brenton County jury on Monday convicted")
    assert "Pat Greer" not in article.text and "Director of Communications" not in article.text
    assert article.published == "2024-06-03"


def test_contact_block_of_names_and_labelled_phones_and_end_mark():
    paragraphs = ["Lead paragraph of the release.", "Jo Marsh", "Chief of Staff",
                  "Office: 555-301-2000", "Cell: 555-301-2001", "Ray Pell", "Spokesperson",
                  "Office: 555-301-2002", "HEADLINE IN CAPITALS", "Body paragraph.", "###",
                  "-30-"]
    assert contact_block_lines(paragraphs) == {1, 2, 3, 4, 5, 6, 7, 10, 11}


def test_an_address_without_a_contact_label_is_kept():
    paragraphs = ["Office of the County Prosecutor", "12 Court Street", "Milltown, ST 00000",
                  "(555) 555-0142", "press@milltown.example.org"]
    assert contact_block_lines(paragraphs) == set()


SAVED_PAGE = """\
Two Charged in Harbor Fuel Theft - The Milltown County Prosecutor
HOME
GET HELP
REPORT A CRIME
CONTACT US
Skip to content
FOR IMMEDIATE RELEASE
Two Charged in Harbor Fuel Theft
Defendants Siphoned Diesel From Fishing Boats Over Two Years
Milltown County Prosecutor Jo Rand today announced that two men have been charged with stealing diesel fuel from fishing boats moored in the harbor over two years.
The Prosecutor said the men sold the fuel to a trucking firm.
"""


def test_saved_web_page_title_loses_its_site_name_and_furniture():
    article = read(SAVED_PAGE)
    assert article.title == "Two Charged in Harbor Fuel Theft"
    assert article.source == "The Milltown County Prosecutor"  # the site the title line names
    assert article.paragraphs[0] == "Defendants Siphoned Diesel From Fishing Boats Over Two Years"
    assert "FOR IMMEDIATE RELEASE" not in article.text


MENU_WORDS = ("Victim Witness Elder Fraud Consumer Gang Narcotics Appeals Juvenile Family Cyber "
              "Housing Labor Tax Traffic Animal Environmental Public Integrity Training").split()
MENU_WITH_AN_ADDRESS = """\
Council Member Charged in Permit Scheme | Milltown County District Attorney's Office
Skip to main content
Milltown County District Attorney's Office
""" + "".join(f"{word} Services\n" for word in MENU_WORDS) + """\
Media Relations
12 Court Street
Suite 400
Milltown, ST 00000
Phone:
(555) 555-0142
""" + "".join(f"{word} Unit\n" for word in MENU_WORDS) + """\
June 5, 2026: Council Member Charged in Permit Scheme
MILLTOWN — A city council member was charged today with taking payments to speed building permits, District Attorney Jo Rand announced.
"Public office is not for sale," Rand said.
June 5, 2026
Links:
Chinese (Simplified)
County Home
Do You Need Help?
"""


def test_a_menu_with_the_press_office_address_in_it_goes_and_its_date_headline_dates():
    article = read(MENU_WITH_AN_ADDRESS)
    assert article.title == "Council Member Charged in Permit Scheme"
    assert article.published == "2026-06-05"
    assert article.paragraphs[0].startswith("A city council member was charged")
    assert "Services" not in article.text and "Court Street" not in article.text
    assert article.paragraphs[-1] == '"Public office is not for sale," Rand said.'  # no footer


def test_a_pages_footer_opening_with_the_date_is_cut_and_dates_the_release():
    article = read("Council Member Charged in Permit Scheme\n\n"
                   "A city council member was charged today with taking payments to speed "
                   "building permits, the district attorney announced on Friday.\n"
                   "June 5, 2026\nLinks:\nCounty Home\nSite Map\n")
    assert article.published == "2026-06-05"
    assert article.paragraphs[-1].endswith("announced on Friday.")


def test_a_letters_addressees_and_a_list_of_amounts_are_kept():
    addressees = ["The Honorable Joe Barton", "Chairman", "Committee on Energy and Commerce",
                  "2125 Rayburn House Office Building", "Washington, DC 20515"] * 4
    assert drop_navigation_blocks(addressees, keep_contact=True) == addressees
    amounts = [f"* Borough {n} {n * 1000 + 7:,}" for n in range(14)]
    assert drop_navigation_blocks(amounts, keep_contact=True) == amounts


def test_page_title_without_a_repeat_needs_page_furniture():
    paragraphs = ["Storm Closes Schools - Milltown News", "Schools closed on Friday."]
    assert page_title_headline(paragraphs) is None
    assert page_title_headline(paragraphs, furniture=True) == ("Storm Closes Schools", 0)
    article = read("Storm Closes Schools - Milltown News\nSkip to content\nMenu\n"
                   "Schools across the county closed on Friday as the storm came ashore.\n")
    assert article.title == "Storm Closes Schools"


def test_jsonl_text_field_gets_the_same_reading():
    record = {"text": CAPS_WITH_ABBREVIATION, "id": "r1"}
    (doc,) = list(load_jsonl((json.dumps(record) + "\n").encode(), "feed.jsonl", LoadOptions()))
    article = normalise(doc)
    assert article is not None
    assert article.title == "SEN. MARLOW ANNOUNCES GRANTS FOR HARBOR DREDGING IN PORT ELLIS"
    assert len(article.paragraphs) == 3


def test_labelled_headline_reflowed_into_the_lead_is_split_at_the_dateline():
    body = ("For Immediate Release: County Jury Sentences Man to Life in Prison for the Killing of\n"
            "a Shop Owner During a Robbery on Elm Street in the Winter of Last Year\n"
            "(Brenton County) – On Wednesday a Brenton County jury took only two hours to reach\n"
            "its sentence in the case, which began with a robbery at a corner shop on Elm Street.\n"
            "The shop owner's family thanked the jury and the prosecutors after the hearing, and\n"
            "said the shop would open again in the spring under the owner's son.\n"
            "# # #\n")
    article = read(body)
    assert article.title == ("County Jury Sentences Man to Life in Prison for the Killing of a Shop "
                             "Owner During a Robbery on Elm Street in the Winter of Last Year")
    assert article.dateline == "(Brenton County)"
    assert article.paragraphs[0].startswith("On Wednesday a Brenton County jury")
    assert "#" not in article.text


def test_dateline_and_its_dash_on_lines_of_their_own():
    body = ("COUNTY OPENS FRAUD HOTLINE\n"
            "HARLOW\n"
            "—\n"
            "The county attorney today opened a telephone line for reports of contractor fraud.\n"
            "Calls are answered in English and Spanish.\n")
    article = read(body)
    assert article.dateline == "HARLOW"
    assert article.paragraphs[0].startswith("The county attorney today opened")
    assert "—" not in article.paragraphs


def test_city_state_dateline_closed_by_a_comma_and_release_label_lines():
    body = ("County Attorney Opens a Hotline for Contractor Fraud - Office of the County Attorney\n"
            "Skip to content\nNews\n"
            "for immediate release\n"
            "County Attorney Opens a Hotline for Contractor Fraud\n"
            "Harlow, Florida,\n"
            "The county attorney today opened a telephone line for reports of contractor fraud, "
            "after more than two hundred homeowners said they had paid for work never done.\n"
            "Calls will be answered from eight in the morning until eight at night on weekdays, "
            "and messages left at other times will be returned the next working day.\n")
    article = read(body)
    assert article.title == "County Attorney Opens a Hotline for Contractor Fraud"
    assert article.dateline == "Harlow, Florida"
    assert article.paragraphs[0].startswith("The county attorney today opened a telephone line")
    assert len(article.paragraphs) == 2, "the label line and the repeated headline are gone"


def test_capitals_headline_is_not_joined_to_the_lead_of_a_list_release():
    body = ("SEN. MARLOW: TOWNS TO SHARE $410,000 IN FEDERAL FUNDS FOR RURAL TRAIL PROJECTS\n"
            "  Sen. Dana Marlow said today that towns across the state will share $410,000 in "
            "trail grants from the Federal Highway Administration this year.\n"
            "   \"These trails bring visitors to small towns,\" Marlow said.\n"
            "   * Trail signs, Port Ellis $40,000\n"
            "   * Bridge repair on the river trail, Milltown $220,000\n"
            "   * Trailhead parking, Harlow $150,000\n")
    article = read(body)
    assert article.title == ("SEN. MARLOW: TOWNS TO SHARE $410,000 IN FEDERAL FUNDS FOR RURAL "
                             "TRAIL PROJECTS")
    assert len(article.paragraphs) == 5


def test_contact_block_with_an_office_name_broken_over_two_lines():
    paragraphs = ["July 1, 2024 Contact: Pat Greer", "Director of Communications",
                  "Brenton County Criminal District", "Attorney's Office", "555-201-3300 (Office)",
                  "pat.greer@brenton.example.gov", "For Immediate Release: Jury Convicts Man"]
    assert contact_block_lines(paragraphs) == {0, 1, 2, 3, 4, 5}
    assert split_text_dateline("(Brenton, Texas) –A jury found.")[0] == "(Brenton, Texas)"


def test_a_date_in_the_file_name_dates_an_undated_text():
    """'11Jun2007Marlow93.txt': the file name's day, used only when the text gives none."""
    (doc,) = list(load_text(CAPS_WITH_ABBREVIATION.encode(), "releases/Marlow/11Jun2007Marlow93.txt",
                            LoadOptions()))
    article = normalise(doc)
    assert (article.published, article.published_precision) == ("2007-06-11", "day")
    dated = "date 2009-02-03\n" + CAPS_WITH_ABBREVIATION
    (doc,) = list(load_text(dated.encode(), "2007-06-11-marlow.txt", LoadOptions()))
    assert normalise(doc).published == "2009-02-03", "the text's own date wins"
    (doc,) = list(load_text(CAPS_WITH_ABBREVIATION.encode(), "case-12345678.txt", LoadOptions()))
    assert normalise(doc).published is None, "eight digits that are no date are not one"


SCRAPED_PAGE = """\
Harbor Pilot Charged in Fuel Theft Scheme | Port Ellis District Attorney
Skip to main content
Press Release
Harbor Pilot Charged in Fuel Theft Scheme
March 3, 2025
PORT ELLIS
—
Port Ellis County District Attorney
Mara Quint
today announced that a harbor pilot has been charged with stealing fuel from the county's tugboats over two years.
“Every gallon he took was paid for by the taxpayers of this county, and he will answer for each one,” said District Attorney Quint.
The pilot, 44, is due in court on April 2 and faces up to six years in prison if convicted on all counts.
https://example.org/wp-content/uploads/2025/03/harbor.jpg
720
1280
Lena Ortiz
2025-03-03 10:15:00
2025-03-03 11:02:41
Recent News
Dock Worker Sentenced for Cargo Thefts
February 27, 2025
Port Ellis County District Attorney Mara Quint announced today that a dock worker has been sentenced to …
Ferry Captain Honored for Rescue at Sea
February 20, 2025
Scroll to top
"""


def test_a_scraped_page_keeps_its_lead_and_loses_the_other_releases_below_it():
    article = read(SCRAPED_PAGE)
    assert article.title == "Harbor Pilot Charged in Fuel Theft Scheme"
    assert article.published == "2025-03-03" and article.dateline == "PORT ELLIS"
    # the lead broken at its links is one sentence again, with who announced it
    assert article.paragraphs[0].startswith(
        "Port Ellis County District Attorney Mara Quint today announced that a harbor pilot")
    text = "\n".join(article.paragraphs)
    for furniture in ("Dock Worker Sentenced", "Ferry Captain", "harbor.jpg", "1280",
                      "Lena Ortiz", "2025-03-03 10:15", "Scroll to top", "Recent News"):
        assert furniture not in text
    assert article.paragraphs[-1].startswith("The pilot, 44, is due in court")


def test_a_pictures_placeholder_line_is_no_part_of_the_text():
    """'Image' on a line of its own where the page had a picture (above 'Recent News') is
    dropped; a word of the text is not."""
    page = SCRAPED_PAGE.replace("Recent News\n", "Image\nRecent News\n")
    paragraphs = read(page).paragraphs
    assert paragraphs[-1].startswith("The pilot, 44, is due in court")
    assert all(p.strip() != "Image" for p in paragraphs)


def test_a_page_stamp_dates_a_release_nothing_else_dates():
    page = SCRAPED_PAGE.replace("March 3, 2025\n", "")
    article = read(page)
    assert article.published == "2025-03-03"  # from the page's stamp, not a teaser's date
    later = read(page.replace("2025-03-03 10:15:00", "2025-03-05T08:00:00Z"))
    assert later.published == "2025-03-05"


def test_related_releases_above_the_release_are_not_a_tail_to_cut():
    sidebar_first = """\
More News
Mar 26, 2025
Dock Worker Sentenced for Cargo Thefts
Mar 17, 2025
Ferry Captain Honored for Rescue at Sea
News Releases
Harbor Pilot Charged in Fuel Theft Scheme
(Port Ellis) - Today, the District Attorney's Office announced that a harbor pilot has been charged with stealing fuel.
“Every gallon he took was paid for by the taxpayers of this county,” said District Attorney Mara Quint.
The pilot, 44, is due in court on April 2 and faces up to six years in prison if convicted.
"""
    text = "\n".join(read(sidebar_first).paragraphs)
    assert "has been charged with stealing fuel" in text and "due in court on April 2" in text


def test_short_wrapped_lines_inside_a_sentence_are_not_a_menu():
    """Four narrow lines in the middle of a sentence read as a menu run (each short, none
    ending a sentence) and were dropped, words and all, until the next line carried on."""
    body = ("flow over a heated plate .\n"
            "  the flow over a heated flat plate was measured in the tunnel at several speeds.\n"
            "integral solutions were also obtained to provide\n"
            "a guide for choosing expressions\n"
            "which closely represent the\n"
            "measured data .  simple expressions\n"
            "for several boundary-layer parameters\n"
            "are presented which agree with the measurements within 2 percent .\n")
    text = " ".join(read(body).paragraphs)
    for words in ("a guide for choosing expressions", "which closely represent the",
                  "simple expressions", "for several boundary-layer parameters",
                  "within 2 percent"):
        assert words in text


def test_a_release_issued_in_spanish_is_read_like_one_in_english():
    body = ("3 de marzo de 2025 Contacto: Lena Ortiz\n"
            "Oficina del Fiscal del Condado de Port Ellis\n"
            "555-201-3300 (Oficina)\n"
            "Lena.Ortiz@PortEllis.org\n"
            "PARA PUBLICACIÓN INMEDIATA: Piloto del Puerto Acusado de Robar Combustible\n"
            "(Port Ellis) – La Oficina del Fiscal acusó hoy a un piloto del puerto de robar "
            "combustible de los remolcadores del condado durante dos años.\n"
            "El acusado comparecerá ante el tribunal el 2 de abril de 2025.\n")
    article = read(body)
    assert article.title == "Piloto del Puerto Acusado de Robar Combustible"
    assert article.published == "2025-03-03"
    assert article.paragraphs[0].startswith("La Oficina del Fiscal acusó hoy")
    assert not any("Lena.Ortiz" in p or "Contacto" in p for p in article.paragraphs)


@pytest.mark.parametrize(("text", "day"), [
    ("11 de Abril de 2024", "2024-04-11"),
    ("1 de septiembre del 2023", "2023-09-01"),
    ("5 de mayo, 2022", "2022-05-05"),
    ("March 3, 2024", "2024-03-03"),
])
def test_dates_in_english_and_spanish(text, day):
    from indexer.dates import parse_date

    assert parse_date(text) == (day, "day")


WRAPPED_PDF_STATEMENT = """\
December 12, 2023 Contact: Lee Ostrow
Milltown County District Attorney's Office
555-653-3600 (Office)
Lee.Ostrow@milltown.example.org
For Immediate Release: Statement from Milltown County District Attorney Dana
Marlow Following the Passing of Former DA Craig Ellis
"I am saddened to learn of the passing of my former colleague Craig Ellis. Craig was bright and ambitious
and for his life to end so prematurely is a tragedy, however, he leaves behind a powerful legacy.
He made history as the first elected district attorney of the county to open a conviction
integrity unit, and he will be missed."
Ellis Courts Building \u2022 133 N. Riverside Blvd., L.B. 19 \u2022 Milltown, Texas 75207-4399 \u2022 555/653-3600
"""


def test_a_wrapped_labelled_headline_is_whole_and_an_address_footer_is_no_text():
    """A PDF release whose headline wraps after the DA's first name is titled with the whole
    headline (so the statement's issuer is the DA, not 'Dana'), and the office's address line
    below it is not part of the text (nor of the statement)."""
    article = read(WRAPPED_PDF_STATEMENT)
    assert article.title == ("Statement from Milltown County District Attorney Dana Marlow "
                             "Following the Passing of Former DA Craig Ellis")
    assert article.paragraphs[-1].endswith("and he will be missed.\"")
    assert "75207" not in article.text


def test_an_address_in_the_last_sentence_or_a_labelled_venue_stays():
    """A last line that is a sentence, or a media advisory's 'WHERE:' venue, is text."""
    venue = ("Media Advisory: Students Honored for Service\n\n"
             "Students will be honored for their service to the county this Friday.\n\n"
             "WHEN: Friday, Dec. 2, 2016, at 8:30 a.m.\n\n"
             "WHERE: Ford Regional Headquarters, 3 Glen Bell Way, #110, Irvine, CA 92618\n")
    assert read(venue).paragraphs[-1].startswith("WHERE: Ford Regional Headquarters")
    letter = ("Office Opens Tip Line\n\n"
              "The county has opened a tip line for fraud reports, the office said today.\n\n"
              "Tips may be sent in writing to the office at P.O. Box 123, Dallas, TX 75201.\n")
    assert read(letter).paragraphs[-1].endswith("Dallas, TX 75201.")
    session = ("Senator Announces Listening Sessions\n\n"
               "The senator will hold listening sessions in two counties this Saturday.\n\n"
               "9:45 am Dodge County - Hustisford Community Library 609 West Juneau Street "
               "Hustisford, WI 53034\n")
    assert read(session).paragraphs[-1].endswith("Hustisford, WI 53034")


NAV_THEN_RELEASE = """\
Harbor Dredging Case Closes - Ellis County District Attorney
Scroll to top
Follow Us
Skip to content
Search for
Press
3 min read
Harbor Dredging Case Closes
Author
Lee Ostrow
{label}
Home
Press
Harbor Dredging Case Closes
PORT ELLIS – A contractor was sentenced today for billing the county for dredging it never did, prosecutors said.
"The county paid for work that was never done," said District Attorney Ann Lee.
The contractor must repay $310,000.
"""


@pytest.mark.parametrize("label", ["Published\nApril 2, 2020", "Posted on April 2, 2020"])
def test_a_labelled_date_among_the_page_furniture_dates_the_release(label):
    """A page's 'Published' label over its date (or 'Posted on …') sits among the menu lines
    that cleaning drops, and past the header lines an unlabelled date is looked for in: the
    label alone is evidence enough, so the release is dated (and the label is not body text)."""
    article = read(NAV_THEN_RELEASE.format(label=label))
    assert article.published == "2020-04-02"
    assert "Published" not in article.text and "Posted" not in article.text
    unlabelled = read(NAV_THEN_RELEASE.format(label="April 2, 2020"))
    assert unlabelled.published is None  # a bare date that far down is not taken


def test_a_site_name_is_the_source_only_of_a_saved_page_without_one():
    """The site after a saved page's headline is its source when the loader gave none; a
    release whose first line is the whole headline ('… - $3 Million For Harbor') has none, and
    a source given (--source, an importer) wins."""
    (doc,) = list(load_text(SAVED_PAGE.encode("utf-8"), "page.txt", LoadOptions(source="Wire")))
    assert normalise(doc).source == "Wire"
    release = read("SEN. MARLOW ANNOUNCES GRANT - Harbor Work Begins\n" + CAPS_WITH_ABBREVIATION
                   .split("\n", 1)[1])
    assert release.source is None


BREADCRUMB_PAGE = """\
Island County - District Attorney's Office > Newsroom > News Releases
Skip to main content
Home
About Us
Newsroom
Contact Us
12 Harbor Road
Port Ellis, Maine
207-555-0100
[email\u00a0protected]
More News
Mar 26, 2026
Island County District Attorney's Office Files Charge in 1990 Cold Case
Mar 17, 2026
Island County Case Backlog Eliminated
Sep 26, 2025
Man Accused of Theft Dies During Court Appearance
News Releases
Today, Island County District Attorney Dana Marlow announced the office has recused itself from the ferry contract cases.
Today, Island County District Attorney Dana Marlow announced the office has recused itself from the ferry contract cases. The Attorney General will take them over as attorney pro tem.
"Our community deserves a prosecutor who avoids even the appearance of a conflict," said Marlow.
Back
View All
"""


def test_a_breadcrumb_page_names_its_site_and_drops_the_other_releases_it_lists():
    """A saved page whose title line is a breadcrumb trail and whose sidebar lists other
    releases by date: the site is the source, no listed release gives its title or date, and
    the release's own lead is the title."""
    article = read(BREADCRUMB_PAGE)
    assert article.source == "Island County - District Attorney's Office"
    assert article.published is None  # not the date of the first release listed
    assert article.title.startswith("Today, Island County District Attorney Dana Marlow")
    assert "Cold Case" not in article.text and "Backlog" not in article.text
    assert "protected" not in article.text and "View All" not in article.text
    assert article.text.endswith('said Marlow.')


def test_a_page_title_line_in_capitals_is_not_joined_to_the_headline_under_it():
    """A saved page's title line ("HEADLINE - Name - Site") stays apart from the headline
    repeated under it: reflowing the capitals lines together made the title all three
    copies and the source the name."""
    head = "OCDA ISSUES OFFICER-INVOLVED SHOOTING REPORT"
    page = "\n".join([
        f'{head} - Ann Example - Orange County District Attorney',
        'Scroll to top',
        'Follow Us',
        '–',
        'Skip to content',
        'Search for',
        'Officer-Involved Shooting Reports',
        'Press',
        '2 min read',
        f'{head} – Ann Example',
        'Author',
        'Ann Writer',
        'Published',
        'February 26, 2026',
        'Home',
        'Reports',
        'Officer-Involved Shooting Reports',
        f'{head} – Ann Example',
        'FOR IMMEDIATE RELEASE',
        'Date: February 26, 2026',
        'PRESS RELEASE',
        'Bob Press',
        'Director of Public Affairs',
        'Office: 714-555-0100, Cell: 714-555-0101',
        'media@example.org',
        'OCDA REPORT: OFFICER-INVOLVED SHOOTING',
        'SANTA ANA, Calif. – The District Attorney released the findings of the '
        'investigation into the police shooting of Ann Example.',
        'Click here',
        'to view the full letter “OCDA Report – Ann Example”.',
        '###',
        'Tagged with:',
        'Ann Example',
        'Share',
        'Latest Posts',
        'Hotline Seeks Information About a Fire in Garden Grove',
        'May 28, 2026',
        'Press',
        'Recent Posts',
        'Officer-Involved Shooting Reports',
        'Press',
        f'{head} - Bob Example',
    ]) + "\n"
    article = normalise(SourceDoc(origin="x.txt", body=page, layout="text"))
    assert article.title == f"{head} - Ann Example"
    assert article.source == "Orange County District Attorney"
    assert not article.text.startswith("OCDA ISSUES")


def test_a_site_name_is_read_from_the_title_line_as_written():
    """Reflowing a saved page's header may run a menu word onto its title line ('… - Office
    of Miami-Dade State Attorney Ann Example' / 'News'): the site is read from the line as the
    page wrote it, eight words long."""
    headline = ("FOR IMMEDIATE RELEASE: Statement of State Attorney Ann Example Regarding the "
                "Verdict")
    page = "\n".join([
        f"{headline} - Office of Miami-Dade State Attorney Ann Example Roe", "News",
        "Press Release", headline, "Admin | December 20, 2024", "",
        "for immediate release", "Statement of State Attorney Ann Example Regarding the Verdict",
        "Miami (December 20, 2024)",
        "I respect the decision of the jury and thank the prosecutors who tried the case for "
        "their long and careful work on behalf of the victims and their families.",
        "#####"]) + "\n"
    article = normalise(SourceDoc(origin="x.txt", body=page, layout="text"))
    assert article.title == "Statement of State Attorney Ann Example Regarding the Verdict"
    assert article.source == "Office of Miami-Dade State Attorney Ann Example Roe"


BREADCRUMB_THEN_BYLINE = """\
Office Launches Fraud Prevention Campaign - County NewsCenter
You are here:
Home
1
/
News
2
/
Office Launches Fraud Prevention Campaign
Milltown County District Attorney
Jo Rand
released figures today on the money older residents lost to phone scams last year, more than $13 million across the county according to the office's elder abuse unit, and said the losses had doubled in three years.
Rand was joined by police chiefs and bank managers at a news conference to describe how the scams work and how families can spot them before the money is gone.
The campaign is anchored by the message "Stop. Hang Up. Tell Someone." Rand said the office will run it through the end of the year.
Office Launches Fraud Prevention Campaign
"""


def test_a_headline_repeat_run_into_the_byline_below_a_breadcrumb_is_split_off():
    """A page that sets its headline, the office and the prosecutor's name on lines of their
    own below a breadcrumb trail: reflowing runs them into one line, and the headline repeat
    is cut from its front, so the body opens with the office and no headline words are left
    in it to be read as a speaker's name."""
    article = read(BREADCRUMB_THEN_BYLINE)
    assert article.title == "Office Launches Fraud Prevention Campaign"
    assert article.paragraphs[0].startswith("Milltown County District Attorney Jo Rand released")
    assert not any(p.startswith(("Office Launches", "1", "/", "News"))
                   for p in article.paragraphs[:-1])
    key = "Office Launches Fraud Prevention Campaign"
    glued = ("Office Launches Fraud Prevention Campaign Milltown County District Attorney Jo "
             "Rand released figures today on the money older residents lost to scams.")
    assert glued[headline_prefix(glued, key):].strip().startswith("Milltown")
    # a repeat longer than the title line's headline stays whole: its rest is no byline
    assert headline_prefix("Office Launches Fraud Prevention Campaign For Older Residents", key) == 0
    assert headline_prefix("Office Launches Fraud Prevention Campaign", key) == 0


def test_a_lead_whose_subject_is_the_headline_is_left_whole():
    """The headline's words opening the lead ("Operation Safe Streets Task Force officers …")
    are the lead's subject, not a repeat of the headline run into it: the page never wrote
    them on a line of their own."""
    article = read("Operation Safe Streets - Dallas County District Attorney\nHome\nNews\n"
                   "Operation Safe Streets Task Force officers arrested 40 people Friday in a "
                   "sweep of the east side, the district attorney said. The sweep followed a year "
                   "of complaints from residents about drug sales near two schools and a park.\n"
                   "\"We listened to the neighbors,\" District Attorney John Creuzot said.\n")
    assert any(p.startswith("Operation Safe Streets Task Force officers arrested")
               for p in article.paragraphs)
