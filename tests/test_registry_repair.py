"""One registry entry a person, no junk speakers: resolution at ingest and repair in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from indexer.registry import SpeakerRegistry, document_issuer, load_speakers, repair_registry
from indexer.speakers import Existing, junk_speaker, surname_owner
from indexer.store import Store


def _release(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"SENATOR ISSUES STATEMENT\n\n{body}\n", encoding="utf-8")
    return path


def _ingest_each(cli, folder: Path, bodies: list[str]) -> None:
    """Each body ingested as its own release, in order (one ingest run each)."""
    for n, body in enumerate(bodies):
        assert cli("ingest", str(_release(folder, f"r{n}.txt", body)), "--no-vectors").status == 0


@pytest.mark.parametrize("name", ["memorandum", "1999 audit", "the bureau", "Panel", "Board",
                                  "Ministry", "these lawmakers", "His proposal", "S. Chamber",
                                  "Judges Brown", "Inspectors Moore", "Since Parliament",
                                  "At City Hall", "Loading Dock Worker",
                                  "Apartment Complex Manager", "The Republican",
                                  "The Guardian", "The Ebelings", "The Conservative Case",
                                  "San Diego", "Nevada Democrat", "Kansas City",
                                  "Attorney General", "Chief Justice",
                                  "Senator Salazar statement",
                                  # legislation is what a quote is about, not who said it
                                  "PATRIOT Act", "Homeland Security Act of 2002", "Farm Bill",
                                  "First Amendment", "Burma Trade Resolution", "Law of the Sea Treaty"])
def test_common_nouns_numbers_and_fragments_are_not_speakers(name):
    kind = "person" if name.split()[0] in {"Judges", "Inspectors", "At", "Loading",
                                           "Apartment", "The", "San", "Nevada",
                                           "Kansas"} else "org"
    assert junk_speaker(name, kind)


@pytest.mark.parametrize("name,kind", [
    ("Senate Armed Services Committee", "org"), ("Associated Press", "org"), ("Boeing", "org"),
    ("Pentagon", "org"), ("Verizon", "org"), ("NATO", "org"), ("Energy Department", "org"),
    ("Department of Defense", "org"), ("U.S. Congress", "org"), ("Bernie Sanders", "person"),
    ("Department of Justice", "org"), ("Office of the Attorney General", "org"),
    ("Office of the Governor", "org"), ("Department of State", "org"),
    ("Homeland Security's Office of Grants", "org"), ("Mrs. Clinton's campaign", "org"),
    ("Congressman Trey Gowdy’s office", "org"),
    ("Sanders", "person"), ("James Smith", "person"), ("Senators Dodd", "person"),
    ("Rose Hill", "person"), ("Tom Baker", "person"), ("Amber Guyger", "person"),
    ("Sherrod Brown", "person"), ("The Rev. Peter Wherry", "person"),
    ("The Jim Clyburn", "person"), ("Georgia Smith", "person"), ("Jackson", "person"),
    ("Chelsea Clinton", "person"), ("Austin", "person"), ("Israel", "person"),
    ("Dallas", "person"), ("Office of Dispute Resolution", "org"),
    ("Religious Action Center", "org"), ("Bill Frist", "person"),
    # a first name no list holds, which the tagger reads as a plural noun
    ("Saxby Chambliss", "person"), ("Zell Miller", "person"), ("Norm Coleman", "person"),
])
def test_named_organisations_and_people_stay_speakers(name, kind):
    assert not junk_speaker(name, kind)


def test_a_bare_surname_picks_the_one_person_whose_office_fits():
    ken = Existing("Ken Salazar", roles=["Senator"])
    john = Existing("John Salazar", roles=["Congressman"])
    assert surname_owner(["Sen."], [ken, john]) == 0
    assert surname_owner(["Rep."], [ken, john]) == 1
    assert surname_owner([], [ken, john]) is None  # two Salazars: stays apart
    assert surname_owner([], [ken]) == 0


def test_a_first_name_the_lists_lack_is_no_reason_to_pass_over_the_most_quoted():
    """'Norm' is in no list of first names, 'Moses' is: a bare 'Coleman' is not the farmer
    quoted 39 times for that alone when Norm Coleman is quoted 1,700 times; it stays apart
    (each issuer's documents decide), and 'Sen. Coleman' is the senator."""
    norm = Existing("Norm Coleman", roles=["Sen."])
    moses = Existing("Moses Coleman", roles=["Vidalia farmer"])
    assert surname_owner([], [norm, moses], strict=True, quotes=[1700, 39]) is None
    assert surname_owner(["Sen."], [norm, moses], strict=True, quotes=[1700, 39]) == 0
    assert surname_owner([], [moses, norm], quotes=[3, 140]) is None
    # a garbage entry whose first word is no first name, quoted little, is still no rival
    junk = Existing("Vermont Veterans Coleman")
    assert surname_owner([], [moses, junk], quotes=[39, 2]) == 0


def test_a_courtesy_title_picks_the_namesake_of_that_sex():
    """'Mr. Obama' beside Barack and Michelle Obama is Barack; 'Mrs. Obama' is Michelle; a
    bare 'Obama', or titles saying both, stays apart."""
    barack, michelle = Existing("Barack Obama", roles=["President"]), Existing("Michelle Obama")
    assert surname_owner(["Mr."], [barack, michelle]) == 0
    assert surname_owner(["Mrs."], [barack, michelle]) == 1
    assert surname_owner([], [barack, michelle]) is None
    assert surname_owner(["Mr.", "Mrs."], [barack, michelle]) is None


def test_a_bare_surname_resolves_to_the_one_full_name_and_namesakes_stay_apart(cli, tmp_path):
    src = tmp_path / "src"
    bodies = [
        '"The farm bill helps Vermont," said Senator Bernie Sanders.',
        '"Veterans deserve better care," Sanders said.',
        '"The water plan is sound," said Senator Ken Salazar.',
        '"The water plan needs the House," said Congressman John Salazar.',
        '"The water rights matter," said Salazar.',
        '"The hospital will get its nurses," said Senator Hillary Clinton.',
        '"The hospital was my first stop," said President Bill Clinton.',
        '"We stand with the hospital," Clinton said.',
    ]
    _ingest_each(cli, src, bodies)
    speakers = cli("speakers", "--json").json()["speakers"]
    names = {s["name"]: s["quotes"] for s in speakers}
    assert names.get("Bernie Sanders") == 2 and "Sanders" not in names
    assert names.get("Ken Salazar") == 1 and names.get("John Salazar") == 1
    assert names.get("Salazar") == 1  # two Salazars known: the bare one stays apart
    assert names.get("Hillary Clinton") == 1 and names.get("Bill Clinton") == 1
    assert names.get("Clinton") == 1
    with sqlite3.connect(cli.data / "store.sqlite3") as conn:
        reasons = conn.execute("SELECT name, reason FROM speaker_merges").fetchall()
    assert ("Sanders", "one person of that surname in the corpus") in reasons


def test_an_office_named_with_a_title_keeps_its_quotes(cli, tmp_path):
    """'The Department of Justice said …' and 'the Office of the Attorney General said' are
    organisations whose names hold a title word; their quotes keep them as speakers."""
    _ingest_each(cli, tmp_path / "src", [
        'The Department of Justice said the settlement "protects the rights of every voter in '
        'the county and ends years of litigation."',
        '"We will keep watching the county closely," the Office of the Attorney General said.',
    ])
    names = {s["name"]: s["quotes"] for s in cli("speakers", "--json").json()["speakers"]}
    assert names.get("Department of Justice") == 1
    assert names.get("Office of the Attorney General") == 1


def test_an_acronym_with_and_without_the_is_one_organisation(cli, tmp_path):
    _ingest_each(cli, tmp_path / "src", [
        'In March 2006, the GAO stated that, "Even when adjudicators rejected applications, '
        'the agency paid them."',
        'The GAO also reported that the "department cannot provide reasonable assurance that '
        'its contracts are sound."',
        '"Oversight of the contracts remains weak," GAO said on Tuesday.',
        'The GAO report says the program "lacks any measure of success."',
    ])
    names = {s["name"]: s["quotes"] for s in cli("speakers", "--json").json()["speakers"]}
    assert names.get("GAO") == 4 and "The GAO" not in names and "GAO report" not in names


@pytest.mark.parametrize(("name", "issuer"), [
    ("GAO report", "GAO"), ("GAO's report", "GAO"), ("GAO-initiated report", "GAO"),
    ("May 2006 Justice Department report", "Justice Department"),
    ("Pew Research Center study", "Pew Research Center"),
    ("ICE intelligence report", None), ("April 2007 report", None),
    ("9/11 Commission Report", None), ("Heritage Foundation", None),
])
def test_a_document_named_as_a_speaker_stands_for_its_organisation(name, issuer):
    assert document_issuer(name) == issuer


def test_junk_mentions_keep_no_speaker_and_are_counted(cli, tmp_path):
    src = tmp_path / "src"
    body = ('The audit found gaps. "Funding has been misused for years," the audit said. '
            '"We will fix it," said Senator Olympia Snowe.')
    assert cli("ingest", str(_release(src, "a.txt", body)), "--no-vectors").status == 0
    names = [s["name"] for s in cli("speakers", "--json").json()["speakers"]]
    assert "audit" not in names and "Olympia Snowe" in names
    stats = cli("stats", "--json").json()
    assert stats["unresolved_mentions"] >= 1
    with sqlite3.connect(cli.data / "store.sqlite3") as conn:
        row = conn.execute("SELECT mention, speaker_id, speaker_name FROM quotes"
                           " WHERE mention LIKE '%audit%'").fetchone()
    assert row is not None and row[1] is None and row[2] is None


def test_a_store_built_before_the_change_is_repaired_in_place(cli, tmp_path):
    """A store with the old shape: a bare-surname twin and a junk entry written through the
    store API beside a real ingest. The repair folds the twin (its id now redirects), drops
    the junk entry (its quote keeps the mention) and keeps quote ids; search follows."""
    src = tmp_path / "src"
    assert cli("ingest", str(_release(src, "a.txt", '"Dairy farmers need help," said Senator '
                                      'Russ Feingold.')), "--no-vectors").status == 0
    assert cli("ingest", str(_release(src, "b.txt", '"Stop the surge," said Senator Dick '
                                      'Durbin.')), "--no-vectors").status == 0
    store = Store.open(cli.data)
    with store.transaction():
        registry = SpeakerRegistry(store)
        # the old registry made a separate entry for a bare surname; write one as it did
        bare = registry._create("Feingold", "person", ["Senator"], [], "feingold")
        junk = registry._create("report", "org", [], [], "report")
        rows = store.conn.execute("SELECT id, article_id FROM quotes ORDER BY id").fetchall()
        durbin_quote = [r for r in rows if r[1] != rows[0][1]][0][0] if len(rows) > 1 else None
        store.conn.execute("UPDATE quotes SET speaker_id = ?, speaker_name = 'Feingold'"
                           " WHERE id = ?", (bare, rows[0][0]))
        store.conn.execute("UPDATE quotes SET speaker_id = ?, speaker_name = 'report'"
                           " WHERE id = ?", (junk, durbin_quote))
    quote_ids = [r[0] for r in rows]
    store.close()
    assert cli("speakers", "--repair").status == 0
    store = Store.open(cli.data)
    names = {s.name: s.id for s in load_speakers(store)}
    assert "Feingold" not in names and "report" not in names and "Russ Feingold" in names
    assert store.speaker_redirect(bare) == names["Russ Feingold"]
    assert sorted(r[0] for r in store.conn.execute("SELECT id FROM quotes")) == sorted(quote_ids)
    assert store.conn.execute("SELECT speaker_id FROM quotes WHERE id = ?",
                              (durbin_quote,)).fetchone()[0] is None
    merges = store.speaker_merges()
    assert any(m["from_id"] == bare and m["to_id"] == names["Russ Feingold"] for m in merges)
    assert repair_registry(store).folded == []  # a second repair finds nothing
    store.close()
    with sqlite3.connect(cli.data / "store.sqlite3") as conn:  # touched articles re-indexed
        assert conn.execute("SELECT COUNT(*) FROM articles WHERE indexed = 0").fetchone()[0] == 0


def test_rivals_without_a_first_name_and_nicknames_do_not_make_a_surname_ambiguous():
    bernie = Existing("Bernie Sanders", roles=["Senator"])
    fragment = Existing("Vermont Veterans Sanders")
    assert surname_owner(["Senator"], [bernie, fragment]) == 0
    russ, russell = Existing("Russ Feingold", roles=["Sen."]), Existing("Russell Feingold")
    assert surname_owner([], [russ, russell]) == 0
    ken = Existing("Ken Salazar", roles=["Senator"])
    john = Existing("John Salazar", roles=["Congressman", "Senator"])  # one stray 'Senator'
    assert surname_owner(["Sen."], [ken, john]) is None
    assert surname_owner(["Sen."], [ken, john], quotes=[400, 9]) == 0
    assert surname_owner([], [ken, john], quotes=[400, 9]) is None  # no title: no guess


def test_a_bare_entry_registered_first_is_folded_when_the_full_name_arrives(tmp_path):
    store = Store.open(tmp_path / "data")
    with store.transaction():
        registry = SpeakerRegistry(store)
        bare = registry.resolve("Sanders", "person", ["Senator"], [])
        russell = registry.resolve("Russell Feingold", "person", [], [])
        bernie = registry.resolve("Bernie Sanders", "person", ["Senator"], [])
        russ = registry.resolve("Russ Feingold", "person", ["Senator"], [])
        registry.resolve("Russell Feingold", "person", ["Senator"], [])
    names = {s.name for s in load_speakers(store)}
    assert "Sanders" not in names and "Bernie Sanders" in names
    assert store.speaker_redirect(bare) == bernie
    assert len({russ, russell}) == 2 and len([n for n in names if "Feingold" in n]) == 1
    reasons = {(m["name"], m["reason"]) for m in store.speaker_merges()}
    assert ("Sanders", "one person of that surname in the corpus") in reasons


def test_reindex_repairs_the_registry_too(cli, tmp_path):
    src = tmp_path / "src"
    assert cli("ingest", str(_release(src, "a.txt", '"Roads matter," said Senator Jon Kyl.')),
               "--no-vectors").status == 0
    store = Store.open(cli.data)
    with store.transaction():
        junk = SpeakerRegistry(store)._create("memorandum", "org", [], [], "memorandum")
        store.conn.execute("UPDATE quotes SET speaker_id = ?", (junk,))
    store.close()
    result = cli("reindex", "--no-vectors")
    assert result.status == 0 and "1 entries naming nobody dropped" in result.out
    stats = cli("stats", "--json").json()
    assert stats["unresolved_mentions"] == 1 and stats["keyword_documents"] == stats["passages"]


def test_a_speakers_most_used_roles_come_first(cli, tmp_path):
    """The registry keeps every role a speaker was given; the list shows the ones most of
    their quotes give first, so a one-off description met first does not lead."""
    src = tmp_path / "src"
    bodies = [
        '"Vote yes on the levy," said Dana Marlow, a longtime supporter of Measure 5.',
        '"The bridge will be fixed," said Mayor Dana Marlow.',
        '"The budget is fair," said Mayor Dana Marlow.',
        '"The parks stay open," said Mayor Dana Marlow.',
    ]
    _ingest_each(cli, src, bodies)
    marlow = next(s for s in cli("speakers", "--json").json()["speakers"]
                  if s["name"] == "Dana Marlow")
    assert marlow["quotes"] == 4 and marlow["roles"][0] == "Mayor"
    assert "longtime supporter of Measure 5" in marlow["roles"][1:]
    listed = cli("speakers").out
    assert "Dana Marlow (Mayor; " in listed


def test_a_speakers_list_names_a_few_roles_and_counts_the_rest():
    from indexer.registry import shown_roles

    assert shown_roles(["Senator", "Sen.", "Chairman", "Ranking Member"], ["Senate"]) == \
        "Senator; Sen.; Chairman; Senate and 1 more"
    assert shown_roles(["Mayor"], ["City of Riverton"]) == "Mayor; City of Riverton"
    # each once: a role or organisation inside another shown is that one's words
    assert shown_roles(["Chairwoman", "Chairwoman, San Diego County Board of Supervisors",
                        "San Diego County Board of Supervisors", "Vice Chair"],
                       ["Supervisors"]) == \
        "Chairwoman, San Diego County Board of Supervisors; Vice Chair"
    assert shown_roles([], []) == ""
    # an acting or deputy title is another office, not the same one said more fully
    assert shown_roles(["District Attorney", "Acting District Attorney",
                        "Brooklyn District Attorney"], []) == \
        "Brooklyn District Attorney; Acting District Attorney"
    assert shown_roles(["Deputy District Attorney", "District Attorney"], []) == \
        "Deputy District Attorney; District Attorney"
    assert shown_roles(["Mr.", "former commissioner"], []) == "former commissioner", \
        "a courtesy title is no role"
    # an initialism is the office its words spell out, unless a qualifier makes it another
    assert shown_roles(["DA", "Riverside County District Attorney"], []) == \
        "Riverside County District Attorney"
    assert shown_roles(["CIU chief", "D.A.", "Conviction Integrity Unit Chief"], []) == \
        "Conviction Integrity Unit Chief; D.A."
    assert shown_roles(["DA", "Deputy District Attorney"], []) == "DA; Deputy District Attorney"
    assert shown_roles(["DA", "Deputy Attorney General"], ["Domestic Abuse Unit"]) == \
        "DA; Deputy Attorney General; Domestic Abuse Unit"


def test_a_role_spelled_two_ways_is_listed_once(cli, tmp_path):
    """Straight and curly apostrophes, case and a closing period are one role's spellings."""
    src = tmp_path / "src"
    bodies = [
        '"We will appeal," said State’s Attorney Dana Marlow.',
        '"The ruling stands," said State\'s Attorney Dana Marlow.',
        '"We filed today," said state’s attorney Dana Marlow.',
    ]
    _ingest_each(cli, src, bodies)
    marlow = next(s for s in cli("speakers", "--json").json()["speakers"]
                  if s["name"] == "Dana Marlow")
    assert marlow["quotes"] == 3
    assert [r.replace("’", "'").lower() for r in marlow["roles"]] == ["state's attorney"]
