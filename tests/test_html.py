"""HTML input: the page's own metadata (cleaner.htmlmeta), and its flattened text going through the
text rules."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree
from trafilatura.utils import load_html

import cleaner
from cleaner import htmlmeta

URL = "https://portnews.example/2025/03/14/quay-opens"

SENTENCES = [
    "The harbour authority said on Tuesday that the new deep-water quay would open to ships next spring, after two"
    " years of building work.",
    "Engineers had to drive more than four hundred steel piles into the soft clay of the estuary before the concrete"
    " deck could be poured.",
    "Fishing crews, who lost their old moorings while the work went on, will get forty berths on the inner side of"
    " the new structure.",
    "The council expects the quay to bring about three hundred jobs to the town, most of them in handling cargo and"
    " repairing vessels.",
    "Critics of the project point out that the final bill was almost twice the figure that was announced when the"
    " plans were approved.",
    "A spokesman for the authority said the extra cost came from storms in the first winter, which washed away a"
    " temporary sea wall.",
    "Residents living close to the harbour have complained about the noise of the pile drivers, which ran late into"
    " the evening.",
    "The first ship to use the quay will be a ferry from the islands, which until now has had to anchor outside the"
    " harbour mouth.",
]
PARAGRAPHS = [f"{SENTENCES[2 * i]} {SENTENCES[2 * i + 1]}" for i in range(4)]


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def meta(head: str = "", body: str = "", url: str | None = URL) -> htmlmeta.PageMeta:
    return htmlmeta.read(load_html(page(head, body)), url)


# --- title ---------------------------------------------------------------------------------------


def test_the_one_h1_is_the_title_and_the_page_title_loses_its_site_name_without_one():
    head = "<title>Quay opens after two years | Port News</title>"
    assert meta(head, "<h1>New quay opens to ships next spring</h1>").title == "New quay opens to ships next spring"
    assert meta(head, "<p>No heading</p>").title == "Quay opens after two years"
    # og:title is the page title when there is one
    og = '<meta property="og:title" content="The quay is open - Port News">'
    assert meta(head + og).title == "The quay is open"


def test_two_h1_elements_or_one_naming_the_site_leave_the_page_title():
    head = "<title>Quay opens after two years | Port News</title>"
    assert meta(head, "<h1>Menu and search</h1><h1>New quay opens</h1>").title == "Quay opens after two years"
    # an <h1> that is the site's name (the host's label) is the logo, not the headline
    assert meta(head, "<h1>Port News</h1>").title == "Quay opens after two years"
    # a one-word <h1> is no headline either
    assert meta(head, "<h1>News</h1>").title == "Quay opens after two years"


def test_a_short_h1_the_page_title_does_not_contain_labels_a_section():
    head = "<title>Index Funds: How to Invest | Vanguard</title>"
    assert meta(head, "<h1>Our BLOG</h1>", url="https://vanguard.example/x").title == "Index Funds: How to Invest"
    # a short h1 whose words the page title has is still the headline
    assert meta(head, "<h1>Index funds</h1>", url="https://vanguard.example/x").title == "Index funds"


def test_the_site_name_is_cut_off_an_h1_only_when_it_names_the_host():
    body = "<h1>Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst</h1>"
    assert meta(body=body, url="https://www.artlyst.com/x").title == "Critics’ Choice: Best UK Art Exhibitions 2025"
    body = "<h1>Harbour Works – A Diary</h1>"
    assert meta(body=body).title == "Harbour Works – A Diary"


def test_a_title_with_mojibake_is_repaired_and_the_warning_says_so():
    html = page("<title>CafÃ© owners welcome the quay | Port News</title>",
                "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    article = cleaner.normalize(html, url=URL, html=True)
    assert article.title == "Café owners welcome the quay"
    assert "html: title repaired by generic/mojibake" in article.warnings


# --- authors -------------------------------------------------------------------------------------


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_authors_come_from_the_json_ld_article_first():
    head = ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Port News"},
        {"@type": "NewsArticle", "headline": "Quay opens",
         "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chan"}]},
    ]}) + '<meta name="author" content="Somebody Else">'
    assert meta(head).authors == ("Ann Lee", "Bo Chan")


def test_meta_author_needs_two_words_and_twitter_written_by_counts():
    assert meta('<meta name="author" content="Ann Lee">').authors == ("Ann Lee",)
    assert meta('<meta name="author" content="admin">').authors == ()
    card = '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Bo Chan">'
    assert meta(card).authors == ("Bo Chan",)
    assert meta('<meta property="article:author" content="https://facebook.com/ann">').authors == ()


def test_a_byline_element_gives_the_author_when_the_markup_names_none():
    body = '<p class="byline"><span class="author">Ann Lee</span></p>' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert meta(body=body).authors == ("Ann Lee",)


@pytest.mark.parametrize("byline, authors", [
    ("View all posts by Ann Lee", ("Ann Lee",)),
    ("Recipe by Ann Lee", ("Ann Lee",)),
    ("Authors Ann Lee", ("Ann Lee",)),
    ("Ann LeeUpdated", ("Ann Lee",)),
    ("Ann Lee 14 March 2025", ("Ann Lee",)),
    ("Updated March 14", ()),
    ("Written By", ()),
])
def test_a_byline_elements_words_around_the_name_are_not_the_name(byline, authors):
    body = f'<p class="byline"><span class="author">{byline}</span></p>' + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    assert meta(body=body).authors == authors


# --- date ----------------------------------------------------------------------------------------


def test_the_published_date_comes_from_json_ld_or_meta_never_from_the_modified_date():
    article = {"@type": "NewsArticle", "dateModified": "2025-11-20T10:00:00Z", "datePublished": "2024-05-09T08:00:00Z"}
    assert meta(ld(article)).published == "2024-05-09"
    assert meta('<meta property="article:modified_time" content="2025-11-20">'
                '<meta property="article:published_time" content="2025-03-14T09:00:00+01:00">').published == "2025-03-14"
    # not an ISO date: not read as one
    assert meta('<meta name="date" content="March 14">', url=None).published is None


def test_without_a_date_in_the_markup_htmldate_reads_the_page():
    assert meta("<title>Quay opens</title>", "<p>Hello</p>").published == "2025-03-14"  # from the url


def test_htmldate_reads_only_the_markup_and_url_never_the_free_text(monkeypatch):
    import htmldate

    calls, answers = [], {False: "2012-01-05T10:00", True: "2013-04-10"}

    def find_date(tree, url=None, extensive_search=True, original_date=False):
        calls.append(extensive_search)
        answer = answers[extensive_search]
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(htmldate, "find_date", find_date)
    tree = load_html("<html><body><p>Hello</p></body></html>")
    assert htmlmeta.fallback_date(tree, None) == "2012-01-05" and calls == [False]
    calls.clear()
    answers[False] = None
    assert htmlmeta.fallback_date(tree, None) is None and calls == [False]
    calls.clear()
    answers[False] = ValueError("hostile page")
    assert htmlmeta.fallback_date(tree, None) is None and calls == [False]


def test_a_date_stamp_in_the_page_text_dates_a_page_whose_markup_has_none():
    menu = "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(12))
    prose = "<p>Tomatoes need more water in July than most gardeners give them, and less in September when the nights cool.</p>" * 3
    page = (f"<html><head><title>Garden notes</title></head><body><ul>{menu}</ul><h1>Garden notes</h1>{prose}"
            "<p>In a paragraph of more than twelve words, March 3, 2015 is what the article is about.</p>"
            "<div>Updated Nov 20, 2024 · 5 min read</div></body></html>")
    assert cleaner.normalize(page, html=True).published == "2024-11-20"


def test_broken_and_deeply_nested_json_ld_is_skipped_not_raised():
    nested = "[" * 5000 + "]" * 5000
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>'
            f'<script type="application/ld+json">{nested}</script>'
            '<meta name="author" content="Ann Lee">')
    assert meta(head).authors == ("Ann Lee",)


# --- the page's text, through the text rules ------------------------------------------------------------


def test_flat_text_is_the_page_a_block_a_line_as_html_text_dumps_it():
    html = page("<title>Quay opens | Port News</title><style>p{}</style>",
                "<nav><a>Home</a> <a>News</a></nav><!-- ad slot -->x<h1>The quay</h1>"
                "<p>Para <b>bold</b> text.<br>next</p><script>var x</script>tail<div>d</div>")
    assert htmlmeta.flat_text(load_html(html)) == \
        "Quay opens | Port News\n\nHome News\nx\n\nThe quay\n\nPara bold text.\nnext\n\ntail\nd"


def test_the_whole_page_goes_through_the_text_rules_and_article_text_in_an_aside_stays():
    # An extractor that reads <aside> as a sidebar loses three of the four paragraphs here.
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS]
    html = page("<title>Quay opens | Port News</title>",
                "<h1>The quay opens in spring</h1>" + paragraphs[0] + "<aside>" + "".join(paragraphs[1:]) + "</aside>")
    article = cleaner.normalize(html, url=URL, html=True)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == "The quay opens in spring"
    assert article.warnings == ()  # nothing for the user to look at


def test_what_the_html_route_removes_is_accounted_for_line_by_line():
    html = page("<title>Quay opens | Port News</title>",
                "<nav><a href='/'>Home</a></nav><article><h1>The quay opens in spring</h1>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>")
    article = cleaner.normalize(html, url=URL, html=True)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == "The quay opens in spring"
    assert [(r.text, r.rule) for r in article.removed] == [("Quay opens | Port News", "generic/headline"),
                                                         ("Home", "generic/ui-phrases")]
    assert article.warnings == ()


def test_the_lines_repeating_the_pages_own_title_leave_the_body():
    title = "Οι ευτυχισμένοι άνθρωποι ζούνε περισσότερα χρόνια"
    html = page(f"<title>{title}</title>", f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    article = cleaner.normalize(html, url=URL, html=True)
    assert article.title == title
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize("html", ["<html></html>", "<html><body><p>Hi</p></body></html>", "<p>" * 3])
def test_pages_without_an_article_give_an_article_not_an_exception(html):
    article = cleaner.normalize(html, url=URL, html=True)
    assert isinstance(article.text, str)


# --- hostile pages ---------------------------------------------------------------------------------


def test_a_page_nested_deeper_than_the_parser_goes_is_read_without_its_markup():
    # libxml2 stops at 255 levels and silently drops the rest: the article would vanish.
    body = "<div>" * 20000 + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<script>var x = '<p>';</script>" + "</div>" * 20000
    article = cleaner.normalize(page("<title>Quay opens | Port News</title>", body), url=URL, html=True)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == "Quay opens"  # the head was parsed before the limit
    assert "html: the page nests deeper than the parser's 255 levels; its text was read without the markup" \
        in article.warnings


def test_markup_text_is_a_block_a_line_and_hides_scripts_even_unclosed():
    assert htmlmeta.markup_text("<p>One &amp; two</p><style>p{}</style><div>three<br>four</div>") \
        == "One & two\nthree\nfour"
    assert htmlmeta.markup_text("<p>kept</p>" + "<script>" * 1000 + "lost") == "kept"


def test_a_page_over_max_html_chars_is_cut_at_a_tag_and_says_so():
    from cleaner.config import DEFAULT

    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "<p>" + "filler words here. " * 5000 + "</p>"
    html = page("<title>Quay opens | Port News</title>", body)
    config = DEFAULT._replace(max_html_chars=2000)
    article = cleaner.normalize(html, url=URL, html=True, config=config)
    assert PARAGRAPHS[0] in article.text
    assert "filler" not in article.text
    cut = html.rfind(">", 0, 2000) + 1
    assert f"html: the page's {len(html):,} characters were cut to the first {cut:,} (max_html_chars)" in article.warnings
    assert not any("cut to" in w for w in cleaner.normalize(html, url=URL, html=True).warnings)


# --- a site file's [html] table ----------------------------------------------------------------------

SITE_FILE = """
[site]
domains = ["portnews.example"]

