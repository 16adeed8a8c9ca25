"""Speakers' roles and organisations as press releases write them (made-up text, real spaCy)."""

from __future__ import annotations

import pytest
from quote_checks import checked_quotes
from quote_checks import only_quote as _only


def _role_org(text: str, nlp) -> tuple[str | None, str | None, str | None]:
    q = _only(text, nlp)
    return q.speaker, q.speaker_role, q.speaker_org


def test_hyphenated_appositive_is_the_whole_role(nlp):
    text = '"We can help," said Senator Byron Dorgan, co-chair of the Heart and Stroke Coalition.\n'
    assert _role_org(text, nlp) == (
        "Byron Dorgan", "co-chair of the Heart and Stroke Coalition", "Heart and Stroke Coalition")


def test_a_possessive_statement_after_the_role_is_no_part_of_it(nlp):
    """'the text of Sen. Pat Roberts, Chairman of the … Committee on Intelligence's statement
    at today's hearing': the possessive takes the whole name and title."""
    text = ('"The Committee meets today in open session," according to the text of Sen. Pat '
            "Roberts, Chairman of the Senate Select Committee on Intelligence's statement at "
            "today's hearing.\n")
    assert _role_org(text, nlp) == ("Pat Roberts",
                                    "Chairman of the Senate Select Committee on Intelligence",
                                    "Senate Select Committee on Intelligence")


def test_party_and_state_in_parentheses_are_no_role_or_organisation(nlp):
    text = ('"It is time," said a letter signed by Senators Diane Feinstein (D-Calif.), '
            'Larry Craig and Michael Crapo.\n')
    speaker, role, org = _role_org(text, nlp)
    assert speaker == "Diane Feinstein"
    assert role == "Senator" and org is None


def test_time_word_after_the_name_is_no_role(nlp):
    text = 'Sen. Sheldon Whitehouse (D-R.I.) today called for an inquiry, saying "this is wrong."\n'
    assert _role_org(text, nlp) == ("Sheldon Whitehouse", "Sen.", None)


def test_degree_before_a_party_code_is_kept_alone_and_is_no_organisation(nlp):
    text = '"This is bad," said Senate Majority Leader Bill Frist, M.D. (R-TN).\n'
    speaker, role, org = _role_org(text, nlp)
    assert speaker == "Bill Frist" and role == "M.D." and org is None


def test_capitalised_words_of_a_title_before_the_name_are_the_role(nlp):
    text = 'Senate Majority Leader Sen. Harry Reid of Nevada today said, "Women matter."\n'
    assert _role_org(text, nlp)[:2] == ("Harry Reid", "Senate Majority Leader")
    text = '"We will try him," said Criminal District Attorney John Creuzot.\n'
    assert _role_org(text, nlp)[:2] == ("John Creuzot", "Criminal District Attorney")


def test_acronym_before_a_title_stays_the_organisation(nlp):
    text = '"Help is coming," said FEMA Administrator David Paulison.\n'
    assert _role_org(text, nlp) == ("David Paulison", "Administrator", "FEMA")


def test_organisation_is_what_the_role_is_of(nlp):
    text = ('"Children need us," said Irish Burch, President and CEO of Dallas Children\'s '
            'Advocacy Center.\n')
    assert _role_org(text, nlp) == (
        "Irish Burch", "President and CEO of Dallas Children's Advocacy Center",
        "Dallas Children's Advocacy Center")
    text = ('"The bill is sound," said John Dingell, Ranking Member of the Committee on Energy '
            'and Commerce.\n')
    assert _role_org(text, nlp)[2] == "Committee on Energy and Commerce"


