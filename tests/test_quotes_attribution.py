"""Speaker-mention rules found on PolNeAR train, each checked on a made-up sentence (real spaCy)."""

from __future__ import annotations

from quote_checks import checked_quotes as _quotes
from quote_checks import only_quote as _only

from indexer.quotes.cues import CueMatch, it_says
from indexer.quotes.frames import build_frame
from indexer.quotes.marks import find_quote_spans
from indexer.quotes.reports import outermost
from indexer.quotes.roles import is_thing, join_tokens


def test_speaker_after_a_trailing_cue_read_as_its_object(nlp):
    text = "“The gap between the two of them is awfully large,” added a New Hampshire Democrat.\n"
    assert _only(text, nlp).mention == "a New Hampshire Democrat"


def test_quote_hung_on_the_name_is_not_the_speakers_role(nlp):
    text = "“She is too far behind,” said an Iowa Democrat, “and Iowa was not a decisive win.”\n"
    quotes = _quotes(text, nlp)
    assert [q.mention for q in quotes] == ["an Iowa Democrat"] * 2
    assert all(q.speaker_role is None for q in quotes)


def test_quote_after_a_said_sentence_goes_on_that_speaker(nlp):
    text = (
        "“It is a lot of work,” she said. “We feel good about the areas we are going to.” "
        "She noted a rally planned for Saturday in Sioux City.\n"
    )
    first, second = _quotes(text, nlp)
    assert second.mention_start == first.mention_start == text.index("she said")


def test_passive_agent_is_the_speaker(nlp):
    text = (
        "Rubio was asked by moderator Gerard Baker whether the plan would risk “adding another "
        "expensive entitlement program to the budget.”\n"
    )
    q = _only(text, nlp)
    assert q.mention == "moderator Gerard Baker" and q.speaker == "Gerard Baker"


def test_statement_introduced_by_a_colon_in_the_paragraph_before(nlp):
    text = (
        "Trump spoke on Sunday.\n\nIn response to the attack, Republican nominee Donald Trump "
        "issued the following statement:\n\n“Our prayers are with all those affected by the "
        "horrible attack.”\n"
    )
    assert _only(text, nlp).speaker == "Donald Trump"


def test_colon_label_after_party_and_state(nlp):
    text = "Rep. Trey Gowdy (R-S.C.): “I have not heard anyone other than you ever cite that.”\n"
    q = _only(text, nlp)
    assert q.speaker == "Trey Gowdy"
    assert q.speaker_role == "Rep."  # the (R-S.C.) parenthesis is not a role


def test_document_speaking_through_a_cue_read_as_a_noun(nlp):
    text = (
        "The newspaper endorsed her.\n\n“If she wants to be the next president, she should come "
        "to Louisiana,” the editorial read.\n"
    )
    assert _only(text, nlp).mention == "the editorial"


def test_name_signing_the_quote_on_the_next_line(nlp):
    text = (
        "Readers wrote in.\n\n“The whole idea is something that we hear about all the time, and "
        "it needs to stop.”\n\n- Michelle Marks, Philadelphia.\n\n“She is tested and she is "
        "ready, and she never quits.”\n\n-President Barack Obama, tweeting after the speech.\n"
    )
    first, second = _quotes(text, nlp)
    assert (first.mention, first.speaker) == ("Michelle Marks", "Michelle Marks")
    assert second.speaker == "Barack Obama" and second.speaker_role == "President"


def test_more_speech_verbs(nlp):
    exhorted = "“It is about time we had a woman running this country,” exhorted Jamie Lee Curtis.\n"
    assert "Jamie Lee" in (_only(exhorted, nlp).mention or "")
    shot_back = "“Jeb wants to be a tough guy tonight,” Donald Trump shot back.\n"
    assert _only(shot_back, nlp).mention == "Donald Trump"


def test_statement_speaks_for_whoever_issued_it(nlp):
    text = (
        "The Security Council issued a statement calling the test “a clear violation of five "
        "resolutions.”\n"
    )
    assert _only(text, nlp).mention == "The Security Council"
    released = "She released a statement saying, “We are grateful for the support.”\n"
    assert _only(released, nlp).mention == "She"


def test_thing_subject_without_cue(nlp):
    text = "The bill includes “a provision that lets the council raise taxes without a vote.”\n"
    assert _only(text, nlp).mention == "The bill"
    # a short span whose only 'speaker' is a thing is a label, not speech
    assert _quotes("The bill includes a “reform” clause.\n", nlp) == []


def test_pronoun_of_a_plain_verb_after_a_named_speakers_cue(nlp):
    text = (
        "The endorsement comes three days after Donald Trump told The Washington Post he was "
        "“not quite there yet” on supporting Ryan.\n"
    )
    assert _only(text, nlp).mention == "Donald Trump"


