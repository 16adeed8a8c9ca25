"""A made-up corpus for the search contract tests: more matches than any internal candidate
depth (100), phrases, dates in several years, an article with two speakers and one whose
quote sits below a lead that repeats the question's words."""

from __future__ import annotations

import random

from indexer.records import SourceDoc

PLACES = ["Riverton", "Oakdale", "Millbrook", "Stonefield", "Ashford", "Brookhaven", "Cedar Falls",
          "Lakeview", "Northgate", "Pinecrest", "Westwood", "Fairmont", "Glenwood", "Harborview"]
TOPICS = ["library hours", "bus routes", "park benches", "snow removal", "water meters",
          "school lunches", "bridge repairs", "street lights", "fire hydrants", "recycling bins",
          "police overtime", "clinic staffing", "road salt", "storm drains", "bike lanes",
          "senior centres", "animal shelter", "tree planting", "voting machines", "pool repairs"]
VERBS = ["approved", "delayed", "questioned", "expanded", "trimmed", "reviewed", "defended",
         "postponed", "doubled", "audited", "criticised", "welcomed"]
FILLER = ["residents", "officials", "contractors", "volunteers", "inspectors", "engineers",
          "teachers", "nurses", "drivers", "clerks", "planners", "auditors"]

BUDGET_ARTICLES = 140  # every one mentions "budget": more than the old candidate depth of 100
PHRASE_EVERY = 5  # every fifth budget article says "minimum wage" as a phrase
SPLIT_EVERY = 7  # every seventh says "minimum" and "wage" apart (not the phrase)
YEARS = ("2019", "2020", "2021", "2022")


def _sentence(rng: random.Random) -> str:
    return (f"In {rng.choice(PLACES)}, {rng.choice(FILLER)} {rng.choice(VERBS)} plans for "
            f"{rng.choice(TOPICS)} after {rng.randint(2, 97)} {rng.choice(FILLER)} "
            f"met on {rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}.")


def budget_article(i: int) -> SourceDoc:
    """Budget article ``i``: unique wording, a date in one of four years."""
    rng = random.Random(i)
    place, topic = PLACES[i % len(PLACES)], TOPICS[i % len(TOPICS)]
    lead = (f"The {place} council debated the budget line for {topic} number {i} on "
            f"{rng.choice(['a wet', 'a cold', 'a busy', 'a quiet'])} evening. "
            + " ".join(_sentence(rng) for _ in range(3)))
    if i % PHRASE_EVERY == 0:
        lead += " Several speakers tied the plan to the minimum wage paid to seasonal crews."
    elif i % SPLIT_EVERY == 0:
        lead += (" The minimum staffing rule was kept, while the wage table for crews was "
                 "left for later.")
    body = lead + "\n\n" + " ".join(_sentence(rng) for _ in range(4))
    month, day = 1 + i % 12, 1 + i % 28
    return SourceDoc(origin=f"budget-{i}.txt", body=body,
                     title=f"{place} budget talks, item {i}: {topic}",
                     published=f"{YEARS[i % len(YEARS)]}-{month:02d}-{day:02d}",
                     source="Gazette" if i % 2 else "Courier", key=f"budget-{i}")


def two_speaker_article() -> SourceDoc:
    """A long article: the lead quotes one official on the stadium; a later paragraph quotes
    another on the flood barrier, so a question naming her should show that passage."""
    paragraphs = [
        "RIVERTON — The council met for four hours on Tuesday and heard from dozens of "
        "residents about the stadium lease, the harbour dredging contract and the state of "
        "the river walls after the spring storms.",
        "“The stadium lease is a good deal for every taxpayer in this city,” said Mayor Tom "
        "Becker, who has pushed the lease since his election. He said the team would pay for "
        "new seats and lights, and that the city would keep the parking revenue.",
        "Becker also said the harbour contract would go out to tender again in the autumn, "
        "after the first round drew a single bid that came in far above the estimate.",
        "Residents who spoke in the public session mostly asked about rents, bus routes and "
        "the closing of the east side library branch on Sundays, which the council said was "
        "a staffing matter rather than a question of money.",
        "“If we do not raise the flood barrier this year, the lower town will be under water "
        "by the next big storm,” said Councillor Maria Lopez, who chairs the works committee. "
        "She said the engineers' report left no doubt that the river walls were failing.",
        "Lopez asked the council to move money from the stadium account to the barrier. The "
        "vote on her motion was put off until the next meeting in three weeks.",
    ]
    return SourceDoc(origin="council-two-speakers.txt", body="\n\n".join(paragraphs),
                     title="Council hears from residents on stadium lease and river walls",
                     published="2022-06-14", source="Courier", key="two-speakers")


def ferry_article() -> SourceDoc:
    """The lead and a reported paragraph use a question's words about the ferry timetable; the
    one quote (Ines Varga's) says it in other words, further down."""
    paragraphs = [
        "PORT ELLIS — The ferry company cut the winter timetable for the island crossing on "
        "Monday, and the ferry timetable cuts drew objections at the harbour office, where the "
        "new timetable was posted.",
        "The company said fuel costs and a shortage of deck crew forced the cuts, and that "
        "summer sailings would return in May.",
        "“We were never asked, and the people who live out there will be stranded for days "
        "when the weather turns,” said harbour master Ines Varga.",
        "Varga said the ferry company had ignored the timetable objections the harbour office "
        "sent in writing, and she would raise the ferry timetable cuts with the regional board.",
    ]
    return SourceDoc(origin="ferry-timetable.txt", body="\n\n".join(paragraphs),
                     title="Ferry company trims winter crossings", published="2021-11-02",
                     source="Island Post", key="ferry")


def contract_documents() -> list[SourceDoc]:
    return [budget_article(i) for i in range(BUDGET_ARTICLES)] + [two_speaker_article(),
                                                                  ferry_article()]


def phrase_articles() -> int:
    """How many articles contain "minimum wage" as a phrase."""
    return sum(1 for i in range(BUDGET_ARTICLES) if i % PHRASE_EVERY == 0)
