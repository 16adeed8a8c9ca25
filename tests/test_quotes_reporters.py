"""Which reporting clause owns a quote: rules found on PolNeAR train, each shown on a made-up
article and checked with the real spaCy pipeline."""

from __future__ import annotations

from quote_checks import checked_quotes as _quotes

from indexer.records import Quote


def _quote_at(text: str, opening: str, nlp) -> Quote:
    start = text.index(opening)
    return next(q for q in _quotes(text, nlp) if q.start <= start < q.end)


def test_subordinate_reporting_clause_beats_the_main_one(nlp):
    text = (
        "While Comey said there was clear evidence that Clinton was “extremely careless” and "
        "mishandled classified information, he said there was no precedent for a case like "
        "hers.\n"
    )
    q = _quote_at(text, "“extremely", nlp)
    assert q.mention == "Comey"


def test_poll_speaks_for_the_share_of_respondents(nlp):
    text = (
        "In a September Washington Post-ABC News poll, 75 percent of Republicans said "
        "\"most people in politics\" can't be trusted.\n"
    )
    q = _quote_at(text, "\"most", nlp)
    assert q.mention is not None and q.mention.endswith("poll")
    assert q.mention_start == text.index("a September")


def test_attribution_trailing_the_quote_owns_it(nlp):
    text = (
        "Grayson said Randolph “would have no chance to win,” the source recalled, and the "
        "staff said nothing.\n"
    )
    q = _quote_at(text, "“would", nlp)
    assert q.mention == "the source"


def test_trailing_words_that_start_a_new_clause_are_not_an_attribution(nlp):
    text = "Someone in the crowd called it a \"quiet revolution,\" and I agree with that.\n"
    q = _quote_at(text, "\"quiet", nlp)
    assert q.mention_start is not None and q.mention_start < text.index("\"quiet")


def test_resolution_speaks_for_the_body_that_voted_on_it(nlp):
    text = (
        "The council voted 6-1 for the resolution which said the city “condemns anti-Muslim "
        "and anti-refugee speech.”\n"
    )
    q = _quote_at(text, "“condemns", nlp)
    assert q.mention == "The council"


def test_noun_with_a_relative_clause_before_a_subjectless_cue(nlp):
    text = (
        "Although there is no such overlap with Sanders's team, a White House official who "
        "spoke anonymously to discuss internal strategy said Wednesday, \"Certainly there are "
        "discussions between the White House and the campaign.\"\n"
    )
    q = _quote_at(text, "\"Certainly", nlp)
    assert q.mention_start == text.index("a White House official")


def test_quote_after_a_dash_goes_to_the_clause_before_it(nlp):
    text = (
        "\"We have incompetent people,\" Trump said on Sunday.\n\n"
        "Bush also embraced enhanced interrogation techniques -- \"I think waterboarding is "
        "peanuts compared to what they would do to us.\"\n"
    )
    q = _quote_at(text, "\"I think", nlp)
    assert q.mention == "Bush"


def test_quote_after_a_quote_free_sentence_goes_to_its_subject(nlp):
    text = (
        "\"It is door-to-door politics,\" said Megan Greene, chief economist at Manulife. "
        "Greene added that the Fed wants to get out of the way before the election. \"They "
        "don't like to talk about it, but I think they will be careful.\"\n"
    )
    q = _quote_at(text, "\"They", nlp)
    assert q.mention_start == text.index("Greene added")


def test_quote_after_a_quote_and_its_cue_keeps_that_cue(nlp):
    text = (
        "\"They don't care about politics,\" Obama said of the families, according to a White "
        "House pool report. \"Neither do I. This debate needs to change.\"\n"
    )
    first, second = _quotes(text, nlp)
    assert second.mention_start == first.mention_start


def test_quote_ending_its_sentence_goes_to_the_lead_before_not_the_next_cue(nlp):
    text = (
        "The judge then turned to me. “Mr. D’Souza?” I had prepared a short statement to read, "
        "but decided on the spot to speak freely.\n"
    )
    q = _quote_at(text, "“Mr.", nlp)
    assert q.mention == "The judge"


def test_subject_name_tagged_as_a_verb_still_speaks(nlp):
    text = (
        "Trump further summed up Clinton as “terrible,” denounced her record as secretary of "
        "state and said she should not even be allowed to run for office.\n"
    )
    q = _quote_at(text, "“terrible", nlp)
    assert q.mention == "Trump"
