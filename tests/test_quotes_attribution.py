"""Speaker-mention rules found on PolNeAR train, each checked on a made-up text (real spaCy).

``CASES`` is the table: one row per text, named after the phenomenon it shows (``pytest -k
passive_agent`` selects it); a phenomenon shown on several texts has one row for each, named
``<phenomenon>-<which text>``. A row's expectation (tests/quote_checks.py) is ``One`` (the text's
only quote and its fields), ``Nth`` (one quote picked by its place) or ``All`` (every quote, each
field given as its list over them). The few rules checked on lower-level functions follow the
table as functions of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from quote_checks import ANY, All, Contains, Not, Nth, One, StartsWith

from indexer.quotes.cues import CueMatch, it_says
from indexer.quotes.frames import build_frame
from indexer.quotes.marks import find_quote_spans
from indexer.quotes.reports import outermost
from indexer.quotes.roles import is_thing, join_tokens


@dataclass(frozen=True)
class Case:
    """A made-up ``text`` showing the phenomenon ``name`` and what its quotes must be."""

    name: str
    text: str
    expect: One | Nth | All
    note: str = ""


# Shared with test_clause_shaped_partial_quote_gets_a_clause_filler, which checks its frame.
CLAUSE_FILLER = (
    "Marking the end of the season with a formal speech, Ortiz told fans Tuesday night that "
    "\"we close one chapter and we begin another,\" and he vowed to carry the \"mantle\" of "
    "the club.\n"
)

CASES = [
    Case("a_suffix_ends_the_name_and_a_middle_initial_marks_the_first_name",
         "Cook County Public Defender Sharone R. Mitchell Jr. said the bill helps.\n\nBut "
         "Mitchell says many people lack the card. “People are making really tough decisions "
         "based upon safety,” he said.\n",
         One(mention="he", speaker=StartsWith("Sharone R. Mitchell"),
             role="Cook County Public Defender"),
         note="'Mitchell' is a first name in the name lists, so 'Mitchell Jr' was taken for the "
              "whole name; 'Sharone' is in none, but the initial after it shows it is one"),
    Case("counsel_is_a_title",
         "“Last March, I was involved in an accident,” said Defense Counsel Royce West.\n",
         One(speaker="Royce West", role="Defense Counsel"),
         note="the role was 'Defense'"),
    Case("a_qualifier_alone_is_no_role",
         "Acting IG Dennis Rosen said, “Health care fraud compromises the Medicaid program.”\n",
         One(speaker="Dennis Rosen", role=None),
         note="'IG' is no title the tables know, which left the role 'Acting'"),
    Case("a_title_case_name_without_a_cue_of_its_own_is_no_quote",
         "Mr. Trump sat for an interview this month on Mr. King's show, “Politicking.” "
         "Democrats seized on the appearance, in which he said he doubted the report.\n\n"
         "“Never,” Mr. King said when asked whether he had been edited.\n",
         One(text="“Never,”", mention="Mr. King"),
         note="the show's name took the next sentence's 'he said'; the one-word reply has its "
              "own cue"),
    Case("a_show_named_between_doubled_apostrophes_is_no_quote",
         "The network licenses ''Politicking'' and ''Larry King Now'' from his company.\n\n"
         "''They pay us a lot of money,'' Mr. King said.\n",
         One(text="''They pay us a lot of money,''", mention="Mr. King"),
         note="news archives' plain text marks titles with doubled apostrophes too"),
    Case("a_show_the_speaker_spoke_on_is_no_quote",
         "“It’s nonsense,” Mr. Trump said by telephone on NBC’s “Meet the Press.” Later he "
         "told the program “Inside Edition” the same.\n",
         One(text="“It’s nonsense,”", mention="Mr. Trump"),
         note="the cue governs the show's name too, but a possessive or a preposition before a "
              "title-case span makes it a name"),
    Case("speaker_after_a_trailing_cue_read_as_its_object",
         "“The gap between the two of them is awfully large,” added a New Hampshire Democrat.\n",
         One(mention="a New Hampshire Democrat")),
    Case("an_unnamed_party_member_is_an_anonymous_source",
         "“It wasn't a convincing argument,” said one senior Democrat familiar with the "
         "discussion.\n",
         One(mention="one senior Democrat", speaker=None, role="senior Democrat"),
         note="the speaker was registered as 'Democrat', a name nobody has"),
    Case("party_epithet_is_the_person_named_before",
         "State Sen. Ann Marsh presented the bill on Friday.\n\nMarsh, its main sponsor, spoke "
         "to reporters after the vote.\n\n“We want people to comply with the law,” the Chicago "
         "Democrat said.\n",
         One(mention="the Chicago Democrat", speaker="Ann Marsh"),
         note="'the Chicago Democrat' is an epithet for the person the story is about"),
    Case("party_epithet_is_the_nearest_person_not_an_earlier_speaker",
         "“The vote is close,” said Senator Ann Park.\n\nThe bill was written by Tom Reyes, a "
         "state senator from Elgin, who met with farmers on Monday.\n\n“It is a good bill for "
         "every county,” the Elgin Democrat said.\n",
         Nth(-1, mention="the Elgin Democrat", speaker="Tom Reyes"),
         note="like a pronoun: the nearest person named, not the speaker quoted before"),
    Case("a_name_written_possessive_is_the_person_not_their_claim",
         "After the debate, fact-checkers looked at Dana Whitfield’s claim about the river "
         "levees.\n\nShe said:\n\n\"We have levees that have not been inspected in twenty years. "
         "Nobody in the county is safe.\"\n",
         One(mention="She", speaker="Dana Whitfield"),
         note="'Whitfield’s' names her: the speaker is never 'Dana Whitfield’s'"),
    Case("a_name_after_an_owner_s_possessive_is_the_person",
         "Debates seldom change a race, noted NBC’s Dante Chinni, who tracks county voting.\n\n"
         "He said:\n\n\"Debates come late, when most voters have made up their minds already.\"\n",
         One(mention="He", speaker="Dante Chinni"),
         note="'NBC’s' owns the name that follows; it does not end it"),
    Case("a_country_before_a_title_is_no_organisation",
         "\"The time has come to strike the import tariff,\" said U.S. Sen. Dana Whitfield.\n",
         One(speaker="Dana Whitfield", org=None),
         note="'U.S. Sen.' gave the organisation 'U.S.', cited as 'Sen. Dana Whitfield, U.S.'"),
    Case("several_word_surname_after_the_full_name",
         "The county’s top prosecutor, Eileen O’Neill Burke, backed the bill.\n\n“We were "
         "putting people in a bind,” said O’Neill Burke, who took office last year.\n",
         One(speaker="Eileen O’Neill Burke")),
    Case("pronoun_is_the_subject_of_the_sentence_naming_its_person",
         "Chris Matthews said Pence won the debate.\n\nDan McLaughlin at the National Review "
         "agreed with Chris Matthews about the winner.\n\n“If his goal was to make Kaine defend the "
         "status quo, he succeeded,” he wrote.\n",
         One(mention="he", speaker="Dan McLaughlin"),
         note="the object of the sentence ('Chris Matthews') is nearer but not its subject"),
    Case("pronoun_after_a_person_named_in_a_paragraph_without_quotes",
         "“We are proud of the turnout,” said Sen. Bill Walsh.\n\nThe silence worries Henry "
         "Crespo, president of the Florida Democratic Black Caucus.\n\n“No one is writing "
         "songs for her,” he said.\n",
         Nth(-1, mention="he", speaker="Henry Crespo"),
         note="a full name written nearer beats an earlier speaker"),
    Case("pronoun_after_a_bare_surname_is_that_person",
         "Sen. Byron Dorgan wrote the bill with Sen. Chris Dodd and Sen. Harry Reid.\n\nDorgan "
         "dismissed the claims of the oil companies.\n\n“There is no free market when it comes "
         "to oil,” he said.\n",
         One(mention="he", speaker="Byron Dorgan"),
         note="'Dorgan' is nearer than the full names of the sentence before"),
    Case("pronoun_for_a_name_the_lists_call_mostly_female",
         "Jonathan Adelstein, an FCC commissioner, backs the bill.\n\n“We virtually never deny "
         "a license,” he adds.\n\nSen. Bernie Sanders wrote it. But Sanders says the stakes go "
         "further. He argues that the media became “a cheerleader for the White House” before "
         "the war.\n",
         Nth(-1, mention="He", speaker="Bernie Sanders"),
         note="gender_guesser calls 'Bernie' mostly female: a 'mostly' name fits either pronoun"),
    Case("pronoun_after_a_sentence_opened_by_a_clause",
         "Barack Obama had many artists writing songs for him.\n\nWhile Obama had a wide array "
         "of artists behind him, that has not happened for Clinton, which concerns Henry Crespo, "
         "president of the caucus.\n\n“No one is writing songs for Hillary,” he said.\n",
         One(mention="he", speaker="Henry Crespo"),
         note="'Obama' comes first but after 'While': no subject of the sentence"),
    Case("pronoun_skips_a_name_inside_the_quotation",
         "Byron Dorgan spoke at the hearing on Monday.\n\n“We thank Chris Dodd for all his "
         "work on this,” he said.\n",
         One(mention="he", speaker="Byron Dorgan")),
    Case("pronoun_after_a_name_inside_a_quotation_keeps_the_speaker",
         "“I spoke with Barack Obama yesterday,” said Sen. John Smith.\n\n“It went well,” he "
         "added.\n",
         Nth(-1, mention="he", speaker="John Smith")),
    Case("hyphenated_first_name",
         "Jo-Renee Formicola, a political science professor at Seton Hall University, described "
         "the approach.\n\n\"If he is asked questions he cannot answer, he will deflect them,\" "
         "she said.\n",
         One(mention="she", speaker="Jo-Renee Formicola")),
    Case("pronoun_is_the_subject_after_an_opening_and",
         "John Bolton spoke at the State Department.\n\nAnd Robert Hutchings, chairman of the "
         "council, said that Bolton took isolated facts too far. He said the impact of his "
         "actions “creates a climate of intimidation.”\n",
         One(mention="He", speaker="Robert Hutchings")),
    Case("acronym_in_parentheses_inside_a_long_title",
         "“It is despicable when scammers prey on their own community,” said United States "
         "Citizenship and Immigration Services (USCIS) New York Asylum Office Director Patricia "
         "A. Menges.\n",
         One(speaker="Patricia A. Menges"),
         note="the parser ended the noun phrase at '(USCIS)': the frame leaves it out"),
    Case("capitals_title_abbreviation_before_a_surname",
         "State’s Attorney Eileen O’Neill Burke spoke on Monday.\n\n“We have restructured the "
         "entire system,” SA Burke told reporters.\n",
         One(speaker="Eileen O’Neill Burke"),
         note="'SA' (State's Attorney, Special Agent) is a title only in capitals, as 'DA' is"),
    Case("possessive_organisation_before_a_title",
         "\"Our detectives never gave up on this case,\" said CPD’s Chief of Detectives "
         "Antoinette Ursitti.\n",
         One(speaker="Antoinette Ursitti", org="CPD", role=StartsWith("Chief")),
         note="the possessive mark belongs to the organisation, not the role"),
    Case("quote_hung_on_the_name_is_not_the_speakers_role",
         "“She is too far behind,” said an Iowa Democrat, “and Iowa was not a decisive win.”\n",
         All(mention=["an Iowa Democrat"] * 2, speaker=[None, None],
             role=["Iowa Democrat"] * 2)),
    Case("quote_after_a_said_sentence_goes_on_that_speaker",
         "“It is a lot of work,” she said. “We feel good about the areas we are going to.” "
         "She noted a rally planned for Saturday in Sioux City.\n",
         All(at=["she said", "she said"])),
    Case("pronoun_after_a_relative_sharing_a_named_persons_surname",
         "Police shot Keith Lamont Scott in a parking lot on Tuesday.\n\nThe video shows an "
         "officer aiming a gun. Rakeyia Scott can be heard yelling that her husband was "
         "unarmed.\n\n“Don't shoot him,” she says.\n",
         One(mention="she", speaker="Rakeyia Scott"),
         note="'Rakeyia' is in no first-name list; the surname makes her a person"),
    Case("passive_agent_is_the_speaker",
         "Rubio was asked by moderator Gerard Baker whether the plan would risk “adding another "
         "expensive entitlement program to the budget.”\n",
         One(mention="moderator Gerard Baker", speaker="Gerard Baker")),
    Case("statement_introduced_by_a_colon_in_the_paragraph_before",
         "Trump spoke on Sunday.\n\nIn response to the attack, Republican nominee Donald Trump "
         "issued the following statement:\n\n“Our prayers are with all those affected by the "
         "horrible attack.”\n",
         One(speaker="Donald Trump")),
    Case("colon_label_after_party_and_state",
         "Rep. Trey Gowdy (R-S.C.): “I have not heard anyone other than you ever cite that.”\n",
         One(speaker="Trey Gowdy", role="Rep."),
         note="the (R-S.C.) parenthesis is not a role"),
    Case("document_speaking_through_a_cue_read_as_a_noun",
         "The newspaper endorsed her.\n\n“If she wants to be the next president, she should come "
         "to Louisiana,” the editorial read.\n",
         One(mention="the editorial")),
    Case("name_signing_the_quote_on_the_next_line",
         "Readers wrote in.\n\n“The whole idea is something that we hear about all the time, and "
         "it needs to stop.”\n\n- Michelle Marks, Philadelphia.\n\n“She is tested and she is "
         "ready, and she never quits.”\n\n-President Barack Obama, tweeting after the speech.\n",
         All(mention=["Michelle Marks", ANY], speaker=["Michelle Marks", "Barack Obama"],
             role=[ANY, "President"])),
    Case("more_speech_verbs-exhorted",
         "“It is about time we had a woman running this country,” exhorted Jamie Lee Curtis.\n",
         One(mention=Contains("Jamie Lee"))),
    Case("more_speech_verbs-shot_back",
         "“Jeb wants to be a tough guy tonight,” Donald Trump shot back.\n",
         One(mention="Donald Trump")),
    Case("statement_speaks_for_whoever_issued_it",
         "The Security Council issued a statement calling the test “a clear violation of five "
         "resolutions.”\n",
         One(mention="The Security Council")),
    Case("statement_speaks_for_whoever_issued_it-released",
         "She released a statement saying, “We are grateful for the support.”\n",
         One(mention="She")),
    Case("thing_subject_without_cue",
         "The bill includes “a provision that lets the council raise taxes without a vote.”\n",
         One(mention="The bill")),
    Case("thing_subject_without_cue-label",
         "The bill includes a “reform” clause.\n",
         All(),
         note="a short span whose only 'speaker' is a thing is a label, not speech"),
    Case("pronoun_of_a_plain_verb_after_a_named_speakers_cue",
         "The endorsement comes three days after Donald Trump told The Washington Post he was "
         "“not quite there yet” on supporting Ryan.\n",
         One(mention="Donald Trump")),
    Case("pronoun_is_the_subject_after_a_fronted_phrase_not_a_nearer_object",
         "In an interview with a radio host, Ann Marsh made it clear she had misgivings about "
         "the board under Chairwoman Lisa Grant.\n\n"
         "“I could not work for that board,” she told the host.\n",
         One(mention="she", speaker="Ann Marsh")),
    Case("coordinated_clause_keeps_its_own_speaker",
         "She said fathers would not be eligible, and when pressed on why, the 34-year-old mother "
         "of three replied, “It is meant to benefit families.”\n",
         One(mention="the 34-year-old mother", role="34-year-old mother")),
    Case("share_of_those_polled_speaks",
         "However, 63 percent said Clinton was “justified” in keeping her diagnosis private.\n",
         One(mention="63 percent")),
    Case("governing_cue_beats_a_nearer_one_it_does_not_govern",
         "Only 52 percent of registered voters agreed that Clinton is in “good enough health to "
         "serve,” while 73 percent said the same of Trump.\n",
         One(at="52 percent")),
    Case("relative_who_keeps_its_own_report",
         "“Donald Trump is a dictator in the making,” said Glenn Beck, who said there were "
         "“too many disturbing things for me to dismiss.”\n",
         All(mention=["Glenn Beck", "who"], speaker=[ANY, "Glenn Beck"])),
    Case("aside_names_the_speaker",
         "CNN, Ted Cruz said, called the announcement “highly significant.”\n",
         One(mention="Ted Cruz")),
    Case("aside_names_the_speaker-inverted",
         "The paradox of Nancy, says historian Carl Anthony, is that she was “one of the most "
         "powerful first ladies.”\n",
         One(speaker="Carl Anthony")),
    Case("aside_names_the_speaker-as_puts",
         "As The Post's Ruth Marcus puts it, Obama is trying to make Republicans \"an offer they "
         "can't afford to refuse.\"\n",
         One(speaker="Ruth Marcus")),
    Case("phrase_introduced_cue_belongs_to_the_main_clause_subject",
         "After saying her right foot was “so swollen I could barely get my shoe on,” she was "
         "taken to a hospital.\n",
         One(mention="she")),
    Case("pronoun_in_a_relative_clause_is_the_mention_not_the_antecedent",
         "Sanders said the party must support Clinton to defeat Donald Trump, who he blasted as a "
         "“bully and demagogue.”\n",
         One(mention="he", speaker=Not("Donald Trump")),
         note="the pronoun cannot be the clause's own antecedent"),
    Case("participle_cue_hung_on_a_thing_goes_to_the_reporter",
         "In an interview on Monday, Bernie Sanders said the process of writing the platform "
         "could be “messy,” adding, “Democracy is messy.”\n",
         All(mention=["Bernie Sanders"] * 2)),
    Case("pronominal_speaker_after_the_cue",
         "“Yet another state we would have won,” one supporter wrote.\n\n"
         "“Better watch out for the Grimes campaign,” tweeted another.\n",
         All(mention=["one supporter", "another"])),
    Case("in_their_words_hands_the_sentence_to_the_owner",
         "The summit was held in Tel Aviv because, in Forbes’ words, “they are the most "
         "entrepreneurial places on the planet.”\n",
         One(mention="Forbes")),
    Case("in_their_words_hands_the_sentence_to_the_owner-post",
         'From Bush\'s Facebook post: "For the sake of our party and country, we must move on."\n',
         One(mention="Bush")),
    Case("appositive_running_into_the_cue_is_the_speaker",
         "Clinton, a top aide said, “is very confident in the contrast” between her and Trump.\n",
         One(mention="a top aide")),
    Case("concessive_clause_keeps_its_own_speaker",
         "Ryan said he was not ready to endorse him, though he said, “I hope to.”\n",
         One(mention="he")),
    Case("concessive_clause_keeps_its_own_speaker-contrast",
         "Rubio suggested that someone who does not answer questions cannot be president, while "
         "Cruz said that the “stakes in this election are too high” for Trump.\n",
         One(mention="Cruz")),
    Case("complement_clause_belongs_to_the_holder",
         "The commission recognized that a court should settle the matter — “so that all election "
         "officials know the rules.”\n",
         One(mention="The commission")),
    Case("trailing_aside_after_a_partial_quote",
         "Comey cannot claim that “from his perspective,” Lewandowski added.\n",
         One(mention="Lewandowski")),
    Case("roles_keep_the_texts_spacing_and_the_appositive_names_the_role",
         "“We will rebuild,” said Ann Ortiz, the city's mayor.\n",
         One(role="city's mayor")),
    Case("roles_keep_the_texts_spacing_and_the_appositive_names_the_role-appositive_name",
         "“We will rebuild,” said the city’s mayor, Ann Ortiz.\n",
         One(mention="the city’s mayor", speaker="Ann Ortiz", role="city’s mayor")),
    Case("lead_in_after_a_paragraph_that_ends_in_a_sentence",
         "“We are going to build a wall,” Trump added. He then had a question for the crowd.\n\n"
         "“Who is going to pay for it?”\n",
         All(mention=[ANY, "He"], at=[ANY, "He then"])),
    Case("lead_in_after_a_paragraph_that_ends_in_a_sentence-aside",
         "“I intend to split off,” he said. Rather, he said, continued struggles by the campaign "
         "will coalesce support around stopping him.\n\n"
         "“To my knowledge, there is no heavy-hitter as yet involved in this effort.”\n",
         Nth(1, at="he said, continued")),
    Case("name_mistagged_before_its_cue",
         "He is a good data manipulator.\n\nAnd Skelly called Braynard “a real smart guy. I would "
         "like to think he has a good grasp of it.”\n",
         Nth(-1, mention="Skelly")),
    Case("holder_when_the_clause_subject_cannot_speak",
         "He anticipated that one of the biggest challenges for a President Trump would be "
         "“dealing with the wide variety of problems that Obama is going to leave.”\n",
         One(mention="He")),
    Case("irregular_past_of_a_cue_verb",
         "Director Sam Lee decided not to act on Tuesday even though he found “evidence” that "
         "the company broke the law.\n",
         One(mention="he")),
    Case("pronoun_owning_a_speech_noun_is_the_mention",
         "Former secretary Ann Ortiz fanned controversy this year over her remark that “there is a "
         "special place for people who never help each other.”\n",
         One(mention="her", speaker="Ann Ortiz")),
    Case("pronoun_owning_a_speech_noun_is_the_mention-promise",
         "But while Trump's past statements, including his promise to be “neutral” in the talks, "
         "caused concern, he kept going.\n",
         One(mention="his")),
    Case("pronoun_owning_a_speech_noun_is_the_mention-words",
         "She wants to put him in charge of fixing the economy because, in her words, “he knows "
         "how to do it.”\n",
         One(mention="She")),
    Case("participle_cue_under_an_it_clause_goes_to_the_reporter",
         "In a 2014 interview, Gore insisted it was “premature” to back her campaign while adding "
         "on climate matters, “I have no doubt that her heart is in the right place.”\n",
         Nth(-1, mention="Gore")),
    Case("relative_clause_with_a_named_subject_keeps_its_speaker-which",
         "The former judge criticized the mayor’s email use, which a police inquiry said was "
         "“extremely careless” but not criminal.\n",
         One(mention="a police inquiry")),
    Case("relative_clause_with_a_named_subject_keeps_its_speaker-that",
         "In a clip that Judge Ann Ortiz called “distasteful,” Lee expressed a desire to leave.\n",
         One(mention="Judge Ann Ortiz")),
    Case("relative_clause_with_a_named_subject_keeps_its_speaker-in_which",
         "The Ortiz campaign also emailed a video of Lee from 1999, in which Lee called himself "
         "“very pro-choice” and admitted he had changed.\n",
         One(mention="The Ortiz campaign")),
    Case("to_which_clause_keeps_its_own_speaker",
         "She said experts had found her plans were strong, to which Lee interjected: “It is just "
         "not true.”\n",
         One(mention="Lee")),
    Case("quote_between_a_possessor_and_a_speech_noun",
         "It is the lasting pull of Ortiz's \"if you like your plan, you can keep it\" promise: "
         "many voters still believe it.\n",
         One(mention="Ortiz")),
    Case("quote_between_a_possessor_and_a_speech_noun-pronoun",
         "Critics mocked his “read my lips” pledge for years.\n",
         One(mention="his")),
    Case("quote_resumed_after_an_ellipsis_goes_on_the_previous_speaker",
         "“We met at the station. He waved at me,” Alvarez said, “and he never looked back.”\n\n"
         "“… they just keep walking past the people who waited for them all night long,” she "
         "went on.\n\n"
         "“… and nobody ever comes back to the town after the election is over and done.”\n",
         Nth(-1, kind="direct", mention="she")),
    Case("pressed_is_a_cue",
         "“Would it be open to a deal on the old tax rules?” Garcia pressed. “Maybe let some "
         "firms pay later?”\n",
         All(mention=["Garcia", "Garcia"])),
    Case("coordinated_that_complement_stays_in_the_outer_report",
         "Maria Lopez says the city council should be doing more against the flooding and that "
         "she expects Mayor John Reed to announce an “overhaul” in the spring.\n",
         One(mention="Maria Lopez")),
    Case("colon_quote_after_a_conjunct_goes_to_its_own_subject",
         "Patel said the two senators were dull, but she gave the younger one a rare compliment: "
         "“He always shows up on time and he reads every single bill.”\n",
         One(mention="she")),
    Case("trailing_pronoun_cue_repeats_a_named_report",
         "Campaign aide Maria Soto said that the team will push the contrast so that voters "
         "know Ortiz has \"a clear plan for the first hundred days in office,\" she said.\n",
         One(mention="Campaign aide Maria Soto")),
    Case("trailing_pronoun_cue_repeats_a_named_report-own",
         "The aide was calm. “We have a clear plan for the first hundred days,” she said.\n",
         One(mention="she")),
    Case("made_clear_reports_its_clause",
         "Nguyen has made clear that he expects the rival camp to unleash its ads, its money and "
         "its surrogate “attack dogs” on him.\n",
         One(mention="Nguyen")),
    Case("made_clear_reports_its_clause-it_clear",
         "Meanwhile, Patel backed the deal, although she made it clear that she has “deep "
         "concerns” about parts of the plan.\n",
         One(mention="she", at="she made")),
    Case("voiced_is_a_cue",
         "He spoke about trade. He voiced a wish for a “strong, prosperous and vibrant region,” "
         "and he pronounced the mayor “a dear friend.”\n",
         Nth(0, mention="He", at="He voiced")),
    Case("portraying_and_intimating_are_cues",
         "On Monday, Reyes tried to turn the tables, portraying Moss as hypocritical because he "
         "had taken \"about $200,000\" from banks.\n",
         One(mention="Reyes")),
    Case("portraying_and_intimating_are_cues-hinted",
         "Reyes has intimated that Moss's \"diagnoses\" of economic ills are too grim.\n",
         One(mention="Reyes")),
    Case("clause_shaped_partial_quote_gets_a_clause_filler",
         CLAUSE_FILLER,
         All(mention=["Ortiz", "he"]),
         note="the frame the parser reads is checked by the function of this name below"),
    Case("name_read_as_a_root_noun_is_the_subject_of_the_next_verb",
         "Trump defended eminent domain, calling the expropriation of private property for "
         "public use an \"absolute necessity\" for the government to build schools, roads and "
         "bridges. He also argued the pipeline was safe.\n",
         One(mention="Trump"),
         note="'trump' is also a common noun: the tagger reads 'Trump defended …' as a noun "
              "phrase"),
    Case("owned_speech_noun_framing_a_clause_speaks_for_it",
         "Senator Reed's accusation that Mayor Lopez is playing the \"victim card\" and would be "
         "a weak candidate if she won has changed the race.\n",
         One(mention="Senator Reed")),
    Case("trailing_subordinate_clause_cue_yields_to_the_governing_cue",
         "Reyes refers to the mayor, who is supposedly his old friend, as \"Mr. Lopez,\" while "
         "Lopez refers to the senator as \"Danny.\"\n",
         All(mention=["Reyes", "Lopez"])),
    Case("outermost_report_stops_at_a_trailing_attribution",
         "Reed cannot say that \"from his point of view,\" Walsh added, saying it should be \"up "
         "to the voters to decide.\"\n",
         All(mention=["Walsh", "Walsh"])),
    Case("in_their_words_of_the_next_sentence_does_not_take_the_quote",
         "But after the debate, the columnist Mary Chen imagined Reed was thinking: \"What have I "
         "done?\" Others saw the same thing in Reed's blank stare and robotic words of thanks.\n",
         One(mention="the columnist Mary Chen", speaker="Mary Chen", role="columnist"),
         note="a close appositive name ends the mention"),
    Case("no_break_space_after_a_quote_keeps_the_trailing_cue",
         "“If anyone wonders why the review is not yet complete, this report is Exhibit A,”"
         "\u00a0added Ortiz.\n",
         One(mention="Ortiz")),
    Case("no_break_space_after_a_quote_keeps_the_trailing_cue-named",
         "“We will appeal the ruling,” said Sen.\u00a0Ann Ortiz.\n",
         One(mention="Sen.\u00a0Ann Ortiz")),
    Case("lead_in_reporting_verb_hung_under_the_root",
         "Reed contends the board may switch sides.\n\n"
         "Reed elaborated in an editorial piece for The Boston Globe that trustees currently "
         "pledged to Lopez, even those who did so before the vote began, may reconsider.\n\n"
         "“A win in Maine would powerfully underscore the doubts about her.”\n",
         One(mention="Reed", at="Reed elaborated")),
    Case("lead_in_aside_cue_before_a_thing_subject",
         "The rules changed at the last minute.\n\n"
         "If anything, Walsh argued in his email, the incident is an illustration of why the "
         "board should adopt the old rules.\n\n"
         "“In light of this serious breach, is it prudent for the board to go on?”\n",
         One(mention="Walsh", at="Walsh")),
    Case("subject_of_a_clause_fronted_before_a_subjectless_cue",
         "One attendee, who like others spoke on the condition of anonymity to discuss the "
         "private meeting, said the message was that \"this is not going to be over in March.\"\n",
         One(mention="One attendee")),
    Case("speech_noun_before_that_past_a_phrase_on_it",
         "Even as Ortiz was criticizing Reed, however, she came under fire from rivals over her "
         "assertion during the debate that \"we now finally are where we need to be\" on the "
         "budget.\n",
         One(mention="her", at="her assertion")),
    Case("speech_noun_before_that_past_a_phrase_on_it-comma",
         "Another holdout — the Mine Workers — is unlikely to give Ortiz the nod after her "
         "March comment that, \"We're going to put a lot of coal miners out of business.\"\n",
         One(mention="her", at="her March")),
    Case("document_speaks_for_its_author_in_a_by_phrase",
         "In addition, a fundraising email sent out by Ortiz on Tuesday night warned of the "
         "tough fight ahead: \"There are 14 primaries over the next three weeks.\"\n",
         One(mention="Ortiz")),
    Case("later_reporting_verb_before_the_colon_reports_the_quote",
         "\"Apparently there's a man with some problems,\" Reed said as the heckler yelled: "
         "\"You lose!\"\n",
         All(mention=["Reed", "the heckler"])),
    Case("later_reporting_verb_before_the_colon_reports_the_quote-own",
         "\"Let everybody know that they are to go to the refuge,\" Walsh says to Hill on camera, "
         "who responds enthusiastically: \"Okay!\"\n",
         Nth(-1, mention="who")),
    Case("later_reporting_verb_before_the_colon_reports_the_quote-thought",
         "He said he often thinks of what his parents told him: \"In order to get to heaven, you "
         "need letters of reference from the poor.\"\n",
         One(mention="He"),
         note="not 'his parents': a free relative's words"),
    Case("a_plural_title_before_a_joint_attribution_is_not_part_of_the_name",
         "Senators Hillary Rodham Clinton and Charles Schumer today announced funding.\n\n"
         "\"We fought hard for it,\" said Senators Hillary Rodham Clinton and Charles Schumer.\n",
         One(mention="Senators Hillary Rodham Clinton", speaker="Hillary Rodham Clinton")),
    Case("a_surname_is_not_expanded_with_an_article_or_a_hyphenated_partner",
         "The Cochran amendment and the Clinton-Mikulski bill passed on Tuesday.\n\n"
         "\"We need this funding,\" said Senator Cochran.\n\n"
         "\"It is a good day for nurses,\" said Senator Mikulski.\n",
         All(speaker=["Cochran", "Mikulski"]),
         note="'The Cochran amendment' and 'the Clinton-Mikulski bill' name no 'The Cochran' and "
              "no 'Clinton- Mikulski' (both seen in the full Senate registry)"),
    Case("a_surname_expands_to_a_full_name_with_a_middle_initial",
         "Sens. Benjamin L. Cardin and Barbara A. Mikulski announced funding on Tuesday.\n\n"
         "\"It is a good day for nurses,\" said Senator Mikulski.\n",
         One(speaker="Barbara A. Mikulski"),
         note="an initial is not 'A' or 'a'"),
    Case("the_second_half_of_a_split_quote_is_not_the_speakers_role",
         "\"The academy and the centre are vital facilities,\" said Dodd, \"and reflect the "
         "state's tremendous contributions to our nation's security.\"\n",
         All(speaker=["Dodd", "Dodd"], role=[None, None]),
         note="'said Dodd, “and reflect …”': the parser hangs the second half on the name as an "
              "appositive; it is the quote going on, not a description of Dodd"),
    Case("a_timestamp_set_off_by_a_dash_is_not_part_of_the_mention",
         "Audio log of the weekly call.\n\n"
         "20:57 - Domenici says \"amnesty\" is not the point when discussing the workers.\n",
         One(mention="Domenici", speaker="Domenici", role=None)),
    Case("a_long_lead_ending_in_a_place_name_before_the_colon",
         "Today, Senate Democratic Leader Harry Reid released the following statement on the "
         "Senate's vote of no confidence in the administration's policy in Iraq:\n\n"
         "\"It's not often you see votes of no confidence on an administration.\"\n",
         One(speaker="Harry Reid"),
         note="'Reid released the following statement on the vote … in Iraq:' introduces Reid's "
              "words, not Iraq's"),
    Case("a_long_lead_ending_in_a_place_name_before_the_colon-more_from",
         "Pollsters weigh in - More from Jones: \"The partisanship of the state is a start.\"\n",
         One(mention="Jones"),
         note="a name after 'from' still labels the quote"),
    Case("fact_check_labels_are_not_transcript_speakers",
         "FACT: The Budget Falls Short on Veterans' Healthcare. \"It is $1.3 billion short,\" "
         "the report said.\n\n"
         "FACT: July Was the Deadliest Month. \"During the month, 3,438 Iraqis were killed,\" "
         "the report said.\n",
         All(kind=["direct", "direct"], mention=["the report", "the report"])),
    Case("a_named_persons_statement_is_that_person_speaking",
         "Senator Barbara A. Mikulski (D-Md.) today introduced an amendment.\n\n"
         "Senator Mikulski's statement as prepared follows:\n\n"
         "\"I rise to offer an amendment needed by small and seasonal businesses.\"\n",
         One(mention="Senator Mikulski's statement", speaker="Barbara A. Mikulski",
             speaker_kind="person"),
         note="'Senator Mikulski's statement as prepared follows:' (a common release heading) is "
              "Barbara A. Mikulski speaking, not an organisation called \"Senator Mikulski's "
              "statement\""),
    Case("congressman_and_elect_titles_and_listed_colleagues_are_not_names_or_roles",
         "\"This is a good day for the state,\" said Congressman Hoyer.\n\n"
         "\"We will work together,\" said Democratic Leader-elect Harry Reid.\n\n"
         "\"The lab matters,\" said Rep. Steve Pearce, Pete Domenici and Jeff Bingaman.\n",
         All(speaker=["Hoyer", "Harry Reid", "Steve Pearce"],
             role=["Congressman", "Democratic Leader-elect", "Rep."])),
    Case("a_prosecutors_release_names_the_official_outside_the_quoted_paragraphs",
         "Brooklyn Acting District Attorney Eric Gonzalez announced the indictment today.\n\n"
         "\"This is a senseless murder and I intend to prosecute it,\" he said.\n\n"
         "The Acting District Attorney called the defendant \"the mastermind of the ring.\"\n",
         All(mention=["he", "The Acting District Attorney"],
             speaker=["Eric Gonzalez"] * 2, role=["Brooklyn Acting District Attorney"] * 2),
         note="the official is named in a lead paragraph with no quote (never parsed): 'he' and "
              "'the Acting District Attorney' still resolve to him, with the titles written "
              "before his name"),
    Case("prosecutor_and_agent_titles",
         "\"Chester Yang has been held accountable,\" DA Stephan said.\n\n"
         "\"Ensuring seniors are safe is our mission,\" said Special Agent in Charge Mark Dargis "
         "of the FBI San Diego Field Office.\n\n"
         "Defendant called himself \"the king of the block\" in messages.\n",
         All(speaker=["Stephan", "Mark Dargis", None],
             role=["DA", "Special Agent in Charge", "Defendant"])),
    Case("a_two_word_surname_is_the_person_named_in_full_before",
         "Folic acid matters before pregnancy, says registered dietitian Amanda A. Kostro "
         "Miller.\n\n"
         "A multivitamin helps too, says Kostro Miller. \"Talk to your doctor first,\" she "
         "continued.\n",
         One(mention="she", speaker="Amanda A. Kostro Miller"),
         note="'Kostro Miller' (no listed first name) was a person of its own, and the nearest "
              "antecedent of 'she'"),
    Case("an_event_or_a_pronoun_is_no_person_a_pronoun_refers_to",
         "Céline Dion has spoken of her childhood in Quebec.\n\n"
         "The singer started young, even winning the 1988 Eurovision Song Contest.\n\n"
         "\"I felt like a real outsider at school,\" she said.\n",
         One(mention="she", speaker="Céline Dion"),
         note="'Song Contest' (a first name and a head) was taken for the nearest woman, and in "
              "a novel's 'Actually I …' the narrator's 'I' became a person called 'Actually I'"),
    Case("an_office_s_qualifier_is_no_part_of_a_name",
         "Lead Prosecutor Kevin Brooks told jurors the case was about obsession.\n\n"
         "In his last instructions to the jury, First Assistant Brooks told jurors to send a "
         "message, \"Tell her she is never going home.\"\n",
         One(mention="First Assistant Brooks", speaker="Kevin Brooks"),
         note="'First Assistant' is an office: the speaker was 'Assistant Brooks', a name no one "
              "has"),
    Case("a_name_after_an_owned_title_is_whole",
         "\"Fatal overdoses keep rising,\" said San Diego County’s Chief Medical Examiner Dr. "
         "Glenn Wagner. \"We see a new pattern.\"\n",
         All(speaker=["Glenn Wagner"] * 2,
             role=["San Diego County’s Chief Medical Examiner"] * 2, org=[None] * 2),
         note="the parser set the name apart from the owned title ('County’s … Examiner') as an "
              "appositive, and the mention stopped at 'Glenn'; a 'Dr.' closing a title is none "
              "of the office"),
    Case("a_special_agent_in_charge_is_one_title_before_the_name",
         "\"Elder justice is a priority,\" said Special Agent in Charge Mark Dargis of the FBI "
         "San Diego Field Office.\n\n"
         "\"We will find them,\" said HSI Special Agent in Charge Jane Roe.\n\n"
         "DEA Special Agent in Charge Bo Kim said the agency traced the pills.\n\n"
         "\"It was a long investigation,\" Kim said.\n",
         All(speaker=["Mark Dargis", "Jane Roe", "Bo Kim"],
             role=["Special Agent in Charge", "Special Agent in Charge",
                   "DEA Special Agent in Charge"],
             org=["FBI San Diego Field Office", "HSI", None]),
         note="the parser reads 'in Charge Jane Roe' as a place after the title: the name was "
              "lost and the quote went to the special agent named before"),
    Case("an_office_after_in_charge_is_no_name",
         "\"We will find them,\" said the FBI Special Agent in Charge Houston Field Office.\n",
         One(speaker=None, role="Special Agent")),
    Case("a_full_name_after_a_longer_one_is_another_person",
         "Sarah Jane Parker founded the clinic in 1990.\n\n"
         "Today her niece Jane Parker runs the clinic with two nurses.\n\n"
         "\"We see 200 patients a week,\" she said.\n",
         One(mention="she", speaker="Jane Parker")),
    Case("a_quoted_bill_name_is_not_a_quote",
         "Senator Mikulski's bill, the \"Save Our Small and Seasonal Businesses Act,\" exempts "
         "returning workers from the cap. It builds on the \"Foreclosure Prevention Act of "
         "2008.\"\n\n"
         "\"Today the Senate passed legislation to protect infants by passing the Newborn "
         "Screening Saves Lives Act,\" said Dodd.\n",
         All(speaker=["Dodd"], text=[StartsWith("\"Today")])),
    Case("hyphenated_names_stay_whole_and_a_hyphenated_title_is_not_a_name",
         "\"We are all trying to achieve justice,\" said Deputy District Attorney Mary-Ellen "
         "Barrett.\n\n"
         "\"Robbing someone of wages is wrong,\" said Labor Commissioner Lilia García-Brower.\n\n"
         "\"This arrest shows our partnerships,\" said Orange County Sheriff-Coroner Sandra "
         "Hutchens.\n",
         All(speaker=["Mary-Ellen Barrett", "Lilia García-Brower", "Sandra Hutchens"],
             role=["Deputy District Attorney", "Labor Commissioner",
                   "Orange County Sheriff-Coroner"])),
    Case("spanish_notice_headings_are_not_transcript_speakers",
         "QUE: Audiencia preliminar del acusado\n\n"
         "CUANDO: El lunes, a las 8:30 de la mañana\n\n"
         "DONDE: En el departamento C-55, en el Centro de Justicia de Santa Ana\n",
         All()),
    Case("review_edge_cases_of_names_titles_and_bill_names",
         "\"We will rebuild the plant,\" said Ann Ortiz, Acme Corp.\n",
         One(org="Acme Corp."),
         note="an organisation, not other people; the name and title helpers are checked by "
              "the function of this name below"),
    Case("capitalised_words_run_into_a_name_are_cut_at_the_first_name",
         "\"We must act now,\" said Senate Majority Whip Mitch McConnell.\n\n"
         "\"The treaty matters,\" said Senate Foreign Relations Committee Joseph R. Biden.\n\n"
         "\"It is clean air,\" said EPA Administrator Stephen L. Johnson.\n",
         All(speaker=["Mitch McConnell", "Joseph R. Biden", "Stephen L. Johnson"])),
    Case("a_surname_expands_to_the_name_from_its_first_name_on",
         "The Senate Foreign Relations Committee Joseph R. Biden held a hearing on Tuesday.\n\n"
         "\"The treaty matters,\" said Senator Biden.\n",
         One(speaker="Joseph R. Biden")),
    Case("title_and_name_parsed_as_two_subjects_name_the_speaker",
         "U.S. Senate Majority Whip Mitch McConnell made the following statement Tuesday "
         "regarding the vote:\n\n\"This is a good day for Kentucky.\"\n",
         One(mention="Mitch McConnell", speaker="Mitch McConnell", role="Senate Majority Whip")),
    Case("a_name_suffix_before_the_colon_is_the_topic_not_the_speaker",
         "Sen. Olympia J. Snowe (R-Maine) issued the following statement today on the death "
         "of former Waterville mayor Cyril M. Joly, Jr.:\n\n\"This past weekend was a sad "
         "occasion.\"\n\n"
         "Senator Kay Bailey Hutchison released a statement on the passing of noted author, "
         "publisher, and conservative commentator William F. Buckley, Jr.:\n\n\"I was deeply "
         "saddened.\"\n",
         All(speaker=["Olympia J. Snowe", "Kay Bailey Hutchison"])),
    Case("a_sentence_opening_surname_tagged_as_a_noun_is_the_named_person",
         "Senator Bernie Sanders spoke today.\n\n"
         "Sanders said, \"Once again, the White House is putting its agenda first.\"\n",
         One(mention="Sanders", speaker="Bernie Sanders", speaker_kind="person")),
    Case("a_description_matches_the_abbreviated_title_it_spells_out",
         "WASHINGTON - Sen. Robert C. Byrd today called on Congress to act on mine safety.\n\n"
         "\"The longer we wait, the more likely another fatality will occur,\" the Senator "
         "stated.\n",
         One(mention="the Senator", speaker="Robert C. Byrd")),
    Case("attribution_in_the_short_paragraph_after_a_comma_closed_quote",
         "About 2,000 people complete a diversion program every year.\n\n"
         "“Safety and responsible gun ownership are the cornerstones of this measure,”\n\n"
         "Sen. Sims said.\n\n"
         "“Nonviolent, first-time offenders should have the chance.”\n",
         All(mention=["Sen. Sims"] * 2, speaker=["Sims"] * 2)),
    Case("a_cue_fronted_before_the_speaker",
         "\"We will fight this,\" said Egbufor.\n\n"
         "Said Egbufor, \"I am concerned that the tax break will no longer be available.\"\n\n"
         "Senator Harry Reid spoke. Added Sen. Reid, \"We will not stop.\"\n",
         All(mention=["Egbufor", "Egbufor", "Sen. Reid"],
             speaker=["Egbufor", "Egbufor", "Harry Reid"], cue=["said", "Said", "Added"])),
    Case("a_fronted_cue_before_a_colon_or_an_appositive",
         "Senator Frank Lautenberg spoke.\n\n"
         "Said Lautenberg: \"The ability to use your cell phone in flight matters.\"\n\n"
         "Said Glenn Schmidt, a teacher in Sun Prairie, Wisc.: \"As an educator, I know this "
         "bill is key.\"\n",
         All(mention=["Lautenberg", "Glenn Schmidt"],
             speaker=["Frank Lautenberg", "Glenn Schmidt"])),
    Case("a_surname_s_title_picks_the_person_holding_that_office",
         "WASHINGTON - Senator Ken Salazar and his brother, Congressman John Salazar, toured "
         "the dam today.\n\n\"This dam matters to every farmer,\" said Senator Salazar.\n\n"
         "\"We will fight for the funding,\" said Congressman Salazar.\n\n"
         "Senator Hillary Rodham Clinton spoke on Monday.\n\n"
         "\"It was the right call,\" Senator Clinton said.\n\n"
         "\"I made the decision in 1994,\" President Clinton said in a statement.\n",
         All(speaker=["Ken Salazar", "John Salazar", "Hillary Rodham Clinton", "Clinton"])),
    Case("words_inside_another_quote_name_no_speaker",
         "Sen. Jane Roe made the following statement after the release of a Senate committee "
         "report, \"A Nation Still Unprepared,\" recommended that the agency be replaced with "
         "an independent authority:\n\n\"I think this clearly confirms what folks in Louisiana "
         "have known for months - that the agency is beyond repair.\"\n",
         One(speaker=None, mention=None)),
    Case("the_house_s_titles_are_one_office",
         "Congressman Jim Gerlach (R-PA-6) joined the senators today.\n\n"
         "\"This funding will help the county,\" said Representative Gerlach.\n",
         One(speaker="Jim Gerlach")),
    Case("they_is_no_one_person",
         "“He was a bright boy,” State’s Attorney Eileen O’Neill Burke said after the verdict.\n\n"
         "Family members wiped away tears after the verdict.\n\n"
         "“Justice, justice,” they said as they walked out.\n",
         All(speaker=["Eileen O’Neill Burke", None]),
         note="'they' went to the prosecutor quoted before, the one person met so far"),
    Case("they_after_a_joint_mention_keeps_its_speakers",
         "“It is a good day,” said Sens. Edward Kennedy and John Kerry.\n\n"
         "The bill passed 90 to 10.\n\n“This is a great day for Massachusetts,” they said.\n",
         All(speaker=["Edward Kennedy", "John Kerry"])),
    Case("a_modifier_of_a_prepositions_noun_is_no_cue",
         "“If I can’t have you no one can,” Assistant State’s Attorney Stephanie Gersch during "
         "closing arguments.\n",
         One(speaker=None),
         note="the release left out the verb; 'closing' was read as the cue, and the speaker as "
              "'Assistant State'"),
    Case("a_nickname_in_brackets_or_a_name_given_as_is_no_quote",
         "On June 28, Michel called Titus (“LS”) Haynes and told him he needed a gun. Days "
         "later Charlot texted Michel, telling him to pick up a firearm referred to as "
         "“Becky.” The Air Force will send 18 jets, known as \"Golden Eagles\", to the Guard.\n",
         All(),
         note="'Michel called “LS”' and 'Charlot telling … “Becky.”' were quotes with speakers"),
    Case("saint_after_a_first_name_is_part_of_the_surname",
         "\"These dollars will go a long way,\" said Billings Police Chief Rich St. John.\n",
         One(speaker="Rich St. John", role="Billings Police Chief"),
         note="the speaker was 'John', with the role 'Billings Police Chief Rich St.'"),
    Case("a_name_suffix_after_a_comma_is_no_role",
         "\"Our goal is to secure it,\" said Portales Mayor Orlando Ortega, Jr., who serves as "
         "Vice Chairman of the authority.\n\n\"We will,\" said Ann Ruiz, Jr., the treasurer.\n",
         All(speaker=["Orlando Ortega", "Ann Ruiz"], role=["Portales Mayor", "treasurer"]),
         note="the role was 'Jr.' and 'Jr. the treasurer'"),
    Case("nobody_is_no_speaker",
         "The bill requires the department to attest that no American is able to take a job "
         "before a \"guest worker\" may.\n",
         All(),
         note="'no American' was the speaker of the term"),
    Case("a_group_named_no_is_a_speaker",
         "\"It is a good start,\" No Labels said in a statement.\n",
         One(speaker="No Labels")),
    Case("a_senior_title_is_no_name_suffix",
         "\"The plan works,\" said Jane Doe, Sr. Director of Communications at Acme Corp.\n",
         One(speaker="Jane Doe", role="Sr. Director of Communications")),
    Case("words_a_speaker_names_a_thing_by_are_theirs",
         "Sen. Jane Smith criticized what she referred to as \"Highway Robbery\" by the oil "
         "companies.\n",
         One(speaker="Jane Smith")),
    Case("they_after_a_joint_mention_by_surnames_keeps_its_speakers",
         "\"We need more help,\" said Sens. Stabenow and Levin.\n\nThe bill passed.\n\n"
         "\"More help is coming,\" they said.\n",
         All(speaker=["Stabenow", "Stabenow"])),
    Case("a_name_with_a_curly_apostrophe_is_one_name",
         "State’s Attorney Eileen O’Neill Burke and Chief Judge Tim Evans spoke after the "
         "verdict. “Justice was done,” she said.\n",
         One(speaker="Eileen O’Neill Burke"),
         note="the tagger reads 'O’Neill' as a common noun, which cut the name to 'Eileen'"),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_attribution(case: Case, nlp) -> None:
    case.expect.check(case.text, nlp)


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


# Rules checked on lower-level functions (the quote-mark scanner, the cue and report helpers, the
# role and title helpers, the parse frame), or on the parse itself rather than on extracted
# quotes: no row of the table can state them.


def test_opening_curly_mark_typed_as_a_closer():
    """The quote-mark scanner alone (``find_quote_spans``): its spans, not extracted quotes."""
    text = "“It's unusual,“ said Larry Noble. “It happens.”"
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["“It's unusual,“", "“It happens.”"]
    assert all(s.closed for s in spans)


def test_it_speaks_through_naming_verbs(nlp):
    """``it_says`` on a subject and its verb."""
    doc = nlp("It calls them “things.”")
    assert it_says(doc[0], doc[1])
    doc = nlp("It sold them.")
    assert not it_says(doc[0], doc[1])


def test_roles_keep_the_texts_spacing_and_the_appositive_names_the_role(nlp):
    """``join_tokens`` on tokens (the table's rows of this name check the extracted roles)."""
    doc = nlp("the city 's mayor")
    assert join_tokens([doc[1], doc[2], doc[3]]) == "city 's mayor"  # spacing as written
    doc = nlp("the city's mayor")
    assert join_tokens(list(doc)[1:]) == "city's mayor"


def test_is_thing(nlp):
    """``is_thing`` on single tokens."""
    doc = nlp("The cable said the analysts and the police spokesman met Ann Ortiz.")
    words = {t.text: t for t in doc}
    assert is_thing(words["cable"])
    assert not is_thing(words["analysts"])
    assert not is_thing(words["spokesman"])
    assert not is_thing(words["Ortiz"])


def test_named_report_before_a_pronouns_cue_keeps_the_name(nlp):
    """``outermost`` on a hand-built ``CueMatch``, after checking the parse the rule is for."""
    doc = nlp("Lee says Smith will win the race, he says.")
    assert doc[1].head == doc[9] and doc[8].head == doc[9]  # the parse this rule is for
    inner = CueMatch(doc[1], "says", doc[0], doc[0:1], True, 0)
    assert outermost(inner, [], doc[4]).head == doc[0]


def test_clause_shaped_partial_quote_gets_a_clause_filler():
    """``build_frame``'s fillers (the table's row of this name checks the extracted mentions)."""
    text = CLAUSE_FILLER
    first, second = (text.index('"we'), text.index('another,"') + 9), (
        text.index('"mantle'), text.index('mantle"') + 7)
    frame = build_frame(text, 0, len(text), [(0, *first, True), (1, *second, True)])
    assert '"it is so,"' in frame.text and '"things"' in frame.text


def test_capital_only_titles_leave_name_particles_alone():
    """``strip_titles`` on names."""
    from indexer.quotes.roles import strip_titles

    assert strip_titles("Luiz Inácio Lula da Silva") == ("Luiz Inácio Lula da Silva", [])
    assert strip_titles("San Diego DA Summer Stephan") == ("Summer Stephan",
                                                          ["San", "Diego", "DA"])
    # local offices and the courtesy 'Honorable' are titles too (full Senate store, session 21)
    assert strip_titles("Pierce County Executive John Ladenburg")[0] == "John Ladenburg"
    assert strip_titles("Bronson City Clerk Megan Hanson")[0] == "Megan Hanson"
    assert strip_titles("Honorable R. James Nicholson")[0] == "R. James Nicholson"


def test_review_edge_cases_of_names_titles_and_bill_names():
    """``strip_titles``, ``people_in`` and ``is_named_title`` on strings (the table's row of this
    name checks the extracted organisation)."""
    from indexer.quotes.marks import is_named_title
    from indexer.quotes.resolve import people_in
    from indexer.quotes.roles import strip_titles

    assert strip_titles("Kelly St. John") == ("Kelly St. John", [])
    assert strip_titles("Jim Justice Jr.") == ("Jim Justice Jr.", [])
    assert people_in("Students rallied at George Washington University on Friday.") == []
    assert not is_named_title("\"WE MUST PASS THIS BILL\"")
