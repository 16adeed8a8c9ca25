"""Cross-article speaker matching: nicknames with shared evidence merge, shared surnames don't."""

from __future__ import annotations

from indexer.speakers import (
    Candidate,
    Existing,
    add_roles,
    canonical_key,
    merge_into,
    same_first_name,
    same_speaker,
    written_titles,
)

JACOB = Existing(
    "Jacob Becchina", "person", ["Sgt. Jacob Becchina"], ["police spokesman", "Sgt."],
    ["Kansas City police"],
)


def test_jake_and_jacob_becchina_are_one_speaker():
    jake = Candidate("Jake Becchina", "person", role="Sgt.", org="KCPD")
    assert same_speaker(jake, JACOB)


def test_org_acronym_is_enough_evidence():
    jake = Candidate("Jake Becchina", "person", org="KCPD")
    existing = Existing("Jacob Becchina", orgs=["Kansas City Police Department"])
    assert same_speaker(jake, existing)


def test_nickname_without_shared_org_or_title_is_not_merged():
    assert not same_speaker(Candidate("Jake Becchina", "person"), Existing("Jacob Becchina"))


def test_hillary_and_bill_clinton_stay_apart():
    bill = Existing("Bill Clinton", "person", [], ["former President"], ["Democratic Party"])
    hillary = Candidate("Hillary Clinton", "person", role="former President",
                        org="Democratic Party")
    assert not same_speaker(hillary, bill)


def test_same_full_name_matches_with_titles_stripped():
    assert same_speaker(Candidate("Sen. Ted Cruz (R-Texas)"), Existing("Ted Cruz"))
    assert canonical_key("Sgt. Jacob Becchina") == "jacob becchina"
    assert canonical_key("Dr. Martin Luther King Jr.") == "martin luther king"


def test_people_and_organisations_never_match():
    assert not same_speaker(Candidate("Becchina", "org"), JACOB)


def test_nickname_table():
    for a, b in [("Jake", "Jacob"), ("Bill", "William"), ("Bob", "Robert"), ("Mike", "Michael"),
                 ("Jim", "James")]:
        assert same_first_name(a, b)
    assert not same_first_name("Hillary", "Bill")


def test_merge_keeps_aliases_roles_and_orgs():
    merged = merge_into(Candidate("Jake Becchina", role="Sgt.", org="KCPD"), JACOB)
    assert merged.name == "Jacob Becchina"
    assert "Jake Becchina" in merged.aliases
    assert "KCPD" in merged.orgs
    assert merged.roles.count("Sgt.") == 1


def test_a_full_first_name_never_matches_through_an_initial_alias():
    """John Smith once written 'J. Smith' is no evidence that Jane Smith is him."""
    john = Existing("John Smith", "person", ["J. Smith"], ["Senator"])
    assert not same_speaker(Candidate("Jane Smith", role="Senator"), john)
    assert same_speaker(Candidate("J. Smith", role="Senator"), john)
    assert not same_speaker(Candidate("J. Smith", role="Senator"), john, initials=False)


def test_registry_titles_are_as_written_and_one_person_s():
    assert written_titles("Sgt. Jacob Becchina") == ["Sgt."]
    assert written_titles("Senators Chris Dodd") == ["Senator"]
    assert written_titles("Former Sen. Bob Dole") == ["Former Sen."]
    assert written_titles("Acting IG Dennis Rosen") == []  # a qualifier alone holds no office
    assert written_titles("Attorney General Eric Holder") == ["Attorney General"]
    assert written_titles("KCPD Sgt. Jake Becchina") == []  # the organisation opens it


def test_roles_differing_in_case_or_a_closing_period_are_one_role():
    merged = merge_into(Candidate("Chris Dodd", role="senator"),
                        Existing("Chris Dodd", roles=["Senator."]))
    assert merged.roles == ["Senator."]
    assert add_roles(["Sen."], ["Senator", "sen", "Chairman"]) == ["Sen.", "Senator", "Chairman"]
