"""HTML loader: main text without boilerplate, metadata from meta tags, JSON-LD and <time>."""

from __future__ import annotations

import json

from lxml import etree

from indexer.loaders import load_bytes
from indexer.loaders.boilerplate import Block, boilerplate_reason, prune_boilerplate
from indexer.loaders.html import (
    block_text,
    collect_meta,
    extract_html,
    lead_from_description,
    link_share,
    load_html,
    parse_tree,
    strip_site_suffix,
    with_lead,
)
from indexer.loaders.options import LoadOptions
from indexer.records import Skip, SourceDoc

PARAGRAPHS = [
    "The city council voted on Tuesday to approve a new budget for the public library system, "
    "ending months of debate over branch opening hours and staffing levels.",
    "Council member Jane Doe said the vote showed that residents had been heard. The budget "
    "adds forty hours of weekly service across six neighbourhood branches.",
    "Library staff welcomed the decision, although union representatives warned that hiring "
    "enough librarians before the summer reading season would be difficult.",
]
NAV = ["Home", "Sports", "Weather", "Subscribe to our newsletter"]
FOOTER = "Copyright 2024 Example Gazette. All rights reserved. Privacy policy and cookie settings."


def article_page(head: str = "", byline_html: str = "") -> str:
    nav = "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}"
        "<title>Council approves library budget | Example Gazette</title></head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>Council approves library budget</h1>{byline_html}{body}</article>"
        f"</main><aside><h3>Most read</h3><ul><li><a href='/x'>Other story</a></li></ul></aside>"
        f"<footer><p>{FOOTER}</p></footer></body></html>"
    )


def only_doc(items: list[SourceDoc | Skip]) -> SourceDoc:
    docs = [i for i in items if isinstance(i, SourceDoc)]
    assert len(docs) == 1, items
    return docs[0]


def test_article_body_extracted_without_navigation() -> None:
    doc = only_doc(list(load_html(article_page().encode(), "a.html", LoadOptions())))
    paragraphs = doc.body.split("\n\n")
    for expected in PARAGRAPHS:
        assert expected in paragraphs
    for boiler in ("Subscribe to our newsletter", "All rights reserved", "Most read"):
        assert boiler not in doc.body
    assert doc.title == "Council approves library budget"
    assert doc.origin == "a.html"


def test_title_date_author_url_site_from_meta_tags() -> None:
    head = (
        '<meta property="og:title" content="Council approves library budget">'
        '<meta property="article:published_time" content="2023-04-05T09:30:00-05:00">'
        '<meta name="author" content="Jane Reporter">'
        '<meta property="og:url" content="https://gazette.example.com/2023/library-budget">'
        '<meta property="og:site_name" content="Example Gazette">'
    )
    result = extract_html(article_page(head))
    assert result.title == "Council approves library budget"
    assert result.published == "2023-04-05"
    assert result.byline == "Jane Reporter"
    assert result.url == "https://gazette.example.com/2023/library-budget"
    assert result.source == "Example Gazette"
    assert result.language == "en"