[html]
drop = ["div.related", "aside.promo"]
title = "h2.headline"
authors = ".byline .name"
published = "time.posted"
"""


def site_rules(tmp_path, text: str = SITE_FILE, keep_going: bool = False):
    (tmp_path / "portnews.example.toml").write_text(text, encoding="utf-8")
    return cleaner.load_rulebook([tmp_path], keep_going=keep_going)


def test_a_site_files_html_selectors_drop_elements_and_name_the_fields(tmp_path):
    rules = site_rules(tmp_path)
    assert not rules.problems
    related = "<div class='related'>" + "".join(f"<p>{s}</p>" for s in SENTENCES[:2]) + "</div>"
    html = page("<title>Quay opens | Port News</title><meta name='author' content='Somebody Else'>",
                "<h1>Port News front page</h1><h2 class='headline'>The new quay opens in spring</h2>"
                "<p class='byline'>By <span class='name'>Ann Lee</span> and <span class='name'>Bo Chan</span></p>"
                "<time class='posted' datetime='2025-03-14T09:00:00Z'>14 March</time>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + related)
    article = cleaner.normalize(html, url=URL, html=True, rules=rules)
    assert article.title == "The new quay opens in spring"
    assert article.authors == ("Ann Lee", "Bo Chan")
    assert article.published == "2025-03-14"
    assert article.text.split("\n\n")[-4:] == PARAGRAPHS  # the related block went before the text rules
    assert SENTENCES[0] not in article.text.split("\n\n")
    words = sum(len(s.split()) for s in SENTENCES[:2])
    assert f"html: portnews.example/html dropped 1 element ({words} words) matching 'div.related'" in article.warnings
    # without the site file: the generic reading of the same page
    plain = cleaner.normalize(html, url=URL, html=True)
    assert plain.title == "Quay opens"
    assert not any("portnews.example/html" in w for w in plain.warnings)


def test_html_selectors_apply_to_the_sites_pages_only(tmp_path):
    rules = site_rules(tmp_path)
    html = page("<title>Quay opens | Other</title>", "<h2 class='headline'>Not this</h2>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert cleaner.normalize(html, url="https://other.example/x", html=True, rules=rules).title == "Quay opens"


@pytest.mark.parametrize("table, problem", [
    ('drop = ["div["]', "html: key 'drop': bad CSS selector 'div['"),
    ('title = 3', "html: key 'title': must be a CSS selector"),
    ('drop = "div"', "html: key 'drop': must be a list of CSS selectors"),
    ('colour = "red"', "html: key 'colour': unknown key"),
])
def test_bad_html_tables_are_rule_problems_not_crashes(tmp_path, table, problem):
    text = f'[site]\ndomains = ["portnews.example"]\n\n[html]\n{table}\n'
    with pytest.raises(cleaner.RuleError, match=re.escape(problem)):
        site_rules(tmp_path, text)
    rules = site_rules(tmp_path, text, keep_going=True)
    assert any(problem in p for p in rules.problems), rules.problems


def test_an_html_table_needs_a_site(tmp_path):
    (tmp_path / "mine.toml").write_text('[html]\ndrop = ["aside"]\n', encoding="utf-8")
    with pytest.raises(cleaner.RuleError, match="only a site file"):
        cleaner.load_rulebook([tmp_path])


RUSSIAN = [
    "Мэр города открыл в субботу новый мост через реку, строительство которого продолжалось почти три года и"
    " обошлось бюджету дороже, чем планировали.",
    "По словам инженеров, мост выдержит поток в сорок тысяч машин в сутки, а пешеходная часть будет открыта"
    " круглый год, даже в сильные морозы.",
    "Жители соседних районов говорят, что дорога до центра теперь займёт у них не больше двадцати минут вместо"
    " часа, как было раньше.",
]


def test_a_page_title_no_line_shows_leaves_the_title_to_the_headline_on_the_page():
    # "Headline: SITE" in <title>, a site name that does not spell the host, and no <h1>: the
    # markup's title keeps the site name, and the text rule reads the headline off the page.
    headline = "В Москве открылся новый мост через реку"
    html = page(f"<title>{headline}: ВГОРОД</title>",
                f"<div>Главная › Новости</div><h2>{headline}</h2>" + "".join(f"<p>{p}</p>" for p in RUSSIAN))
    url = "https://vgorod.example/news/123"
    assert htmlmeta.read(load_html(html), url).title == f"{headline}: ВГОРОД"
    article = cleaner.normalize(html, url=url, html=True)
    assert article.title == headline
    assert headline not in article.text and "ВГОРОД" not in article.text


BYLINE_PAGES = [
    "<p class='byline'>By <a rel='author'>Ann Lee</a></p>",
    "<div class='meta'><span class='author-name'>Bo Chan <time>3 March</time> reporting</span></div>",
    "<div class='sidebar'><span class='author'>Not Him</span></div><div class='story-byline'>Cy Dee</div>",
    "<div id='comments'><p class='author'>A Commenter</p></div><p itemprop='author'>Di Eve</p>",
    "<section class='post'><div class='writer'>Ed Fox<figure>photo</figure> and Flo Gee</div></section>",
    "<author>Gus Hall</author><span class='username'>@gus</span>",
    "<h3 class='bianji'>责任编辑：王小明</h3>",
    "<span class='AuthorName'>x</span><a data-testid='AuthorURL'>Ida Jones</a>",
    "<div data-component='Byline'>By Jo Kim<span class='date'>Today</span></div>",
    "<p>No byline here at all.</p>",
    "<p>Story</p><div><rel>me</rel>Kai Lund</div><span><rel>you</rel>Not Her</span>",
    "<div class='comments'><a><rel>me</rel>A Commenter</a></div><p><b>By</b> <span>Lia Moss</span></p>",
]


@pytest.mark.parametrize("body", BYLINE_PAGES)
def test_the_byline_search_reads_what_trafilaturas_extract_author_reads(body):
    from trafilatura.metadata import extract_author, normalize_authors

    tree = load_html(page("<title>t</title>", body))
    ours = htmlmeta._byline_text(tree)
    assert (normalize_authors(None, ours) if ours else None) == extract_author(tree)


AUTHOR_TAGS = ["p", "div", "span", "a", "h3", "h4", "section", "li", "author", "address", "strong", "link", "b"]
AUTHOR_ATTRIBUTES = ["class", "id", "itemprop", "rel", "data-testid", "data-component", "title"]
AUTHOR_VALUES = ["author", "Author", "author-name", "authorName", "AuthorName", "co-author", "the-author-box",
                 "byline", "Byline", "story-byline", "byl", "BBL", "BBLx", "username", "writer", "screenname",
                 "zuozhe", "bianji", "xiaobian", "channel-name", "submitted-by", "posted-by", "journalist-name",
                 "author name", "AuthorCard", "AuthorURL", "me", "main", "x"]


def _check_author_expressions(elements: list[tuple[str, dict[str, str], bool]]) -> None:
    """Each element's _author_expression is the first of trafilatura's AUTHOR_XPATHS that finds
    it (3 for none); an element is (tag, attributes, whether it holds <rel>me</rel>)."""
    from trafilatura.xpaths import AUTHOR_XPATHS

    html = "".join(f"<{tag}{''.join(f' {k}={v!r}' for k, v in attrs.items())}>{'<rel>me</rel>' if me else ''}"
                   f"text</{tag}>" for tag, attrs, me in elements)
    tree = load_html(page("<title>t</title>", html))
    rel_me = {rel.getparent() for rel in tree.iter("rel") if "".join(rel.itertext()) == "me"}
    answers = [set(expression(tree)) for expression in AUTHOR_XPATHS]
    for element in tree.find("body"):
        expected = next((i for i, found in enumerate(answers) if element in found), 3)
        assert htmlmeta._author_expression(element, rel_me) == expected, etree.tostring(element)


@pytest.mark.parametrize("tag", AUTHOR_TAGS)
def test_each_elements_author_expression_is_the_first_of_trafilaturas_it_answers(tag):
    # every attribute with every value, alone, with and without <rel>me</rel>
    _check_author_expressions([(tag, {name: value}, me) for name in AUTHOR_ATTRIBUTES for value in AUTHOR_VALUES
                               for me in (False, True)] + [(tag, {}, False), (tag, {}, True)])


def test_author_expressions_of_elements_with_several_attributes():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    attributes = st.dictionaries(st.sampled_from(AUTHOR_ATTRIBUTES), st.sampled_from(AUTHOR_VALUES),
                                 min_size=2, max_size=3)
    elements = st.tuples(st.sampled_from(AUTHOR_TAGS), attributes, st.booleans())

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(elements, min_size=1, max_size=8))
    def check(elements):
        _check_author_expressions(elements)

    check()


def test_the_byline_search_matches_trafilaturas_on_generated_pages():
    """Elements with attribute values that trafilatura's author expressions and its pruning read,
    and near misses, nested at random: the search finds what extract_author finds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from trafilatura.metadata import extract_author, normalize_authors

    tags = st.sampled_from(["p", "div", "span", "a", "h3", "h4", "section", "time", "figure", "li", "author",
                            "address", "strong", "link", "b", "rel"])
    values = st.sampled_from(["author", "Author", "author-name", "authorName", "AuthorName", "co-author",
                              "authority", "byline", "Byline", "story-byline", "bylines", "byl", "BBL",
                              "username", "writer", "screenname", "zuozhe", "bianji", "xiaobian",
                              "channel-name", "submitted-by", "posted-by", "journalist-name", "comments",
                              "comments-list", "commentlist", "sidebar", "print", "quote", "title", "date",
                              "meta-date", "is-hidden", "category", "author name", "me", "AuthorCard",
                              "AuthorURL", "Figure", "ProductReviews", "main", "nav", "x"])
    attributes = st.dictionaries(st.sampled_from(["class", "id", "itemprop", "rel", "data-testid",
                                                  "data-component", "title"]), values, max_size=2)
    texts = st.sampled_from(["", "Ann Lee", "By Bo Chan", "me", "3 March", " ", "责任编辑：王小明", "x" * 130])

    def render(node) -> str:
        if isinstance(node, str):
            return node
        tag, attrs, children = node
        attrs = "".join(f' {name}="{value}"' for name, value in attrs.items())
        return f"<{tag}{attrs}>" + "".join(render(child) for child in children) + f"</{tag}>"

    nodes = st.recursive(texts, lambda inner: st.tuples(tags, attributes, st.lists(inner, max_size=3)),
                         max_leaves=20)

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(nodes, max_size=5))
    def check(body):
        tree = load_html(page("<title>t</title>", "".join(render(node) for node in body)))
        ours = htmlmeta._byline_text(tree)
        assert (normalize_authors(None, ours) if ours else None) == extract_author(tree)

    check()