@pytest.mark.parametrize(("text", "expected"), [
    # an organisation whose name is a list keeps the whole list
    ('"This bill matters," said Sen. Trent Lott, a senior member of the Senate\'s Commerce, '
     'Science and Transportation Committee.\n',
     {"org": "Senate's Commerce, Science and Transportation Committee"}),
    ('"We must act now," said Senator Mikulski, Chairwoman of the Health, Education, Labor and '
     'Pensions (HELP) Committee\'s Subcommittee on Retirement and Aging.\n',
     {"org": "Health, Education, Labor and Pensions Committee"}),
    ('"It is done," said Kent Conrad, chairman of the Senate Budget Committee, and his staff.\n',
     {"org": "Senate Budget Committee"}),
    # a law the role names is no organisation
    ('"Women deserve safety," said Senator Joan Marsh, an original author of the Violence '
     'Against Women Act.\n',
     {"role": "original author of the Violence Against Women Act", "org": None}),
    # a law's name ends at a clause about it
    ('"We must stop identity thieves," said Senator Al Moss, author of the Comprehensive '
     'Identity Theft Prevention Act that would regulate data brokers.\n', {"org": None}),
    # the others named beside a speaker are no role of his
    ('Sens. John McCain (R-AZ), Maria Cantwell (D-WA), Patrick Leahy (D-VT) introduced today '
     'the "Local Community Radio Act of 2005," a bill that would allow more stations.\n\n'
     '"Implementation has been severely hampered by exaggerated claims," McCain said.\n',
     {"role": "Sen.", "org": None}),
    ('"We will act," said Sen. Ed Pine, chairman of the Senate Committee on the Budget.\n',
     {"org": "Senate Committee on the Budget"}),
    # a role keeps the commas of a name written as a list, and loses a party and state
    ('"Farmers need this," said Senator Tom Harkin, Chairman of the Senate Committee on '
     'Agriculture, Nutrition and Forestry.\n',
     {"role": "Chairman of the Senate Committee on Agriculture, Nutrition and Forestry",
      "org": "Senate Committee on Agriculture, Nutrition and Forestry"}),
    ('"It is wrong," said Sen. Saxby Chambliss, R-Ga., a member of the Armed Services '
     'Committee.\n',
     {"role": "member of the Armed Services Committee"}),
    ('"Farmers win," said Sen. Tom Harkin, D-Iowa, Chairman of the Senate Agriculture '
     'Committee.\n',
     {"role": "Chairman of the Senate Agriculture Committee"}),
], ids=["list-org", "list-org-aside", "org-then-and", "law", "law-with-a-clause",
        "co-sponsors-named", "committee-on-the-budget",
        "list-role", "party-state", "party-state-comma"])
def test_committee_names_roles_and_laws(nlp, text, expected):
    _, role, org = _role_org(text, nlp)
    assert {key: {"role": role, "org": org}[key] for key in expected} == expected


def test_plural_title_of_a_joint_release_is_each_speaker_s_title(nlp):
    text = ('"This is good for South Dakota," said U.S. Senators John Thune and Tim Johnson.\n')
    speaker, role, _ = _role_org(text, nlp)
    assert speaker == "John Thune" and role == "Senator"
    text = 'Sens. Ron Wyden and Gordon Smith wrote: "This will help."\n'
    assert _role_org(text, nlp)[:2] == ("Ron Wyden", "Sen.")


def test_a_pronoun_gets_the_role_the_titles_before_the_name_make(nlp):
    text = ('Senate Majority Leader Sen. Harry Reid spoke in Reno on Monday.\n\n'
            '"Nothing positive comes from this war," he said.\n')
    q = _only(text, nlp)
    assert (q.mention, q.speaker, q.speaker_role) == ("he", "Harry Reid", "Senate Majority Leader")


def test_a_second_titled_name_is_not_the_first_speaker_s_role(nlp):
    text = ("Senate Majority Leader Harry Reid and Senate Republican Leader Mitch McConnell made "
            "the following statement today:\n\n\"We have an agreement in principle.\"\n")
    q = _only(text, nlp)
    assert q.speaker == "Harry Reid" and q.speaker_role == "Senate Majority Leader"


def test_party_and_state_between_commas_are_no_role(nlp):
    text = '"We must act," said Sen. Saxby Chambliss, R-Ga., a member of the Armed Services Committee.\n'
    assert _role_org(text, nlp)[:2] == ("Saxby Chambliss", "member of the Armed Services Committee")
    text = '"We must act," said Sen. Craig Thomas, R-Wyo.\n'
    assert _role_org(text, nlp) == ("Craig Thomas", "Sen.", None)


def test_a_surname_gets_the_title_the_lead_paragraph_wrote(nlp):
    text = ('WASHINGTON - U.S. Senator Max Baucus today announced new funding for rural '
            'hospitals.\n\n"Rural hospitals keep our towns alive," Baucus said.\n')
    q = _only(text, nlp)
    assert (q.mention, q.speaker, q.speaker_role) == ("Baucus", "Max Baucus", "Senator")
    text = ('Senators Olympia Snowe and Susan Collins met the workers on Monday.\n\n'
            '"The mill must stay open," Snowe said.\n')
    q = _only(text, nlp)
    assert (q.speaker, q.speaker_role) == ("Olympia Snowe", "Senator")