def test_metadata_from_json_ld() -> None:
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example Gazette"},
            {
                "@type": "NewsArticle",
                "headline": "Council approves library budget",
                "datePublished": "2022-11-30T18:00:00Z",
                "author": [{"@type": "Person", "name": "Sam Writer"}],
                "publisher": {"@type": "Organization", "name": "Gazette Media"},
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    result = extract_html(article_page(head))
    assert result.title == "Council approves library budget"
    assert result.published == "2022-11-30"
    assert result.byline == "Sam Writer"
    assert result.source == "Gazette Media"


def test_date_from_time_element() -> None:
    byline = '<p class="meta">Published <time datetime="2021-06-15T08:00">June 15</time></p>'
    result = extract_html(article_page(byline_html=byline))
    assert result.published == "2021-06-15"


def test_malformed_html_does_not_crash() -> None:
    html = (
        "<html><head><title>Broken page</title><body><div><p>"
        + PARAGRAPHS[0]
        + "<p>"
        + PARAGRAPHS[1]
        + "<div><span><b>unclosed <i>tags</table></td></html"
    )
    doc = only_doc(list(load_html(html.encode(), "broken.html", LoadOptions())))
    assert "city council voted" in doc.body
    assert "budget adds forty hours" in doc.body


def test_empty_page_is_skipped_with_reason() -> None:
    items = list(load_html(b"<html><body><nav>Home</nav></body></html>", "e.html", LoadOptions()))
    assert items == [Skip("e.html", "no text extracted from HTML")]


def test_non_utf8_page_honours_meta_charset() -> None:
    text = "Le maire a déclaré que la bibliothèque ouvrira à nouveau ses portes en été. " * 3
    html = (
        '<html><head><meta charset="windows-1252"><title>Réouverture de la bibliothèque</title>'
        f"</head><body><article><h1>Réouverture de la bibliothèque</h1><p>{text}</p>"
        f"<p>{text}</p></article></body></html>"
    )
    doc = only_doc(list(load_html(html.encode("cp1252"), "fr.html", LoadOptions())))
    assert "déclaré" in doc.body and "été" in doc.body
    assert "\ufffd" not in doc.body
    assert doc.title == "Réouverture de la bibliothèque"


def test_options_source_overrides_site_name() -> None:
    head = '<meta property="og:site_name" content="Example Gazette">'
    doc = only_doc(list(load_html(article_page(head).encode(), "a.html", LoadOptions(source="X"))))
    assert doc.source == "X"


def test_dispatch_by_extension_uses_html_loader() -> None:
    doc = only_doc(list(load_bytes("page.htm", article_page().encode(), "page.htm", LoadOptions())))
    assert PARAGRAPHS[2] in doc.body


def test_strip_site_suffix_keeps_headline() -> None:
    site = "Example Gazette"
    assert strip_site_suffix("Budget passes | Example Gazette", site) == "Budget passes"
    assert strip_site_suffix("Gazette - Budget passes", None, "gazette.example") == "Budget passes"
    assert strip_site_suffix("Budget passes – a first step", "Example Gazette") == (
        "Budget passes – a first step"
    )


def custom_page(
    head: str = "",
    h1: str = "<h1>Council approves library budget</h1>",
    after_h1: str = "",
    before_h1: str = "",
    title: str = "Council approves library budget | Example Gazette",
) -> str:
    """A small article page whose head, headline and the lines around it are given."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}"
        f"<title>{title}</title></head><body><header>{before_h1}</header>"
        f"<main><article>{h1}{after_h1}{body}</article></main></body></html>"
    )


def test_time_marked_date_published_beats_meta_date() -> None:
    head = '<meta name="date" content="2022-01-21T15:38:44+01:00">'
    shown = (
        '<footer><time itemprop="datePublished" datetime="2022-01-27">27.01.2022</time></footer>'
    )
    html = custom_page(head).replace("</article>", f"{shown}</article>")
    assert extract_html(html).published == "2022-01-27"


def test_published_time_with_own_offset_is_taken_as_written() -> None:
    head = '<meta property="article:published_time" content="2022-05-08T06:00:00-05:00">'
    result = extract_html(custom_page(head), url="https://news.example.com/2022/05/02/story/")
    assert result.published == "2022-05-08"  # not the URL's draft date, not converted to UTC


def test_visible_date_line_under_headline() -> None:
    line = '<p class="date">Written: 2023-11-07 15:03:30</p>'
    assert extract_html(custom_page(after_h1=line)).published == "2023-11-07"


def test_utc_timestamp_read_in_the_local_form_the_page_shows() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">'
    local = '<time datetime="2022-05-03T23:37:37-04:00">3 May, 2022, 11:37 pm</time>'
    assert extract_html(custom_page(head, before_h1=local)).published == "2022-05-03"


def test_headline_ruby_readings_are_dropped() -> None:
    h1 = "<h1>子どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>"
    result = extract_html(
        custom_page(h1=h1, title="NEWS WEB EASY|子どもへの体罰を禁止する法律ができる")
    )
    assert result.title == "子どもへの体罰を禁止する法律ができる"


def test_title_drops_blog_archive_and_date_parts() -> None:
    title = "Time 4 talks » Blog Archiv » Weitere Digitalisierung der Schweizer Kinos"
    html = custom_page(h1="<h1>Time 4 talks</h1>", title=title)
    result = extract_html(html, url="http://www.time4talks.com/2013/08/07/kinos/")
    assert result.title == "Weitere Digitalisierung der Schweizer Kinos"
    dated = custom_page(h1="<h1>23.01.2022 - Wierer jubelt in Antholz</h1>", title="x")
    assert extract_html(dated).title == "Wierer jubelt in Antholz"


def test_lone_h1_section_name_or_slogan_is_not_the_title() -> None:
    head = '<meta property="og:title" content="Militares enviaram 88 questões ao TSE">'
    assert extract_html(custom_page(head, h1="<h1>Brasília</h1>")).title == (
        "Militares enviaram 88 questões ao TSE"
    )
    head += '<meta property="og:site_name" content="El Mostrador">'
    slogan = "<h1>El Mostrador, el primer diario digital de Chile.</h1>"
    assert extract_html(custom_page(head, h1=slogan)).title == (
        "Militares enviaram 88 questões ao TSE"
    )


def test_short_section_heading_is_not_matched_inside_long_title() -> None:
    head = (
        '<meta property="og:title" content="Pour le néolibéralisme, la retraite est un archaïsme'
        ' | AOC media - Analyse Opinion Critique">'
        '<meta property="og:site_name" content="AOC media - Analyse Opinion Critique">'
    )
    html = custom_page(head, h1="<h1>Opinion</h1><h1>O Opinion</h1>", title="x")
    assert extract_html(html).title == "Pour le néolibéralisme, la retraite est un archaïsme"


def test_title_cut_at_unescaped_quote_is_completed_from_title_tag() -> None:
    head = '<meta property="og:title" content="Senador califica a Biden de "incapacitado"">'
    title = 'Senador califica a Biden de "incapacitado"'
    assert extract_html(custom_page(head, h1="", title=title)).title == title


# --- body: boilerplate rules and the standfirst -------------------------------------------------


def page_with_body(extra_html: str, head: str = "", before_body: str = "") -> str:
    """``article_page`` with ``extra_html`` inside the article after the real paragraphs."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}"
        "<title>Council approves library budget | Example Gazette</title></head><body>"
        f"<main><article><h1>Council approves library budget</h1>{before_body}{body}"
        f"{extra_html}</article></main><footer><p>{FOOTER}</p></footer></body></html>"
    )


