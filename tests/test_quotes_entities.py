"""The NER-free pipeline: people and organisations guessed from tags and first names, cue words
inside proper names, and pronouns resolved to the people a frame names (real spaCy)."""

from __future__ import annotations

from indexer.quotes import extract_quotes
from indexer.quotes.cues import can_speak, is_cue
from indexer.quotes.entities import named_entities
from indexer.quotes.names import is_first_name, load_gender_detector


def test_pipeline_parses_without_ner_and_loads_the_name_lists(nlp):
    assert "ner" not in nlp.pipe_names
    assert {"tagger", "parser"} <= set(nlp.pipe_names)
    assert load_gender_detector.cache_info().currsize == 1  # loaded with the pipeline


def test_first_names_come_from_the_name_lists():
    assert is_first_name("Loretta")
    assert not is_first_name("Washington")
    assert not is_first_name("J")


def test_named_entities_people_and_organisations(nlp):
    doc = nlp("DNC Chairwoman Donna Brazile met Sen. Sanders and the Justice Department in Ohio.")
    found = {(e.text, e.kind) for e in named_entities(doc)}
    assert ("Donna Brazile", "person") in found
    assert ("Justice Department", "org") in found
    assert not any(e.text == "Ohio" for e in named_entities(doc))  # a place, not a speaker
    assert any(e.kind == "person" and "Sanders" in e.text for e in named_entities(doc))


def test_named_entity_offsets_index_the_frame(nlp):
    doc = nlp("Yesterday Loretta Lynch spoke.")
    (ent,) = named_entities(doc)
    assert doc.text[ent.start_char:ent.start_char + len(ent.text)] == ent.text == "Loretta Lynch"


def test_cue_words_inside_names_are_not_cues(nlp):
    doc = nlp("He wrote for The Washington Post about the United States.")
    words = {t.text: t for t in doc}
    assert not is_cue(words["Post"])
    assert not is_cue(words["States"])
    assert is_cue(words["wrote"])


def test_dates_and_datelines_cannot_speak(nlp):
    doc = nlp("PHILADELPHIA, July 25 (UPI) — The committee said on Tuesday that it was sorry.")
    words = {t.text: t for t in doc}
    assert not can_speak(words["PHILADELPHIA"])
    assert not can_speak(words["Tuesday"])
    assert can_speak(words["committee"])


def test_pronoun_resolves_to_a_person_named_but_not_quoted(nlp):
    text = (
        "Attorney General Loretta Lynch met the governors on Monday. "
        "“We are seeking a court order,” she said.\n"
    )
    (quote,) = extract_quotes(text, nlp)
    assert quote.mention == "she"
    assert quote.speaker == "Loretta Lynch"


def test_a_cue_word_in_a_list_of_names_is_not_a_cue(nlp):
    """'a joint Federal, State, County, and City effort': "State" is one of the names listed,
    so the operation's quoted name is not speech by "Federal"."""
    text = ("Police Chief Manuel A. Morales will hold a press conference to announce the results "
            "of\n\n“Operation We Will Find You”, a joint Federal, State, County, and City effort "
            "to locate missing children.\n\nWhen: Friday.")
    assert [q.speaker for q in extract_quotes(text, nlp)] == []


def test_nicknames_and_labels_are_not_quotes(nlp):
    """A nickname between a first and a last name, and a title-case label after "and", name
    something; nobody says them. A partial quote after a cue still counts."""
    nickname = ("Michelle Louise Morris-Kerin and her husband, Edward Lawrence “Larry” Kerin, "
                "were arraigned on Dec. 7, 2023.")
    labels = ("Lamps Plus allegedly used the “Compare At” and “Comparable Value” sales tags to "
              "indicate a bargain price.")
    assert extract_quotes(nickname, nlp) == []
    assert all("Comparable" not in q.text for q in extract_quotes(labels, nlp))
    said = extract_quotes("Smith called the ruling “a disgrace” on Monday.", nlp)
    assert [(q.text, q.speaker) for q in said] == [("“a disgrace”", "Smith")]