@pytest.mark.parametrize("text, expected", [
    ('"We won," said Former Sen. Bob Dole.\n', ("Bob Dole", "Former Sen.", None)),
    ('"We won," said State Rep. Jane Doe, D-Austin.\n', ("Jane Doe", "State Rep.", None)),
    ('"We won," said Sen. Mark Warner, Virginia Democrat.\n',
     ("Mark Warner", "Virginia Democrat", "Virginia Democrat")),
    ('"We won," said John Smith, a senior fellow at the Brookings Institution and a former '
     'adviser to President Obama.\n',
     ("John Smith", "senior fellow at the Brookings Institution and a former adviser to President "
      "Obama", "Brookings Institution")),
    ('"We won," said Jane Roe, senior vice president with Wells Fargo in Charlotte.\n',
     ("Jane Roe", "senior vice president with Wells Fargo in Charlotte", "Wells Fargo")),
    ('"We won," said Ann Lee, a spokeswoman for Gov. Rick Perry.\n',
     ("Ann Lee", "spokeswoman for Gov. Rick Perry", None)),
    ('"We won," said Sen. Lindsey Graham, R-South Carolina, a member of the Judiciary '
     'Committee.\n', ("Lindsey Graham", "member of the Judiciary Committee", "Judiciary Committee")),
    ('"We won," said Sen. Tom Harkin, D-Iowa, chairman of the Senate Agriculture Committee.\n',
     ("Tom Harkin", "chairman of the Senate Agriculture Committee", "Senate Agriculture Committee")),
    ('"We won," said Tuesday Sen. John Smith.\n', ("John Smith", "Sen.", None)),
    ('"We won," said Jane Doe, 45, of Nashua.\n', ("Jane Doe", None, None)),
    # one capitalised word names an organisation only as an acronym or a proper noun
    ('"We won," said Tom McCoy, Vice President for Research at MSU.\n',
     ("Tom McCoy", "Vice President for Research at MSU", "MSU")),
    ('"We won," said Jane Roe, a spokeswoman for AARP.\n',
     ("Jane Roe", "spokeswoman for AARP", "AARP")),
])
def test_roles_and_organisations_of_common_press_wordings(nlp, text, expected):
    assert _role_org(text, nlp) == expected


@pytest.mark.parametrize("text", [
    '"We won," said Sen. Olympia Snowe, Ranking Member on the Small Business Committee.\n',
    '"We won," said Sen. Mike DeWine, Co-Chair of the caucus.\n',
    '"We won," said Jane Roe, President and CEO of the company.\n',
])
def test_a_word_of_a_role_is_no_organisation(nlp, text):
    """'Ranking' of 'Ranking Member', 'Co' of 'Co-Chair' and 'CEO' name no organisation."""
    assert _role_org(text, nlp)[2] is None


@pytest.mark.parametrize(("text", "expected"), [
    ("“Every day we sense his absence,” said Craig Hawkins, Daniel’s father.\n",
     ("Craig Hawkins", "Daniel’s father", None)),
    ("“I thank the office,” said Maria Morales, mother of Yuliana Garcia.\n",
     ("Maria Morales", "mother of Yuliana Garcia", None)),
])
def test_a_relative_speaks_for_no_organisation(nlp, text, expected):
    """A victim's father or mother: the person named beside the kin word is no organisation."""
    assert _role_org(text, nlp) == expected


def test_an_ampersand_stays_in_the_role(nlp):
    text = "“We will appeal,” said John Smith, a partner at Smith & Jones LLP.\n"
    assert _role_org(text, nlp) == ("John Smith", "partner at Smith & Jones LLP",
                                    "Smith & Jones LLP")


@pytest.mark.parametrize(("text", "expected"), [
    ("“We are committed,” said Miami-Dade State Attorney Katherine Fernandez Rundle.\n",
     ("Katherine Fernandez Rundle", "Miami-Dade State Attorney", None)),
    ("“We are ready,” said Winston-Salem Police Chief Catrina Thompson.\n",
     ("Catrina Thompson", "Winston-Salem Police Chief", None)),
])
def test_a_hyphenated_place_keeps_both_halves_in_the_role(nlp, text, expected):
    assert _role_org(text, nlp) == expected