def test_boilerplate_paragraphs_inside_the_article_are_dropped() -> None:
    extra = (
        "<p>Sign up for our free daily newsletter</p>"
        "<p>See also: Branch libraries in the county</p>"
        "<p>Photo: Jane Smith for the Example Gazette</p>"
        "<p>Advertisement</p>"
        "<p>This article contains affiliate links.</p>"
        "<p><a href='/news/other'>Mayor opens the new swimming pool in Eastfield after delays</a></p>"
    )
    text = extract_html(page_with_body(extra)).text
    for expected in PARAGRAPHS:
        assert expected in text
    for boiler in ("newsletter", "See also", "Photo:", "Advertisement", "affiliate", "Mayor"):
        assert boiler not in text


def test_boilerplate_rules_each_fire_on_short_paragraphs_only() -> None:
    cases = {
        "call to action": "Subscribe to our newsletter and never miss a story.",
        "related teaser": "Lesen Sie auch: Die Bibliothek bleibt am Sonntag geschlossen",
        "credit line": "Marco Rossi, mayor. © AFP / JOHN DOE",
        "advert label": "ANZEIGE - Jetzt bestellen",
        "affiliate note": "Bei den Verlinkungen handelt es sich um Affiliate Links",
    }
    for name, text in cases.items():
        assert boilerplate_reason(Block(text)) == name, text
        long_prose = f"{PARAGRAPHS[0]} {text} {PARAGRAPHS[1]}"
        assert boilerplate_reason(Block(long_prose)) is None, name
    assert boilerplate_reason(Block("Read the council minutes", link_share=0.95)) == "link block"
    assert boilerplate_reason(Block(PARAGRAPHS[0], link_share=0.2)) is None


def test_call_to_action_is_a_bare_label_a_paywall_or_addressed_to_the_reader() -> None:
    for text in ("Read More", "Newsletter Sign-Up", "Share", "Pour lire la suite, créez un compte"):
        assert boilerplate_reason(Block(text)) == "call to action", text
    for text in (
        "Residents who wish to donate books may bring them to any branch.",
        "The senator will sign up as a volunteer reader this summer.",
        "Subscribed and sworn to before me on the third day of May.",
    ):
        assert boilerplate_reason(Block(text)) is None, text


