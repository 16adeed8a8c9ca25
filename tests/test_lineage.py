"""Statement lineage on a made-up chain: a quote trimmed in a later release, reworded and
credited to another speaker in a third, and a different statement by the same speaker on the
same topic that must stay out (real store, quote extractor, indexes and MiniLM model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest import ingest_documents
from indexer.lineage import compare, diff_words, same_statement
from indexer.records import SourceDoc
from indexer.search import SearchService

FIRST = ('"Our farmers deserve a fair price for every bushel of corn they grow, and we will '
         'fight for them in Washington," Roe said.')
CHAIN = [
    SourceDoc(origin="a.txt", title="Roe visits grain elevator", published="2019-01-01",
              source="Courier", body="Senator Jane Roe toured the county grain elevator on "
              f"Tuesday. {FIRST}\n\nThe elevator handles most of the county harvest."),
    SourceDoc(origin="b.txt", title="Farm groups meet in capital", published="2019-02-01",
              source="Gazette", body="Farm groups met lawmakers in the capital this week to "
              'talk about trade. Senator Jane Roe said: "Our farmers deserve a fair price for '
              'every bushel of corn they grow."\n\nThe groups also asked for disaster aid.'),
    SourceDoc(origin="c.txt", title="Doe speaks at farm bureau", published="2019-03-01",
              source="Wire", body="The state farm bureau held its annual dinner on Friday "
              'night. "Our farmers deserve a fair price for each bushel of corn they grow, and '
              'we\'ll fight for them in Washington," said Senator John Doe.\n\nTickets sold '
              "out weeks ago."),
    SourceDoc(origin="d.txt", title="Roe on falling prices", published="2019-04-01",
              source="Courier", body='Corn prices fell again this month. "Corn prices have '
              'fallen sharply this year and our farmers are struggling to pay their bills," '
              "Senator Jane Roe said.\n\nAnalysts expect a rebound next year."),
]


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("lineage") / "data"
    ingest_documents(CHAIN, data)
    return data


def quote_in(service: SearchService, title: str) -> dict:
    [aid] = [a for a in service.store.all_article_ids()
             if service.store.articles_meta([a])[a]["title"] == title]
    [quote] = service.store.quotes_of_article(aid)
    return quote


def test_lineage_follows_a_trimmed_and_a_reworded_quote_and_flags_the_other_speaker(cli, chain):
    service = SearchService.open(chain)
    try:
        first_id = quote_in(service, "Roe visits grain elevator")["id"]
        later_id = quote_in(service, "Doe speaks at farm bureau")["id"]
    finally:
        service.close()
    result = cli("lineage", str(first_id), "--json", data_dir=chain)
    assert result.status == 0, result.err
    found = result.json()
    assert [a["title"] for a in found["appearances"]] == [
        "Roe visits grain elevator", "Farm groups meet in capital", "Doe speaks at farm bureau"]
    first, trimmed, reworded = found["appearances"]
    assert first["earliest"] and not trimmed["earliest"] and first["diff"] == []
    assert found["earliest"]["published"] == "2019-01-01" and first["match"] == "self"
    assert trimmed["match"] == "trimmed" and reworded["match"] in ("near", "reworded")
    assert found["speakers_disagree"] is True
    assert {s["speaker"]: s["appearances"] for s in found["speakers"]} == {"Jane Roe": 2,
                                                                         "John Doe": 1}
    changed = [(d["op"], d["from"], d["to"]) for d in reworded["diff"] if d["op"] != "equal"]
    assert ("replace", "every", "each") in changed
    assert ("replace", "we will", "we'll") in changed
    assert [d["op"] for d in trimmed["diff"]][-1] == "delete"
    assert found["sources"] == 3
    from_later = cli("lineage", str(later_id), "--json", data_dir=chain).json()
    assert [a["title"] for a in from_later["appearances"]] == [
        a["title"] for a in found["appearances"]], "the same lineage from any of its quotes"
    assert from_later["appearances"][0]["earliest"] and from_later["speakers_disagree"]
    text = cli("lineage", str(first_id), data_dir=chain).out
    assert "sources disagree on who said it" in text and "[earliest]" in text


def test_lineage_of_an_unknown_quote_is_a_one_line_error(cli, chain):
    result = cli("lineage", "12345", data_dir=chain)
    assert result.status == 2 and "no quote 12345" in result.err
    with pytest.raises(SystemExit) as refused:  # argparse: usage and a one-line error
        cli("lineage", "abc", data_dir=chain)
    assert refused.value.code == 2


def test_the_word_diff_marks_each_change_against_the_earliest():
    diff = diff_words("We will fight for them, always.", "We'll fight hard for them.")
    assert diff == [
        {"op": "replace", "from": "We will", "to": "We'll"},
        {"op": "equal", "from": "fight", "to": "fight"},
        {"op": "insert", "from": "", "to": "hard"},
        {"op": "equal", "from": "for them,", "to": "for them."},  # punctuation aside
        {"op": "delete", "from": "always.", "to": ""},
    ]


def test_same_statement_tells_trimmed_and_reworded_from_a_different_statement():
    text = "Our farmers deserve a fair price for every bushel of corn they grow"
    assert same_statement(compare(text, text)) == "exact"
    assert same_statement(compare(text, text + ", and we will fight for them")) == "trimmed"
    other = "Corn prices have fallen sharply this year and our farmers are struggling"
    assert same_statement(compare(text, other, cosine=0.7)) is None


def test_one_long_sentence_repeated_with_a_word_edited_is_a_rewording():
    """A statement that keeps one long sentence of another with a word edited carries that
    line, whatever else either says (scripts/lineage_rule.md, rule 3); an unrelated statement
    sharing a few words does not."""
    a = ("It is important that Pennsylvanians have access to quality health care. I will "
         "continue to work for legislation that makes this a reality.")
    b = ("It is encouraging to see improvements in the medical field and among providers. It is "
         "important that Pennsylvanians have access to quality care and treatment,")
    sim = compare(a, b, cosine=0.78)
    assert sim.sentence >= 0.9 > sim.overlap and sim.run < 12
    assert 0.85 <= sim.carried < 1.0 and same_statement(sim) == "reworded"
    assert same_statement(compare(a, b, cosine=0.3)) == "reworded", "the line itself is shared"
    other = "Pennsylvanians deserve lower taxes and I will work for legislation to cut them."
    assert compare(a, other, cosine=0.8).sentence < 0.9
    assert same_statement(compare(a, other, cosine=0.8)) is None


def test_a_statement_rewritten_around_a_clause_it_kept_is_a_rewording():
    """A release that rewrites a statement but keeps one clause of it word for word, with most
    of its content words, is the same statement when the meaning agrees; the clause in a
    statement that means something else is not."""
    a = ("It is time for the federal government to provide a hand of assistance to those on "
         "the front lines.")
    b = ("With passage of this comprehensive bill, we move one step closer to providing a "
         "federal hand of assistance to those on the front lines.")
    sim = compare(a, b, cosine=0.62)
    assert sim.run >= 9 and sim.words >= 0.5 and sim.overlap < 0.9 and sim.run < 12
    assert same_statement(sim) == "reworded"
    assert same_statement(compare(a, b, cosine=0.45)) is None, "the meaning must agree too"
    other = ("Drought relief is a hand of assistance to those on the front lines of farming, "
             "and ranchers in every county need it before the winter.")
    assert same_statement(compare(a, other, cosine=0.5)) is None


def test_a_clause_that_is_mostly_a_program_name_is_no_shared_wording():
    """Two grant releases that both 'applaud the Assistance to Firefighters Grant Program'
    share a nine-word run, but most of it is the program's name: different statements. The
    same run of plain words is a kept clause."""
    a = ("This grant will improve the safety of firefighters and residents in and around Cold "
         "Spring, and I applaud the Assistance to Firefighters Grant Program for awarding it.")
    b = ("I applaud the Assistance to Firefighters Grant Program for helping the Vadnais "
         "Heights Fire Department improve the safety of its firefighters.")
    sim = compare(a, b, cosine=0.76)
    assert sim.run >= 9 and sim.plain_run < 9 and sim.words >= 0.5
    assert same_statement(sim) is None
    plain = a.replace("the Assistance to Firefighters Grant Program",
                      "the way this program keeps helping")
    plain_b = b.replace("the Assistance to Firefighters Grant Program",
                        "the way this program keeps helping")
    sim = compare(plain, plain_b, cosine=0.76)
    assert sim.plain_run >= 9 and same_statement(sim) == "reworded"


def test_a_stock_sentence_in_two_statements_is_that_line_travelling_unless_refilled():
    """Two releases that close with the same stock sentence carry that line however far apart
    the rest of them is (scripts/lineage_rule.md, rule 3); a clause of it kept where the
    sentence names another place is a template filled in again, a different statement."""
    stock = ("My Hometown Prosperity Plan calls for increased investments in the public good, "
             "and this funding is a wonderful example of that kind of investment.")
    a = "It is essential that firefighters have a safe, modern station to work from. " + stock
    b = "I will keep fighting for funding that lets our tribal community grow. " + stock
    assert compare(a, b).run >= 12 and compare(a, b).carried == 1.0
    assert same_statement(compare(a, b, cosine=0.43)) == "trimmed"
    assert same_statement(compare(a, b)) == "trimmed"  # no encoder: the sentence decides
    gallup = ("Gallup is requesting federal funds for new air service to Phoenix, and the goal "
              "is to make the new service self-sustaining for the whole region.")
    roswell = gallup.replace("Gallup", "Roswell").replace("Phoenix", "Dallas")
    sim = compare(gallup, roswell, cosine=0.9)
    assert sim.conflict and sim.carried == 0.0 and same_statement(sim) is None
    kept = ("The council met on Monday. Gallup is requesting federal funds for a new runway, "
            "and the goal is to make the new service self-sustaining for the whole region.")
    assert same_statement(compare(kept, roswell, cosine=0.5)) is None, \
        "a clause counts only where its sentence names no other place"
    pleased = "and I am very pleased to see such a strong commitment to them from Washington."
    bases = "Our facilities play a key role in the security of our nation, " + pleased
    jobs = "These projects will bring good jobs to every town, " + pleased
    sim = compare(bases, jobs, cosine=0.5)
    assert sim.carried == 1.0 and same_statement(sim) == "trimmed"


def test_a_carried_sentence_is_read_where_it_stands_and_refilled_names_are_seen():
    """A sentence edited in one word is found though its opening words stand earlier in the
    other text too; a sentence whose opening name is another's is a template refilled."""
    a = ("It is time we acted on hospital closures. It is vital that families in rural areas "
         "can reach a doctor quickly. We have asked for an emergency hearing next month.")
    b = ("It is our duty to protect these clinics. It is essential that families in rural areas "
         "can reach a doctor quickly. The bill now goes to the full committee for a vote.")
    sim = compare(a, b, cosine=0.3)
    assert sim.carried >= 0.9 and same_statement(sim) == "reworded"
    paul = ("We are grateful for her service. Paul has devoted his life to serving the people "
            "of this great county.")
    rodriguez = ("I thank him. Rodriguez has devoted his life to serving the people of this "
                 "great county.")
    assert compare(paul, rodriguez, cosine=0.3).carried == 0.0