def test_a_surname_gets_the_role_its_introduction_wrote_in_a_sentence_without_a_quote(nlp):
    """The role written where the article first names someone, in a sentence with no quote
    that nothing else parses, is their role when a later quote names them by surname."""
    text = ("Critics say the rule goes too far.\n\n"
            "Richard Roe, director of the Center for Energy Law at Lakeside University, said the "
            "states were exaggerating its reach.\n"
            "“It is not the behemoth the petitioners make it out to be,” Roe said.\n\n"
            "Campaign spokeswoman Mara Lind said the candidate left when asked.\n"
            "“We were there under legitimate pretenses,” Lind told reporters.\n")
    quotes = {q.speaker: q for q in checked_quotes(text, nlp)}
    roe, lind = quotes["Richard Roe"], quotes["Mara Lind"]
    assert roe.speaker_role == "director of the Center for Energy Law at Lakeside University"
    assert roe.speaker_org == "Center for Energy Law"
    assert lind.speaker_role == "Campaign spokeswoman"


def test_an_introduction_that_says_nothing_of_what_someone_is_gives_no_role(nlp):
    """An appositive that names no kind of person ('self-described', 'plenty of material')
    is no role; nor is a first naming with nothing around it."""
    text = ("The comedian Larry Moss, plenty of material in hand, took the stage.\n"
            "“I have never had it so easy,” Moss said.\n\n"
            "Dana Shaw arrived late.\n"
            "“We were told noon,” Shaw said.\n")
    quotes = {q.speaker: q for q in checked_quotes(text, nlp)}
    assert quotes["Dana Shaw"].speaker_role is None
    assert quotes["Larry Moss"].speaker_role != "plenty of material in hand"


def test_an_organisation_s_name_runs_on_over_of(nlp):
    """'The Department of Justice said' is the Department of Justice speaking, and a later
    'the department said' is the same organisation; 'the American Federation of Teachers
    calling her …' names the whole federation."""
    text = ("The Department of Justice said the review was “complete and final.”\n\n"
            "The department said it would “not comment further on the matter.”\n\n"
            "Unions backed her early, with the American Federation of Teachers calling her “the "
            "champion working families need” at its convention.\n")
    quotes = checked_quotes(text, nlp)
    assert [q.speaker for q in quotes] == [
        "Department of Justice", "Department of Justice", "American Federation of Teachers"]
    assert quotes[0].mention == "The Department of Justice"


def test_an_owned_document_is_no_organisation_named_earlier(nlp):
    """'Her economic plan promises to “…”' is not the 'Clean Power Plan' the article named
    before: a document someone owns is attributed to no organisation."""
    text = ("The Clean Power Plan faces a court test this fall.\n\n"
            "Clinton has built a campaign on equal pay. Her economic plan promises to “lift up "
            "participation in the workforce, especially for women.”\n")
    quotes = checked_quotes(text, nlp)
    assert quotes and all(q.speaker != "Clean Power Plan" for q in quotes)


def test_a_courtesy_title_resolves_a_shared_surname_to_the_person_of_that_sex(nlp):
    """An article naming Bill and Hillary Clinton (or Barack and Michelle Obama): 'Mr.
    Clinton' is Bill, 'Mrs. Clinton' Hillary, whichever of them was named last."""
    text = ("Former President Bill Clinton campaigned in Ohio on Tuesday for his wife, Hillary "
            "Clinton.\n\n“She is ready on day one,” Mr. Clinton said.\n\n"
            "“I am grateful for his help,” Mrs. Clinton said.\n\n"
            "President Barack Obama and Michelle Obama hosted the dinner. “It was a wonderful "
            "night,” Mrs. Obama said. “We were honoured,” Mr. Obama said.\n")
    assert [q.speaker for q in checked_quotes(text, nlp)] == [
        "Bill Clinton", "Hillary Clinton", "Michelle Obama", "Barack Obama"]