def test_labels_must_be_written_as_labels() -> None:
    assert boilerplate_reason(Block("RELATED: Library hours change")) == "related teaser"
    assert boilerplate_reason(Block("Related Posts")) == "related teaser"
    assert boilerplate_reason(Block("Advertisement")) == "advert label"
    for prose in (
        "related provisions of the act require a yearly report to the council",
        "sponsored the amendment together with two colleagues from the county",
        "Sponsored by the county, the programme runs until the autumn.",
        "The firm is affiliated with the library foundation.",
    ):
        assert boilerplate_reason(Block(prose)) is None, prose


def test_pruning_keeps_everything_when_everything_is_boilerplate() -> None:
    blocks = [Block("Advertisement"), Block("© 2024 Example Gazette")]
    assert prune_boilerplate(blocks) == blocks
    assert prune_boilerplate([Block("Advertisement"), Block(PARAGRAPHS[0])]) == [
        Block(PARAGRAPHS[0])
    ]


def test_link_share_and_reading_order_of_nested_line_breaks() -> None:
    element = etree.fromstring("<p>See <ref target='/a'>the minutes<lb/>online</ref> today</p>")
    assert block_text(element) == "See the minutes\nonline today"
    assert (
        abs(link_share(element) - len("the minutesonline") / len("See the minutesonline today"))
        < 1e-9
    )


STANDFIRST = "The vote ends months of debate over branch opening hours and library staffing."


def test_visible_standfirst_matching_the_description_leads_the_body() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    teaser = f'<div class="hero"><h2 class="teaser">{STANDFIRST}</h2></div><main>'
    html = page_with_body("", head).replace("<main>", teaser)
    text = extract_html(html).text
    assert text.split("\n\n")[0] == STANDFIRST
    assert text.count(STANDFIRST) == 1
    for expected in PARAGRAPHS:
        assert expected in text


def test_standfirst_from_a_description_cut_off_with_an_ellipsis() -> None:
    cut = STANDFIRST[:60].rstrip() + " ..."
    head = f'<meta property="og:description" content="{cut}">'
    tree = parse_tree(page_with_body("", head, before_body=f"<h2><span>{STANDFIRST}</span></h2>"))
    assert lead_from_description(tree, collect_meta(tree)) == STANDFIRST


def test_description_only_in_meta_links_or_footer_is_not_a_standfirst() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    for before in ("", f"<p><a href='/x'>{STANDFIRST}</a></p>", f"<footer>{STANDFIRST}</footer>"):
        tree = parse_tree(page_with_body("", head, before_body=before))
        assert lead_from_description(tree, collect_meta(tree)) is None, before
    assert with_lead("Body text.", None) == "Body text."
    assert with_lead(f"{STANDFIRST} More.", STANDFIRST) == f"{STANDFIRST} More."


def test_description_in_the_site_header_is_a_tagline_but_in_the_headline_header_a_lead() -> None:
    head = f'<meta name="description" content="{STANDFIRST}">'
    tagline = f"<header><div class='logo'>Gazette</div><p>{STANDFIRST}</p></header><main>"
    tree = parse_tree(page_with_body("", head).replace("<main>", tagline))
    assert lead_from_description(tree, collect_meta(tree)) is None
    headline = f"<header><h1>Council approves library budget</h1><p>{STANDFIRST}</p></header><main>"
    tree = parse_tree(page_with_body("", head).replace("<main>", headline))
    assert lead_from_description(tree, collect_meta(tree)) == STANDFIRST


def test_the_pages_publisher_is_its_issuer_never_its_byline() -> None:
    """Issuer from <meta> publishers (issue 18): an office's site names the office, a titled
    person's site the person; the byline stays the author."""
    head = ('<meta name="author" content="Jane Reporter">'
            '<meta property="og:site_name" content="Office of the District Attorney">')
    doc = only_doc(list(load_html(article_page(head).encode(), "a.html", LoadOptions())))
    assert (doc.issuer, doc.issuer_kind) == ("Office of the District Attorney", "org")
    assert doc.byline == "Jane Reporter"
    senator = '<meta property="og:site_name" content="Senator Maria Oyelaran">'
    doc = only_doc(list(load_html(article_page(senator).encode(), "b.html", LoadOptions())))
    assert (doc.issuer, doc.issuer_kind) == ("Senator Maria Oyelaran", "person")
    plain = only_doc(list(load_html(article_page().encode(), "c.html", LoadOptions())))
    assert plain.issuer is None, "no publisher metadata: no issuer guessed from the title"