def test_a_template_refilled_with_another_region_or_name_is_a_different_statement():
    """A press office's sentence filled in again for another region, place or figure is not
    the same statement, however alike its words; the same sentence with a word dropped is."""
    a = "I am pleased my colleagues have approved funding for these important southeastern " \
        "Pennsylvania projects,"
    b = a.replace("southeastern", "northeastern")
    sim = compare(a, b, cosine=0.97)
    assert sim.conflict and same_statement(sim) is None
    c = "I am pleased this grant will shield 15 Hartford families from flooding this spring"
    assert same_statement(compare(c, c.replace("Hartford", "Bridgeport"), cosine=0.97)) is None
    assert same_statement(compare(c, c.replace("15", "40"), cosine=0.99)) is None
    assert same_statement(compare(a, a.replace("important ", ""), cosine=0.99)) is not None


def test_a_capital_that_opens_a_sentence_is_no_name_swapped():
    """A word capitalised because it opens a sentence ("Instead," / "Sadly,") is no name put in
    another's place; a capitalised word inside a sentence is."""
    a = "Our families deserve safe and affordable housing. Instead, the contractor left " \
        "behind unfinished homes and unpaid bills,"
    assert not compare(a, a.replace("Instead,", "Sadly,")).conflict
    assert compare(a, a.replace("the contractor", "Acme Builders")).conflict