def test_a_word_opening_a_sentence_is_no_first_name_and_a_paper_is_no_person(nlp):
    """'Though Trump has …' names no 'Though Trump'; 'progressive Democrat Zephyr Teachout'
    is Zephyr Teachout; 'The Hill reported' is the paper, while 'the Washington Post’s Ishaan
    Tharoor' is a person."""
    text = ("Donald Trump spoke in Ohio. Though Trump has been criticised, he kept going.\n\n"
            "“He is supposed to be a cheerleader for this country,” Trump said.\n\n"
            "The race was dominated by progressive Democrat Zephyr Teachout.\n\n"
            "“We will win this district,” Teachout said.\n\n"
            "He declined to release returns, The Hill reported, calling them “more detailed "
            "than the disclosures.”\n\n"
            "As the Washington Post’s Ishaan Tharoor wrote, “a change is coming to the "
            "region.”\n")
    got = [(q.speaker, q.speaker_kind) for q in checked_quotes(text, nlp)]
    assert got == [("Donald Trump", "person"), ("Zephyr Teachout", "person"),
                   ("The Hill", "org"), ("Ishaan Tharoor", "person")]


def test_a_person_titled_after_an_organisation_speaks_with_it_as_their_role(nlp):
    """'City of Miami Police Chief Manuel Morales' is the chief, not an organisation of that
    name; 'Commander Geanie Franco' is Geanie Franco, a commander."""
    text = ("“We encourage anyone to come forward,” said City of Miami Police Chief Manuel "
            "Morales.\n\n"
            "“Most of the time, traffickers will create a profile,” said Commander Geanie Franco "
            "of the San Diego Human Trafficking Task Force.\n")
    got = [(q.speaker, q.speaker_kind, q.speaker_role) for q in checked_quotes(text, nlp)]
    assert got[0] == ("Manuel Morales", "person", "City of Miami Police Chief")
    assert got[1][:2] == ("Geanie Franco", "person") and got[1][2].startswith("Commander")


def test_a_lower_case_particle_is_part_of_the_name(nlp):
    """'Mayor de Blasio' is de Blasio, 'Mayor Bill de Blasio' Bill de Blasio: not 'Blasio'."""
    text = ("“It is working,” Mayor de Blasio said.\n\n"
            "“We will act,” said Mayor Bill de Blasio on Monday.\n")
    assert [q.speaker for q in checked_quotes(text, nlp)] == ["de Blasio", "Bill de Blasio"]


def test_a_bare_surname_shared_by_two_people_named_is_the_article_s_subject(nlp):
    """A story about Hillary Clinton that also names 'former President Bill Clinton' in a
    paragraph of its own: a later 'Clinton wrote' is its subject, named first, not the nearest
    full name."""
    text = ("Secrecy is not a stranger when it comes to Hillary Clinton's health, her former "
            "doctor says.\n\n"
            "Dr. Connie Mariano, the White House physician under former President Bill Clinton, "
            "said the clot was kept quiet.\n\n"
            "“Sure enough I had a big clot behind my right knee,” Clinton wrote in 2003.\n")
    assert [q.speaker for q in checked_quotes(text, nlp)] == ["Hillary Clinton"]


def test_a_plural_title_over_a_list_of_names_titles_each_name(nlp):
    """'Sens. Mitch McConnell and Christopher Dodd introduced …': Dodd, quoted later by
    surname alone, is a senator too (his quotes then join his other entries by that title)."""
    from indexer.quotes import extract_quotes_many

    text = ("Sens. Mitch McConnell and Christopher Dodd introduced a resolution today to honor "
            "Rosa Parks.\n\n"
            '"By her solitary action, she proved that one person can change history," said '
            "Dodd.\n")
    (quotes,) = extract_quotes_many([text], nlp)
    assert [(q.speaker, q.speaker_role) for q in quotes] == [("Christopher Dodd", "Sen.")]


def test_one_of_a_group_after_a_titled_name_leaves_the_title_the_role(nlp):
    text = ('"Report every hate crime," said Orange County District Attorney Todd Spitzer, one of '
            'the county\'s outspoken leaders against hate.\n')
    assert _role_org(text, nlp)[:2] == ("Todd Spitzer", "Orange County District Attorney")
    text = '"We won," said Maria Lopez, one of the organizers of the march.\n'
    assert _role_org(text, nlp)[:2] == ("Maria Lopez", "one of the organizers of the march")


def test_a_place_named_like_a_first_name_is_not_the_start_of_a_name(nlp):
    """'Brooklyn' is a first name in the name lists; before 'District' it is the borough (the
    release left out 'Attorney')."""
    from indexer.quotes.names import first_name_at

    assert first_name_at("Brooklyn District Eric Gonzalez".split()) == 2
    assert first_name_at("Committee Joseph R. Biden".split()) == 1
    text = ("Brooklyn District Eric Gonzalez today announced that a man was sentenced.\n\n"
            "District Attorney Gonzalez said, “Justice has prevailed in this case.”\n")
    assert _only(text, nlp).speaker == "Eric Gonzalez"