def test_coordinated_clause_keeps_its_own_speaker(nlp):
    text = (
        "She said fathers would not be eligible, and when pressed on why, the 34-year-old mother "
        "of three replied, “It is meant to benefit families.”\n"
    )
    q = _only(text, nlp)
    assert q.mention == "the 34-year-old mother"
    assert q.speaker_role == "34-year-old mother"


def test_share_of_those_polled_speaks(nlp):
    text = "However, 63 percent said Clinton was “justified” in keeping her diagnosis private.\n"
    assert _only(text, nlp).mention == "63 percent"


def test_governing_cue_beats_a_nearer_one_it_does_not_govern(nlp):
    text = (
        "Only 52 percent of registered voters agreed that Clinton is in “good enough health to "
        "serve,” while 73 percent said the same of Trump.\n"
    )
    assert _only(text, nlp).mention_start == text.index("52 percent")


def test_opening_curly_mark_typed_as_a_closer():
    text = "“It's unusual,“ said Larry Noble. “It happens.”"
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["“It's unusual,“", "“It happens.”"]
    assert all(s.closed for s in spans)


def test_relative_who_keeps_its_own_report(nlp):
    text = (
        "“Donald Trump is a dictator in the making,” said Glenn Beck, who said there were "
        "“too many disturbing things for me to dismiss.”\n"
    )
    first, second = _quotes(text, nlp)
    assert first.mention == "Glenn Beck"
    assert second.mention == "who" and second.speaker == "Glenn Beck"


def test_aside_names_the_speaker(nlp):
    aside = "CNN, Ted Cruz said, called the announcement “highly significant.”\n"
    assert _only(aside, nlp).mention == "Ted Cruz"
    inverted = (
        "The paradox of Nancy, says historian Carl Anthony, is that she was “one of the most "
        "powerful first ladies.”\n"
    )
    assert _only(inverted, nlp).speaker == "Carl Anthony"
    as_puts = (
        "As The Post's Ruth Marcus puts it, Obama is trying to make Republicans \"an offer they "
        "can't afford to refuse.\"\n"
    )
    assert _only(as_puts, nlp).speaker == "Ruth Marcus"


def test_phrase_introduced_cue_belongs_to_the_main_clause_subject(nlp):
    text = (
        "After saying her right foot was “so swollen I could barely get my shoe on,” she was "
        "taken to a hospital.\n"
    )
    assert _only(text, nlp).mention == "she"


def test_pronoun_in_a_relative_clause_is_the_mention_not_the_antecedent(nlp):
    text = (
        "Sanders said the party must support Clinton to defeat Donald Trump, who he blasted as a "
        "“bully and demagogue.”\n"
    )
    q = _only(text, nlp)
    assert q.mention == "he"
    assert q.speaker != "Donald Trump"  # the pronoun cannot be the clause's own antecedent