def test_flattening_cleans_the_tree_as_html_texts_cleaner_does():
    import html_text

    page = ("<html><head><title>T</title><meta name='a' content='b'><link rel='x' href='y'>"
            "<style>p {}</style><script>var x;</script></head><body>"
            "<p>Before<script>alert(1)</script> after the script</p>"
            "<object><param name='p' value='v'>Object text<embed src='e'>embed text</embed></object>"
            "<p>A loose <param name='q'>param tail</p><iframe>Frame fallback</iframe>"
            "<applet>Applet text</applet> applet tail<noframes>No frames</noframes>"
            "<p>An <image src='i.png'>image</image> inline</p><layer>Layer text</layer>"
            "<frameset><frame src='f'></frameset><p>End</p></body></html>")

    def with_cleaner(tree):
        html_text.cleaner(tree)
        return html_text.etree_to_text(tree, guess_layout=True)

    expected = with_cleaner(load_html(page))
    assert htmlmeta.flat_text(load_html(page)) == expected
    assert "alert" not in expected and "Applet text" not in expected and "Object text" in expected


_FLATTEN_PAGE = (
    "<html><head><title> The  title </title></head><body>\n  <div class='menu'><ul>\n<li><a href='/'>Home</a></li>"
    "<li>World\u00a0news</li></ul></div>\n<h1>A headline</h1><p>First <b>bold</b>, then <i>italic</i>; a link"
    " (<a href='x'>here</a>) and <span>a span</span>.</p><p>Tail space <em>em </em>after\u3000wide space</p>"
    "<table><tr><td>cell one</td><td>cell\ttwo</td></tr></table><p>Line<br>break<br/>twice</p>"
    "<blockquote>Quoted \"text\"<q>inline</q>!</blockquote><pre>  keep   no   layout  </pre>"
    "<p>(</p><span>after bracket</span><p>ends with (</p>x<div>\n\n</div><p>a<span> </span>b</p>"
    "<p>\u2028odd\x1cspaces\x85here</p><footer>Foot</footer> tail of footer</body></html>")