def test_a_name_refilled_with_a_longer_tail_is_a_different_statement():
    """A template's place put in again with words added after it ("in Macon," / "in Valdosta
    to train more volunteer firefighters,") is another statement; adding words after the same
    place is not a refill."""
    a = "This grant will fund a vital public safety initiative in Macon,"
    b = "This grant will fund a vital public safety initiative in Valdosta to train more " \
        "volunteer firefighters,"
    assert compare(a, b).conflict and same_statement(compare(a, b, cosine=0.9)) is None
    c = a.replace("Macon,", "Macon to train more volunteer firefighters,")
    assert not compare(a, c).conflict and same_statement(compare(a, c)) == "trimmed"


def test_a_place_refilled_where_the_sentence_was_reordered_is_a_different_statement():
    """"… clean water in rural Hart County" / "… help Johnston County expand access …": the
    county slot holds another name, though the words around it moved; the same county named in
    a reordered sentence is no refill."""
    a = "These funds will help expand access to clean water in rural Hart County."
    b = "These funds will help Johnston County expand access to clean water."
    assert compare(a, b).conflict and same_statement(compare(a, b, cosine=0.9)) is None
    assert not compare(a, b.replace("Johnston", "Hart")).conflict


def test_a_region_narrowed_by_a_compass_word_is_a_different_statement():
    """"Ohio" / "Southern Ohio": a compass word before a name narrows the region the statement
    is about; a compass word dropped elsewhere is only an edit."""
    a = "These funds are an investment in the farms and families that depend on the rivers " \
        "of Ohio,"
    b = a.replace("of Ohio", "of Southern Ohio")
    assert compare(a, b).conflict and same_statement(compare(a, b, cosine=0.95)) is None
    c = "These funds will help farms along the northern rivers and the families that depend " \
        "on them every day"
    assert not compare(c, c.replace("northern ", "")).conflict