def test_participle_cue_hung_on_a_thing_goes_to_the_reporter(nlp):
    text = (
        "In an interview on Monday, Bernie Sanders said the process of writing the platform "
        "could be “messy,” adding, “Democracy is messy.”\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["Bernie Sanders"] * 2


def test_pronominal_speaker_after_the_cue(nlp):
    text = (
        "“Yet another state we would have won,” one supporter wrote.\n\n"
        "“Better watch out for the Grimes campaign,” tweeted another.\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["one supporter", "another"]


def test_it_speaks_through_naming_verbs(nlp):
    doc = nlp("It calls them “things.”")
    assert it_says(doc[0], doc[1])
    doc = nlp("It sold them.")
    assert not it_says(doc[0], doc[1])


def test_in_their_words_hands_the_sentence_to_the_owner(nlp):
    text = (
        "The summit was held in Tel Aviv because, in Forbes’ words, “they are the most "
        "entrepreneurial places on the planet.”\n"
    )
    assert _only(text, nlp).mention == "Forbes"
    post = 'From Bush\'s Facebook post: "For the sake of our party and country, we must move on."\n'
    assert _only(post, nlp).mention == "Bush"


def test_appositive_running_into_the_cue_is_the_speaker(nlp):
    text = "Clinton, a top aide said, “is very confident in the contrast” between her and Trump.\n"
    assert _only(text, nlp).mention == "a top aide"


def test_concessive_clause_keeps_its_own_speaker(nlp):
    text = "Ryan said he was not ready to endorse him, though he said, “I hope to.”\n"
    assert _only(text, nlp).mention == "he"
    contrast = (
        "Rubio suggested that someone who does not answer questions cannot be president, while "
        "Cruz said that the “stakes in this election are too high” for Trump.\n"
    )
    assert _only(contrast, nlp).mention == "Cruz"


def test_complement_clause_belongs_to_the_holder(nlp):
    text = (
        "The commission recognized that a court should settle the matter — “so that all election "
        "officials know the rules.”\n"
    )
    assert _only(text, nlp).mention == "The commission"


def test_trailing_aside_after_a_partial_quote(nlp):
    text = "Comey cannot claim that “from his perspective,” Lewandowski added.\n"
    assert _only(text, nlp).mention == "Lewandowski"


def test_roles_keep_the_texts_spacing_and_the_appositive_names_the_role(nlp):
    q = _only("“We will rebuild,” said Ann Ortiz, the city's mayor.\n", nlp)
    assert q.speaker_role == "city's mayor"
    q = _only("“We will rebuild,” said the city’s mayor, Ann Ortiz.\n", nlp)
    assert (q.mention, q.speaker, q.speaker_role) == ("the city’s mayor", "Ann Ortiz",
                                                      "city’s mayor")
    doc = nlp("the city 's mayor")
    assert join_tokens([doc[1], doc[2], doc[3]]) == "city 's mayor"  # spacing as written
    doc = nlp("the city's mayor")
    assert join_tokens(list(doc)[1:]) == "city's mayor"


def test_is_thing(nlp):
    doc = nlp("The cable said the analysts and the police spokesman met Ann Ortiz.")
    words = {t.text: t for t in doc}
    assert is_thing(words["cable"])
    assert not is_thing(words["analysts"])
    assert not is_thing(words["spokesman"])
    assert not is_thing(words["Ortiz"])


def test_lead_in_after_a_paragraph_that_ends_in_a_sentence(nlp):
    text = (
        "“We are going to build a wall,” Trump added. He then had a question for the crowd.\n\n"
        "“Who is going to pay for it?”\n"
    )
    first, second = _quotes(text, nlp)
    assert second.mention == "He" and second.mention_start == text.index("He then")
    aside = (
        "“I intend to split off,” he said. Rather, he said, continued struggles by the campaign "
        "will coalesce support around stopping him.\n\n"
        "“To my knowledge, there is no heavy-hitter as yet involved in this effort.”\n"
    )
    assert _quotes(aside, nlp)[1].mention_start == aside.index("he said, continued")


def test_name_mistagged_before_its_cue(nlp):
    text = (
        "He is a good data manipulator.\n\nAnd Skelly called Braynard “a real smart guy. I would "
        "like to think he has a good grasp of it.”\n"
    )
    assert _quotes(text, nlp)[-1].mention == "Skelly"


def test_holder_when_the_clause_subject_cannot_speak(nlp):
    text = (
        "He anticipated that one of the biggest challenges for a President Trump would be "
        "“dealing with the wide variety of problems that Obama is going to leave.”\n"
    )
    assert _only(text, nlp).mention == "He"


def test_irregular_past_of_a_cue_verb(nlp):
    text = (
        "Director Sam Lee decided not to act on Tuesday even though he found “evidence” that "
        "the company broke the law.\n"
    )
    assert _only(text, nlp).mention == "he"


def test_pronoun_owning_a_speech_noun_is_the_mention(nlp):
    text = (
        "Former secretary Ann Ortiz fanned controversy this year over her remark that “there is a "
        "special place for people who never help each other.”\n"
    )
    q = _only(text, nlp)
    assert q.mention == "her" and q.speaker == "Ann Ortiz"
    promise = (
        "But while Trump's past statements, including his promise to be “neutral” in the talks, "
        "caused concern, he kept going.\n"
    )
    assert _only(promise, nlp).mention == "his"
    words = (
        "She wants to put him in charge of fixing the economy because, in her words, “he knows "
        "how to do it.”\n"
    )
    assert _only(words, nlp).mention == "She"


def test_participle_cue_under_an_it_clause_goes_to_the_reporter(nlp):
    text = (
        "In a 2014 interview, Gore insisted it was “premature” to back her campaign while adding "
        "on climate matters, “I have no doubt that her heart is in the right place.”\n"
    )
    assert _quotes(text, nlp)[-1].mention == "Gore"


def test_named_report_before_a_pronouns_cue_keeps_the_name(nlp):
    doc = nlp("Lee says Smith will win the race, he says.")
    assert doc[1].head == doc[9] and doc[8].head == doc[9]  # the parse this rule is for
    inner = CueMatch(doc[1], "says", doc[0], doc[0:1], True, 0)
    assert outermost(inner, [], doc[4]).head == doc[0]


def test_relative_clause_with_a_named_subject_keeps_its_speaker(nlp):
    which = (
        "The former judge criticized the mayor’s email use, which a police inquiry said was "
        "“extremely careless” but not criminal.\n"
    )
    assert _only(which, nlp).mention == "a police inquiry"
    that = "In a clip that Judge Ann Ortiz called “distasteful,” Lee expressed a desire to leave.\n"
    assert _only(that, nlp).mention == "Judge Ann Ortiz"
    in_which = (
        "The Ortiz campaign also emailed a video of Lee from 1999, in which Lee called himself "
        "“very pro-choice” and admitted he had changed.\n"
    )
    assert _only(in_which, nlp).mention == "The Ortiz campaign"


def test_to_which_clause_keeps_its_own_speaker(nlp):
    text = (
        "She said experts had found her plans were strong, to which Lee interjected: “It is just "
        "not true.”\n"
    )
    assert _only(text, nlp).mention == "Lee"


def test_quote_between_a_possessor_and_a_speech_noun(nlp):
    text = (
        "It is the lasting pull of Ortiz's \"if you like your plan, you can keep it\" promise: "
        "many voters still believe it.\n"
    )
    assert _only(text, nlp).mention == "Ortiz"
    pronoun = "Critics mocked his “read my lips” pledge for years.\n"
    assert _only(pronoun, nlp).mention == "his"


def test_quote_resumed_after_an_ellipsis_goes_on_the_previous_speaker(nlp):
    text = (
        "“We met at the station. He waved at me,” Alvarez said, “and he never looked back.”\n\n"
        "“… they just keep walking past the people who waited for them all night long,” she "
        "went on.\n\n"
        "“… and nobody ever comes back to the town after the election is over and done.”\n"
    )
    last = _quotes(text, nlp)[-1]
    assert last.kind == "direct"
    assert last.mention == "she"


def test_pressed_is_a_cue(nlp):
    text = (
        "“Would it be open to a deal on the old tax rules?” Garcia pressed. “Maybe let some "
        "firms pay later?”\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["Garcia", "Garcia"]


def test_coordinated_that_complement_stays_in_the_outer_report(nlp):
    text = (
        "Maria Lopez says the city council should be doing more against the flooding and that "
        "she expects Mayor John Reed to announce an “overhaul” in the spring.\n"
    )
    assert _only(text, nlp).mention == "Maria Lopez"


def test_colon_quote_after_a_conjunct_goes_to_its_own_subject(nlp):
    text = (
        "Patel said the two senators were dull, but she gave the younger one a rare compliment: "
        "“He always shows up on time and he reads every single bill.”\n"
    )
    assert _only(text, nlp).mention == "she"


def test_trailing_pronoun_cue_repeats_a_named_report(nlp):
    text = (
        "Campaign aide Maria Soto said that the team will push the contrast so that voters "
        "know Ortiz has \"a clear plan for the first hundred days in office,\" she said.\n"
    )
    assert _only(text, nlp).mention == "Campaign aide Maria Soto"
    own = "The aide was calm. “We have a clear plan for the first hundred days,” she said.\n"
    assert _only(own, nlp).mention == "she"


def test_made_clear_reports_its_clause(nlp):
    text = (
        "Nguyen has made clear that he expects the rival camp to unleash its ads, its money and "
        "its surrogate “attack dogs” on him.\n"
    )
    assert _only(text, nlp).mention == "Nguyen"
    it_clear = (
        "Meanwhile, Patel backed the deal, although she made it clear that she has “deep "
        "concerns” about parts of the plan.\n"
    )
    q = _only(it_clear, nlp)
    assert (q.mention, q.mention_start) == ("she", it_clear.index("she made"))


def test_voiced_is_a_cue(nlp):
    text = (
        "He spoke about trade. He voiced a wish for a “strong, prosperous and vibrant region,” "
        "and he pronounced the mayor “a dear friend.”\n"
    )
    first = _quotes(text, nlp)[0]
    assert (first.mention, first.mention_start) == ("He", text.index("He voiced"))


def test_portraying_and_intimating_are_cues(nlp):
    text = (
        "On Monday, Reyes tried to turn the tables, portraying Moss as hypocritical because he "
        "had taken \"about $200,000\" from banks.\n"
    )
    assert _only(text, nlp).mention == "Reyes"
    hinted = "Reyes has intimated that Moss's \"diagnoses\" of economic ills are too grim.\n"
    assert _only(hinted, nlp).mention == "Reyes"


def test_clause_shaped_partial_quote_gets_a_clause_filler(nlp):
    text = (
        "Marking the end of the season with a formal speech, Ortiz told fans Tuesday night that "
        "\"we close one chapter and we begin another,\" and he vowed to carry the \"mantle\" of "
        "the club.\n"
    )
    first, second = (text.index('"we'), text.index('another,"') + 9), (
        text.index('"mantle'), text.index('mantle"') + 7)
    frame = build_frame(text, 0, len(text), [(0, *first, True), (1, *second, True)])
    assert '"it is so,"' in frame.text and '"things"' in frame.text
    assert [q.mention for q in _quotes(text, nlp)] == ["Ortiz", "he"]


def test_name_read_as_a_root_noun_is_the_subject_of_the_next_verb(nlp):
    # 'trump' is also a common noun: the tagger reads 'Trump defended …' as a noun phrase
    text = (
        "Trump defended eminent domain, calling the expropriation of private property for "
        "public use an \"absolute necessity\" for the government to build schools, roads and "
        "bridges. He also argued the pipeline was safe.\n"
    )
    assert _only(text, nlp).mention == "Trump"


def test_owned_speech_noun_framing_a_clause_speaks_for_it(nlp):
    framed = (
        "Senator Reed's accusation that Mayor Lopez is playing the \"victim card\" and would be "
        "a weak candidate if she won has changed the race.\n"
    )
    assert _only(framed, nlp).mention == "Senator Reed"


def test_trailing_subordinate_clause_cue_yields_to_the_governing_cue(nlp):
    text = (
        "Reyes refers to the mayor, who is supposedly his old friend, as \"Mr. Lopez,\" while "
        "Lopez refers to the senator as \"Danny.\"\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["Reyes", "Lopez"]


def test_outermost_report_stops_at_a_trailing_attribution(nlp):
    text = (
        "Reed cannot say that \"from his point of view,\" Walsh added, saying it should be \"up "
        "to the voters to decide.\"\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["Walsh", "Walsh"]


def test_in_their_words_of_the_next_sentence_does_not_take_the_quote(nlp):
    text = (
        "But after the debate, the columnist Mary Chen imagined Reed was thinking: \"What have I "
        "done?\" Others saw the same thing in Reed's blank stare and robotic words of thanks.\n"
    )
    q = _only(text, nlp)
    assert q.mention == "the columnist Mary Chen"  # a close appositive name ends the mention
    assert (q.speaker, q.speaker_role) == ("Mary Chen", "columnist")


def test_no_break_space_after_a_quote_keeps_the_trailing_cue(nlp):
    text = (
        "“If anyone wonders why the review is not yet complete, this report is Exhibit A,”"
        "\u00a0added Ortiz.\n"
    )
    assert _only(text, nlp).mention == "Ortiz"
    named = "“We will appeal the ruling,” said Sen.\u00a0Ann Ortiz.\n"
    assert _only(named, nlp).mention == "Sen.\u00a0Ann Ortiz"


def test_lead_in_reporting_verb_hung_under_the_root(nlp):
    text = (
        "Reed contends the board may switch sides.\n\n"
        "Reed elaborated in an editorial piece for The Boston Globe that trustees currently "
        "pledged to Lopez, even those who did so before the vote began, may reconsider.\n\n"
        "“A win in Maine would powerfully underscore the doubts about her.”\n"
    )
    q = _only(text, nlp)
    assert (q.mention, q.mention_start) == ("Reed", text.index("Reed elaborated"))


def test_lead_in_aside_cue_before_a_thing_subject(nlp):
    text = (
        "The rules changed at the last minute.\n\n"
        "If anything, Walsh argued in his email, the incident is an illustration of why the "
        "board should adopt the old rules.\n\n"
        "“In light of this serious breach, is it prudent for the board to go on?”\n"
    )
    q = _only(text, nlp)
    assert (q.mention, q.mention_start) == ("Walsh", text.index("Walsh"))


def test_subject_of_a_clause_fronted_before_a_subjectless_cue(nlp):
    text = (
        "One attendee, who like others spoke on the condition of anonymity to discuss the "
        "private meeting, said the message was that \"this is not going to be over in March.\"\n"
    )
    assert _only(text, nlp).mention == "One attendee"


def test_speech_noun_before_that_past_a_phrase_on_it(nlp):
    text = (
        "Even as Ortiz was criticizing Reed, however, she came under fire from rivals over her "
        "assertion during the debate that \"we now finally are where we need to be\" on the "
        "budget.\n"
    )
    q = _only(text, nlp)
    assert (q.mention, q.mention_start) == ("her", text.index("her assertion"))
    comma = (
        "Another holdout — the Mine Workers — is unlikely to give Ortiz the nod after her "
        "March comment that, \"We're going to put a lot of coal miners out of business.\"\n"
    )
    q = _only(comma, nlp)
    assert (q.mention, q.mention_start) == ("her", comma.index("her March"))


def test_document_speaks_for_its_author_in_a_by_phrase(nlp):
    text = (
        "In addition, a fundraising email sent out by Ortiz on Tuesday night warned of the "
        "tough fight ahead: \"There are 14 primaries over the next three weeks.\"\n"
    )
    assert _only(text, nlp).mention == "Ortiz"


def test_later_reporting_verb_before_the_colon_reports_the_quote(nlp):
    text = (
        "\"Apparently there's a man with some problems,\" Reed said as the heckler yelled: "
        "\"You lose!\"\n"
    )
    assert [q.mention for q in _quotes(text, nlp)] == ["Reed", "the heckler"]
    own = (
        "\"Let everybody know that they are to go to the refuge,\" Walsh says to Hill on camera, "
        "who responds enthusiastically: \"Okay!\"\n"
    )
    assert [q.mention for q in _quotes(own, nlp)][-1] == "who"
    thought = (
        "He said he often thinks of what his parents told him: \"In order to get to heaven, you "
        "need letters of reference from the poor.\"\n"
    )
    assert _only(thought, nlp).mention == "He"  # not 'his parents': a free relative's words


def test_a_plural_title_before_a_joint_attribution_is_not_part_of_the_name(nlp):
    text = (
        "Senators Hillary Rodham Clinton and Charles Schumer today announced funding.\n\n"
        "\"We fought hard for it,\" said Senators Hillary Rodham Clinton and Charles Schumer.\n"
    )
    quote = _only(text, nlp)
    assert (quote.mention, quote.speaker) == ("Senators Hillary Rodham Clinton",
                                              "Hillary Rodham Clinton")


def test_a_surname_is_not_expanded_with_an_article_or_a_hyphenated_partner(nlp):
    """'The Cochran amendment' and 'the Clinton-Mikulski bill' name no 'The Cochran' and no
    'Clinton- Mikulski' (both seen in the full Senate registry)."""
    text = (
        "The Cochran amendment and the Clinton-Mikulski bill passed on Tuesday.\n\n"
        "\"We need this funding,\" said Senator Cochran.\n\n"
        "\"It is a good day for nurses,\" said Senator Mikulski.\n"
    )
    speakers = [q.speaker for q in _quotes(text, nlp)]
    assert speakers == ["Cochran", "Mikulski"]


def test_a_surname_expands_to_a_full_name_with_a_middle_initial(nlp):
    text = (
        "Sens. Benjamin L. Cardin and Barbara A. Mikulski announced funding on Tuesday.\n\n"
        "\"It is a good day for nurses,\" said Senator Mikulski.\n"
    )
    assert _only(text, nlp).speaker == "Barbara A. Mikulski"  # an initial is not 'A' or 'a'


def test_the_second_half_of_a_split_quote_is_not_the_speakers_role(nlp):
    """'said Dodd, “and reflect …”': the parser hangs the second half on the name as an
    appositive; it is the quote going on, not a description of Dodd."""
    text = ("\"The academy and the centre are vital facilities,\" said Dodd, \"and reflect the "
            "state's tremendous contributions to our nation's security.\"\n")
    quotes = _quotes(text, nlp)
    assert [(q.speaker, q.speaker_role) for q in quotes] == [("Dodd", None), ("Dodd", None)]


def test_a_timestamp_set_off_by_a_dash_is_not_part_of_the_mention(nlp):
    text = ("Audio log of the weekly call.\n\n"
            "20:57 - Domenici says \"amnesty\" is not the point when discussing the workers.\n")
    quote = _only(text, nlp)
    assert (quote.mention, quote.speaker, quote.speaker_role) == ("Domenici", "Domenici", None)


def test_a_long_lead_ending_in_a_place_name_before_the_colon(nlp):
    """'Reid released the following statement on the vote … in Iraq:' introduces Reid's words,
    not Iraq's; a name after 'from' still labels the quote ('More from Jones:')."""
    text = ("Today, Senate Democratic Leader Harry Reid released the following statement on the "
            "Senate's vote of no confidence in the administration's policy in Iraq:\n\n"
            "\"It's not often you see votes of no confidence on an administration.\"\n")
    assert _only(text, nlp).speaker == "Harry Reid"
    text = "Pollsters weigh in - More from Jones: \"The partisanship of the state is a start.\"\n"
    assert _only(text, nlp).mention == "Jones"


def test_fact_check_labels_are_not_transcript_speakers(nlp):
    text = ("FACT: The Budget Falls Short on Veterans' Healthcare. \"It is $1.3 billion short,\" "
            "the report said.\n\n"
            "FACT: July Was the Deadliest Month. \"During the month, 3,438 Iraqis were killed,\" "
            "the report said.\n")
    quotes = _quotes(text, nlp)
    assert [q.kind for q in quotes] == ["direct", "direct"]
    assert {q.mention for q in quotes} == {"the report"}


def test_a_named_persons_statement_is_that_person_speaking(nlp):
    """'Senator Mikulski's statement as prepared follows:' (a common release heading) is Barbara
    A. Mikulski speaking, not an organisation called "Senator Mikulski's statement"."""
    text = ("Senator Barbara A. Mikulski (D-Md.) today introduced an amendment.\n\n"
            "Senator Mikulski's statement as prepared follows:\n\n"
            "\"I rise to offer an amendment needed by small and seasonal businesses.\"\n")
    quote = _only(text, nlp)
    assert (quote.mention, quote.speaker, quote.speaker_kind) == (
        "Senator Mikulski's statement", "Barbara A. Mikulski", "person")


def test_congressman_and_elect_titles_and_listed_colleagues_are_not_names_or_roles(nlp):
    text = ("\"This is a good day for the state,\" said Congressman Hoyer.\n\n"
            "\"We will work together,\" said Democratic Leader-elect Harry Reid.\n\n"
            "\"The lab matters,\" said Rep. Steve Pearce, Pete Domenici and Jeff Bingaman.\n")
    got = [(q.speaker, q.speaker_role) for q in _quotes(text, nlp)]
    assert got == [("Hoyer", "Congressman"), ("Harry Reid", "Democratic Leader-elect"),
                   ("Steve Pearce", "Rep.")]


def test_a_prosecutors_release_names_the_official_outside_the_quoted_paragraphs(nlp):
    """The official is named in a lead paragraph with no quote (never parsed): 'he' and 'the
    Acting District Attorney' still resolve to him, with the titles written before his name."""
    text = ("Brooklyn Acting District Attorney Eric Gonzalez announced the indictment today.\n\n"
            "\"This is a senseless murder and I intend to prosecute it,\" he said.\n\n"
            "The Acting District Attorney called the defendant \"the mastermind of the ring.\"\n")
    got = [(q.mention, q.speaker, q.speaker_role) for q in _quotes(text, nlp)]
    role = "Brooklyn Acting District Attorney"
    assert got == [("he", "Eric Gonzalez", role),
                   ("The Acting District Attorney", "Eric Gonzalez", role)]


def test_prosecutor_and_agent_titles(nlp):
    text = ("\"Chester Yang has been held accountable,\" DA Stephan said.\n\n"
            "\"Ensuring seniors are safe is our mission,\" said Special Agent in Charge Mark Dargis "
            "of the FBI San Diego Field Office.\n\n"
            "Defendant called himself \"the king of the block\" in messages.\n")
    got = [(q.speaker, q.speaker_role) for q in _quotes(text, nlp)]
    assert got == [("Stephan", "DA"), ("Mark Dargis", "Special Agent"), (None, "Defendant")]


def test_a_quoted_bill_name_is_not_a_quote(nlp):
    text = ("Senator Mikulski's bill, the \"Save Our Small and Seasonal Businesses Act,\" exempts "
            "returning workers from the cap. It builds on the \"Foreclosure Prevention Act of "
            "2008.\"\n\n"
            "\"Today the Senate passed legislation to protect infants by passing the Newborn "
            "Screening Saves Lives Act,\" said Dodd.\n")
    quotes = _quotes(text, nlp)
    assert [(q.speaker, q.text[:6]) for q in quotes] == [("Dodd", "\"Today")]


def test_hyphenated_names_stay_whole_and_a_hyphenated_title_is_not_a_name(nlp):
    text = ("\"We are all trying to achieve justice,\" said Deputy District Attorney Mary-Ellen "
            "Barrett.\n\n"
            "\"Robbing someone of wages is wrong,\" said Labor Commissioner Lilia García-Brower.\n\n"
            "\"This arrest shows our partnerships,\" said Orange County Sheriff-Coroner Sandra "
            "Hutchens.\n")
    got = [(q.speaker, q.speaker_role) for q in _quotes(text, nlp)]
    assert got == [("Mary-Ellen Barrett", "Deputy District Attorney"),
                   ("Lilia García-Brower", "Labor Commissioner"),
                   ("Sandra Hutchens", "Orange County Sheriff-Coroner")]


def test_spanish_notice_headings_are_not_transcript_speakers(nlp):
    text = ("QUE: Audiencia preliminar del acusado\n\n"
            "CUANDO: El lunes, a las 8:30 de la mañana\n\n"
            "DONDE: En el departamento C-55, en el Centro de Justicia de Santa Ana\n")
    assert _quotes(text, nlp) == []


def test_capital_only_titles_leave_name_particles_alone():
    from indexer.quotes.roles import strip_titles

    assert strip_titles("Luiz Inácio Lula da Silva") == ("Luiz Inácio Lula da Silva", [])
    assert strip_titles("San Diego DA Summer Stephan") == ("Summer Stephan",
                                                          ["San", "Diego", "DA"])


def test_review_edge_cases_of_names_titles_and_bill_names(nlp):
    from indexer.quotes.marks import is_named_title
    from indexer.quotes.resolve import people_in
    from indexer.quotes.roles import strip_titles

    assert strip_titles("Kelly St. John") == ("Kelly St. John", [])
    assert strip_titles("Jim Justice Jr.") == ("Jim Justice Jr.", [])
    assert people_in("Students rallied at George Washington University on Friday.") == []
    assert not is_named_title("\"WE MUST PASS THIS BILL\"")
    text = "\"We will rebuild the plant,\" said Ann Ortiz, Acme Corp.\n"
    assert _only(text, nlp).speaker_org == "Acme Corp."  # an organisation, not other people


def test_capitalised_words_run_into_a_name_are_cut_at_the_first_name(nlp):
    text = ("\"We must act now,\" said Senate Majority Whip Mitch McConnell.\n\n"
            "\"The treaty matters,\" said Senate Foreign Relations Committee Joseph R. Biden.\n\n"
            "\"It is clean air,\" said EPA Administrator Stephen L. Johnson.\n")
    assert [q.speaker for q in _quotes(text, nlp)] == [
        "Mitch McConnell", "Joseph R. Biden", "Stephen L. Johnson"]


def test_a_surname_expands_to_the_name_from_its_first_name_on(nlp):
    text = ("The Senate Foreign Relations Committee Joseph R. Biden held a hearing on Tuesday.\n\n"
            "\"The treaty matters,\" said Senator Biden.\n")
    assert _only(text, nlp).speaker == "Joseph R. Biden"


def test_title_and_name_parsed_as_two_subjects_name_the_speaker(nlp):
    text = ("U.S. Senate Majority Whip Mitch McConnell made the following statement Tuesday "
            "regarding the vote:\n\n\"This is a good day for Kentucky.\"\n")
    q = _only(text, nlp)
    assert (q.mention, q.speaker, q.speaker_role) == (
        "Mitch McConnell", "Mitch McConnell", "Senate Majority Whip")


def test_a_name_suffix_before_the_colon_is_the_topic_not_the_speaker(nlp):
    text = ("Sen. Olympia J. Snowe (R-Maine) issued the following statement today on the death "
            "of former Waterville mayor Cyril M. Joly, Jr.:\n\n\"This past weekend was a sad "
            "occasion.\"\n\n"
            "Senator Kay Bailey Hutchison released a statement on the passing of noted author, "
            "publisher, and conservative commentator William F. Buckley, Jr.:\n\n\"I was deeply "
            "saddened.\"\n")
    assert [q.speaker for q in _quotes(text, nlp)] == ["Olympia J. Snowe", "Kay Bailey Hutchison"]


def test_a_sentence_opening_surname_tagged_as_a_noun_is_the_named_person(nlp):
    text = ("Senator Bernie Sanders spoke today.\n\n"
            "Sanders said, \"Once again, the White House is putting its agenda first.\"\n")
    q = _only(text, nlp)
    assert (q.mention, q.speaker, q.speaker_kind) == ("Sanders", "Bernie Sanders", "person")


def test_a_description_matches_the_abbreviated_title_it_spells_out(nlp):
    text = ("WASHINGTON - Sen. Robert C. Byrd today called on Congress to act on mine safety.\n\n"
            "\"The longer we wait, the more likely another fatality will occur,\" the Senator "
            "stated.\n")
    q = _only(text, nlp)
    assert (q.mention, q.speaker) == ("the Senator", "Robert C. Byrd")


def test_attribution_in_the_short_paragraph_after_a_comma_closed_quote(nlp):
    text = ("About 2,000 people complete a diversion program every year.\n\n"
            "“Safety and responsible gun ownership are the cornerstones of this measure,”\n\n"
            "Sen. Sims said.\n\n"
            "“Nonviolent, first-time offenders should have the chance.”\n")
    quotes = _quotes(text, nlp)
    assert [(q.mention, q.speaker) for q in quotes] == [("Sen. Sims", "Sims")] * 2


def test_a_cue_fronted_before_the_speaker(nlp):
    text = ("\"We will fight this,\" said Egbufor.\n\n"
            "Said Egbufor, \"I am concerned that the tax break will no longer be available.\"\n\n"
            "Senator Harry Reid spoke. Added Sen. Reid, \"We will not stop.\"\n")
    got = [(q.mention, q.speaker, q.cue) for q in _quotes(text, nlp)]
    assert got == [("Egbufor", "Egbufor", "said"), ("Egbufor", "Egbufor", "Said"),
                   ("Sen. Reid", "Harry Reid", "Added")]


def test_a_fronted_cue_before_a_colon_or_an_appositive(nlp):
    text = ("Senator Frank Lautenberg spoke.\n\n"
            "Said Lautenberg: \"The ability to use your cell phone in flight matters.\"\n\n"
            "Said Glenn Schmidt, a teacher in Sun Prairie, Wisc.: \"As an educator, I know this "
            "bill is key.\"\n")
    got = [(q.mention, q.speaker) for q in _quotes(text, nlp)]
    assert got == [("Lautenberg", "Frank Lautenberg"), ("Glenn Schmidt", "Glenn Schmidt")]


def test_a_surname_s_title_picks_the_person_holding_that_office(nlp):
    text = ("WASHINGTON - Senator Ken Salazar and his brother, Congressman John Salazar, toured "
            "the dam today.\n\n\"This dam matters to every farmer,\" said Senator Salazar.\n\n"
            "\"We will fight for the funding,\" said Congressman Salazar.\n\n"
            "Senator Hillary Rodham Clinton spoke on Monday.\n\n"
            "\"It was the right call,\" Senator Clinton said.\n\n"
            "\"I made the decision in 1994,\" President Clinton said in a statement.\n")
    got = [q.speaker for q in _quotes(text, nlp)]
    assert got == ["Ken Salazar", "John Salazar", "Hillary Rodham Clinton", "Clinton"]


def test_the_house_s_titles_are_one_office(nlp):
    text = ("Congressman Jim Gerlach (R-PA-6) joined the senators today.\n\n"
            "\"This funding will help the county,\" said Representative Gerlach.\n")
    assert _only(text, nlp).speaker == "Jim Gerlach"