def test_legal_references_in_a_filing_are_not_speakers(nlp):
    """A legal filing quotes authorities: a case cited by volume and page or by its parties,
    'Id.' and a Roman numeral name no one who speaks; a person quoted in it still speaks."""
    filing = (
        "A temporary injunction requires proof of injury. See Butnaru, 84 S.W.3d at 210 (“An "
        "injury is irreparable if the injured party cannot be adequately compensated.”).\n\n"
        "The rule is clear. Stern v. State ex rel. Ansel held that “grand jury testimony is "
        "secret.”\n\n"
        "Id. Article 2.01 provides that “district attorneys shall represent the State.”\n\n"
        "“This rule will enable citizens to hold rogue prosecutors accountable,” Attorney "
        "General Ken Paxton said.")
    speakers = {q.speaker for q in extract_quotes(filing, nlp)}
    assert not speakers & {"Butnaru", "Stern", "Ansel", "State", "Id. Article"}
    assert not any(s and ("S.W.3d" in s or s.startswith("Id.")) for s in speakers)
    assert "Ken Paxton" in speakers
    # a case named in the sentence before, a case name before a title, a date after a name
    for text, speaker in [
        ("The court overturned Roe v. Wade. Gov. Greg Abbott said, “This is a historic day.”",
         "Greg Abbott"),
        ("“This is a landmark,” said Brown v. Board of Education attorney Jack Greenberg.",
         "Jack Greenberg"),
        ("“We will appeal,” said John Smith, 20 Jan. 2023.", "John Smith"),
    ]:
        assert [q.speaker for q in extract_quotes(text, nlp)] == [speaker]


def test_a_name_inside_a_quote_does_not_lengthen_a_speaker_s_name(nlp):
    """'turn Red China into Green China' is what Friedman wrote: a later 'China' is China, not
    'Green China', and 'the U.S. Senate' gives no 'S. Senate'."""
    text = ('These new markets can, as Thomas Friedman recently wrote, "turn Red China into '
            'Green China," providing America with opportunity.\n\nChina is now the second '
            'largest consumer of oil. Dubbed a "mercantilist" approach by global economic and '
            'national security experts, China has been buying oil fields.\n')
    speakers = [q.speaker for q in extract_quotes(text, nlp)]
    assert speakers[0] == "Thomas Friedman"
    assert "Green China" not in speakers
    # a person or an office first named inside a quote still names a later mention in full
    thanked = ("“I want to thank the Harris County Sheriff's Office for its quick work,” Mayor "
               "John Whitmire said.\n\n“We are still investigating,” the office said.\n\n"
               "“I want to thank Officer Maria Gonzalez for her bravery,” Chief Smith said.\n\n"
               "“I was just doing my job,” Gonzalez said.\n")
    assert [q.speaker for q in extract_quotes(thanked, nlp)] == [
        "John Whitmire", "Harris County Sheriff's Office", "Smith", "Maria Gonzalez"]
    # ... but the narration's own body comes first, and a surname that is a place stays a name
    # the narration gives in full
    narrated = ("The Springfield Police Department arrested a man on Monday.\n\n“I called the "
                "Fire Department first,” said neighbor Jane Doe.\n\n“We are reviewing the "
                "case,” the department said.\n\nPolice Chief Kevin Washington announced the "
                "arrest.\n\n“We worked around the clock,” Washington said.\n")
    assert [q.speaker for q in extract_quotes(narrated, nlp)] == [
        "Jane Doe", "Springfield Police Department", "Kevin Washington"]


def test_a_term_everyone_calls_something_is_a_label_not_a_quote(nlp):
    """', commonly referred to as a “triple check,”' and 'is also known as “title-washing.”'
    name a thing in lower case as well as in title case; a naming someone does ('whom critics
    often called “the wall”') is still theirs."""
    labels = ("DPD’s DME (Digital Media Evidence) Unit then conducted a review of these cases, "
              "commonly referred to as a “triple check,” for any missing video.\n\n"
              "The scheme is also known as “title-washing.”\n")
    assert extract_quotes(labels, nlp) == []
    named = "“We will win,” said Smith, whom critics often called “the wall.”\n"
    assert [q.speaker for q in extract_quotes(named, nlp)] == ["Smith", None]
    by = "Officer Jane Doe was also called “a true hero” by Chief John Smith.\n"
    assert [q.speaker for q in extract_quotes(by, nlp)] == ["John Smith"]
    nickname = "The defendant carried a firearm referred to as “Becky” by his friends.\n"
    assert extract_quotes(nickname, nlp) == []


def test_quotations_pair_their_marks_and_an_inch_mark_opens_none():
    """A quotation runs from its opening mark to the one closing it, in its paragraph; a
    straight mark after a digit is an inch ('a 9" blade', "5'10\"") unless it closes one."""
    from indexer.quotes.marks import find_quote_spans, in_quotation

    text = ('Deputies recovered a 9" blade. "We ask for help," the office said.\n'
            'Mifeprex (also known as "RU-486") was approved. He said “It is fine” today.\n'
            'The suspect is 5\'10" tall. "Call us," Reyes said and')
    found = [text[s.start:s.end] for s in find_quote_spans(text)]
    assert found == ['"We ask for help,"', '"RU-486"', "“It is fine”", '"Call us,"']
    assert in_quotation(text, text.index("ask")) and not in_quotation(text, text.index("blade"))
    assert not in_quotation(text, text.index("approved"))
