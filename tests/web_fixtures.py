"""A data folder for the web tests: corpus/ plus articles written here (two speakers quoted over
several months, a reprint, and a hostile document), ingested once per test session, with two
watches saved between the corpus and those articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.ingest import ingest

REPO = Path(__file__).resolve().parents[1]
XSS = "<script>alert(1)</script>"

ARTICLES = [
    {"id": "becchina-2021-03", "source": "KCPD", "published": "2021-03-04",
     "title": "Police review vehicle pursuit policy",
     "text": "KANSAS CITY, Mo. -- The police department is reviewing how officers pursue "
             "fleeing vehicles after a crash last month injured two bystanders downtown.\n\n"
             "\"Chasing a car through a crowded street puts everyone at risk, and we have to "
             "weigh that every single time,\" said Sgt. Jacob Becchina, a police spokesman.\n\n"
             "The review is expected to take several months and will include community input."},
    {"id": "becchina-2021-11", "source": "KCPD", "published": "2021-11-17",
     "title": "Officer fires at moving vehicle near Interstate 435",
     "text": "An officer fired shots at a vehicle late Monday after it drove toward a patrol "
             "car near Interstate 435. No injuries were reported.\n\n"
             "\"Generally officers should not fire into moving vehicles, but the policy allows "
             "it in life-threatening situations,\" said Sgt. Jacob Becchina, a police "
             "spokesman.\n\nThe shooting remains under investigation by the highway patrol."},
    {"id": "becchina-2022-06", "source": "Kansas City Star", "published": "2022-06-09",
     "title": "Summer curfew enforcement begins downtown",
     "text": "Police will enforce the youth curfew in the entertainment district this summer, "
             "officials announced Thursday.\n\n"
             "\"Our goal is to keep young people safe, not to arrest them,\" Becchina said.\n\n"
             "Sgt. Jacob Becchina, a police spokesman, said officers would contact parents "
             "first.\n\nThe curfew begins at 9 p.m. on weekends."},
    {"id": "graves-2023-02", "source": "Kansas City Star", "published": "2023-02-14",
     "title": "New chief outlines approach to vehicle pursuits",
     "text": "Police Chief Stacey Graves said Tuesday the department would limit vehicle "
             "pursuits to violent felony suspects.\n\n"
             "\"A chase is one of the most dangerous things an officer does, so we will only "
             "pursue when the danger of letting someone go is greater,\" said Stacey Graves, "
             "the police chief.\n\nThe policy takes effect next month."},
    {"id": "graves-2023-05", "source": "KCPD", "published": "2023-05-02",
     "title": "Chief Graves on shootings at moving cars",
     "text": "The department updated its firearms policy on shooting at moving vehicles.\n\n"
             "\"Officers must move out of the path of a vehicle rather than fire at it,\" said "
             "Stacey Graves, the police chief.\n\nThe change follows a national trend."},
    {"id": "xss", "source": f"Evil {XSS} Times", "published": "2022-01-20",
     "url": "https://example.org/evil?a=1&b=<script>",
     "title": f"Council {XSS} budget vote",
     "text": f"The council voted on the budget {XSS} on Thursday after a long debate.\n\n"
             f"\"We will not cut {XSS} patrols this year,\" said Mayor Quinton Lucas, the "
             "city's mayor.\n\nThe vote was 9 to 4."},
]


def write_inputs(folder: Path) -> Path:
    """The extra articles as a JSONL file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "web.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def add_watches(data: Path) -> None:
    """Two watches: vehicle pursuits (keyword) and anything quoting Stacey Graves."""
    from indexer.store import Store
    from indexer.watches import WatchSpec, add_watch

    store = Store.open(data)
    try:
        add_watch(store, WatchSpec(name="pursuits", query="vehicle pursuits", mode="keyword"))
        add_watch(store, WatchSpec(name="graves", speaker="Stacey Graves"))
    finally:
        store.close()


def seeded_web_data(factory: pytest.TempPathFactory) -> Path:
    """The session's web data folder, ingesting it the first time any web test module asks."""
    root = factory.getbasetemp() / "web-data"
    data, done = root / "data", root / "ingested"
    if not done.exists():
        inputs = write_inputs(root / "inputs")
        ingest([str(REPO / "corpus")], data)
        add_watches(data)  # before the articles above arrive: they are its alerts
        report = ingest([str(inputs)], data)
        assert report.added >= len(ARTICLES), report.to_dict()
        done.write_text("ok")
    return data