def test_a_bill_at_its_next_stage_is_the_same_statement():
    """"the Senate passed" / "the President signed into law": the statement reissued as its
    bill moves on, not a template filled with another name."""
    a = "Today, the Senate passed important legislation that will help small businesses grow " \
        "and hire more workers in every state,"
    b = a.replace("the Senate passed important", "the President signed into law")
    sim = compare(a, b)
    assert not sim.conflict and same_statement(sim) is not None


def test_an_appearance_with_no_source_is_counted_apart_from_the_sources(cli, tmp_path):
    """A plain folder's file has no source: the lineage counts its named sources and says how
    many appearances have none, rather than counting 'no source' as one more source."""
    quote = '"Our farmers deserve a fair price for every bushel of corn they grow," '
    docs = [SourceDoc(origin="a.txt", title="Roe at the elevator", published="2019-01-01",
                      source="Courier", body=f"{quote}said Senator Jane Roe on Tuesday."),
            SourceDoc(origin="b.txt", title="Roe on corn", published="2019-02-01",
                      body=f"{quote}Senator Jane Roe said at the fair.")]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    service = SearchService.open(data)
    try:
        first = quote_in(service, "Roe at the elevator")["id"]
    finally:
        service.close()
    found = cli("lineage", str(first), "--json", data_dir=data).json()
    assert (found["total"], found["sources"], found["unsourced"]) == (2, 1, 1)
    text = cli("lineage", str(first), data_dir=data).out
    assert "2 appearance(s) in 1 source(s), 1 with no source" in text and "no source:" in text


def test_a_joint_statement_credited_to_both_owners_is_no_disagreement(cli, tmp_path):
    """One release holding a joint statement once for each owner is one appearance credited to
    both, not two sources disagreeing on who said it; a later release crediting someone else
    alone is a disagreement."""
    body = ("Joint Statement of Sen. Jane Roe and Sen. John Doe\n\nLifting the tariff would "
            "reward the oil companies and leave consumers with the same high gas prices.\n")
    docs = [SourceDoc(origin="a.txt", title="Roe and Doe on the tariff", published="2006-05-04",
                      source="Courier", body=body)]
    data = tmp_path / "data"
    ingest_documents(docs, data)
    service = SearchService.open(data)
    try:
        [aid] = service.store.all_article_ids()
        quotes = service.store.quotes_of_article(aid)
    finally:
        service.close()
    assert sorted(q["speaker"] for q in quotes) == ["Jane Roe", "John Doe"]
    found = cli("lineage", str(quotes[0]["id"]), "--json", data_dir=data).json()
    [joint] = found["appearances"]
    assert {joint["speaker"], *(c["speaker"] for c in joint["also_credited"])} == \
        {"Jane Roe", "John Doe"}
    assert found["speakers_disagree"] is False and found["total"] == 1
    assert " and " in cli("lineage", str(quotes[0]["id"]), data_dir=data).out