def test_a_country_s_initials_stay_in_a_federal_office_but_not_before_an_honorific(nlp):
    """'U.S. Attorney Adam Gordon' is a U.S. Attorney (a citation saying 'Attorney' names no
    office); 'U.S. Sen. Jane Roe' stays 'Sen.', as the honorific is the title itself."""
    text = ('"They steal their dignity and security," said U.S. Attorney Adam Gordon.\n')
    assert _role_org(text, nlp)[:2] == ("Adam Gordon", "U.S. Attorney")
    text = '"We are watching," U.S. Sen. Jane Roe said.\n'
    assert _role_org(text, nlp)[:2] == ("Jane Roe", "Sen.")


def test_an_organisation_named_with_an_inner_and_is_named_whole(nlp):
    """'The International Longshore and Warehouse Union' and 'the U.S.-China Economic and
    Security Review Commission' are one organisation each (the parser splits them at 'and');
    'the FBI and Justice Department' stay two, and the first named speaks for them."""
    union = ("The International Longshore and Warehouse Union took credit, saying in its "
             "newsletter: “We have heard rumors that the senator is angry.”\n")
    assert _only(union, nlp).speaker == "International Longshore and Warehouse Union"
    commission = ("The Congressionally chartered U.S.-China Economic and Security Review "
                  "Commission warned of “a petroleum collision course well before the world's "
                  "aggregate petroleum supply is exhausted.”\n")
    found = _only(commission, nlp)
    assert found.speaker == "U.S.-China Economic and Security Review Commission"
    assert found.mention == "U.S.-China Economic and Security Review Commission"
    two = "“We are investigating,” the FBI and Justice Department said in a statement.\n"
    assert _only(two, nlp).speaker == "FBI"
    # a person and a group or a body named with 'and' are no one organisation
    for text, speaker in [
        ("“This bill is dead,” said Speaker Pelosi and House Democrats.\n", "Pelosi"),
        ("“We will not back down,” said Mayor Smith and City Council.\n", "Smith"),
        # a first name or a title word inside a body's name is still the body's
        ("“We are proud,” said the Bill and Melinda Gates Foundation.\n",
         "Bill and Melinda Gates Foundation"),
        ("“We will review it,” said the Criminal Justice and Public Safety Committee.\n",
         "Criminal Justice and Public Safety Committee"),
    ]:
        assert _only(text, nlp).speaker == speaker


def test_a_name_before_its_appositive_speaks_when_the_parser_drops_the_subject(nlp):
    """The parser hangs 'Roy A. Nash, captain of …' on the letter's addressee and leaves
    'wrote' without a subject: the name the appositive describes speaks, not the place
    closing it."""
    text = ("In a May 9 letter to Weaver's Cove Energy, Roy A. Nash, captain of the Coast "
            "Guard's port for Southern New England, wrote that the company's proposal failed to "
            "verify that “smaller LNG tankers can be safely navigated through this waterway.”\n")
    found = _only(text, nlp)
    assert found.speaker == "Roy A. Nash"
    assert found.speaker_role.startswith("captain of the Coast Guard")
    # a name that is itself the appositive speaks, not the addressee it hangs on
    letter = ("In a letter to Exxon Mobil, the agency's regional director, John Doe, wrote that "
              'the permit "cannot be approved."\n')
    assert _only(letter, nlp).speaker == "John Doe"


def test_the_subject_of_what_a_trailing_cue_reports_is_not_its_speaker(nlp):
    """'… “the driver of our economy,” said the Senate-passed bill is …': the bill is what Craig
    said something about; '“…,” said David Brock, a confidant who heads … Correct the Record'
    still names Brock."""
    text = ("Idaho Senator Larry Craig today voted to pass a housing relief bill.\n\n"
            "Craig, terming the housing industry “the driver of our economy,” said the "
            "Senate-passed bill is a major improvement.\n")
    assert _only(text, nlp).speaker == "Larry Craig"
    named = ("“What's shaping up is a battle for the ages,” said David Brock, a Clinton "
             "confidant who heads the pro-Clinton super PAC Correct the Record.\n")
    assert _only(named, nlp).speaker == "David Brock"