def test_flatten_is_html_text_etree_to_text():
    """htmlmeta._flatten is html-text's etree_to_text (guess_layout) rewritten for speed: the same
    string, spacing around punctuation, brackets, Unicode spaces and blank lines included."""
    import html_text

    tree = load_html(_FLATTEN_PAGE)
    expected = html_text.etree_to_text(tree, guess_layout=True)
    assert htmlmeta._flatten(tree) == expected
    assert "First bold, then italic; a link (here) and a span." in expected


def test_flatten_matches_html_text_on_generated_pages():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    import html_text

    tags = st.sampled_from(["p", "div", "span", "b", "li", "ul", "h2", "td", "tr", "br", "a", "em", "section"])
    texts = st.sampled_from(["", " ", "\n", "word", " two words ", ",", ".", "(", ")", "x(", "\u00a0",
                             "\u3000a", "end. ", "\t", "\"q\"", "!", "a\nb", "\x85"])

    def render(node) -> str:
        if isinstance(node, str):
            return node.replace("&", "&amp;").replace("<", "&lt;")
        tag, children = node
        return f"<{tag}>" + "".join(render(child) for child in children) + f"</{tag}>"

    nodes = st.recursive(texts, lambda inner: st.tuples(tags, st.lists(inner, max_size=4)), max_leaves=25)

    @settings(max_examples=200, deadline=None, derandomize=True)
    @given(st.lists(nodes, max_size=5))
    def check(body):
        tree = load_html("<html><body>" + "".join(render(node) for node in body) + "<p>end</p></body></html>")
        assert htmlmeta._flatten(tree) == html_text.etree_to_text(tree, guess_layout=True)

    check()


@pytest.mark.parametrize("page", [
    "<!DOCTYPE html><html><body><p>plain</p></body></html>",
    "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN' />\n<html><body><p>x</p></body></html>",
    "<!doctype html/><html><p>one line</p></html>",
    "<html lang='en' />\n<head></head><body><p>self-closed html</p></body>",
    "<html><body><p>nul\x00 bell\x07 vt\x0b ff\x0c esc\x1b us\x1f</p></body></html>",
    "<html><body><p>tab\t lf\n cr\r kept, \ufffe and \uffff not, \U0001F600 and \uffef kept</p></body></html>",
    "<html><body><p>lone \ud800 surrogate</p></body></html>",
    "",
])
def test_repair_faulty_html_is_trafilaturas(page):
    from trafilatura.utils import repair_faulty_html as trafilaturas

    from cleaner.steps.extract_html import _has_invalid_xml_chars, repair_faulty_html

    beginning = page[:50].lower()
    assert repair_faulty_html(page, beginning) == trafilaturas(page, beginning)
    assert _has_invalid_xml_chars(page) == (re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", page) is not None)
