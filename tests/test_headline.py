"""The title of a text dump (the ``headline`` rule kind), in the scripts news comes in."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.kinds.headline import _after_breadcrumb, _ends_terminal, _headline_shaped, _is_navigation
from cleaner.titles import (
    READER_WORD,
    TITLE_SEPARATOR,
    at_least_words,
    credit_lines,
    is_credit,
    title_separators,
    with_cjk,
    without_site_name,
    word_count,
)
from cleaner.linefeatures import COPYRIGHT, words
from cleaner.scripts import CJK_CHAR
from cleaner.document import Line
from cleaner.rulebook import load_rulebook

GENERIC = next(f for f in load_rulebook(env=False, entry_points=False).generic if f.name == "generic")
HEADLINE = next(rule for rule in GENERIC.rules if rule.kind == "headline")


@pytest.mark.parametrize(("page_title", "headline"), [
    # Chinese sites join the parts of a page title without spaces, by an underscore, dashes, a
    # fullwidth bar or a dash next to a Han character.
    ("港口提前三周封冻 十几艘渔船被困泊位_社会_环球网", "港口提前三周封冻 十几艘渔船被困泊位"),
    ("港口提前三周封冻 十几艘渔船被困泊位--社会--人民网", "港口提前三周封冻 十几艘渔船被困泊位"),
    ("港口提前三周封冻 十幾艘漁船被困泊位｜社會新聞｜中時電子報", "港口提前三周封冻 十幾艘漁船被困泊位"),
    ("港口提前三周封冻 十几艘渔船被困泊位――中新网", "港口提前三周封冻 十几艘渔船被困泊位"),
    ("港务局：港口提前三周封冻 十几艘渔船被困泊位-《财经网》", "港务局：港口提前三周封冻 十几艘渔船被困泊位"),
    ("Harbour freezes three weeks early --Northport Courier", "Harbour freezes three weeks early"),
    ("Harbour freezes three weeks early |", "Harbour freezes three weeks early"),
    # A site name that opens the title, and a section: the headline is longer than what is cut.
    ("Северный вестник - Лёд в порту - Общество", "Северный вестник - Лёд в порту"),
    ("Zero Waste - A Beginner's Guide", "Zero Waste - A Beginner's Guide"),
    ("Harbour freezes three weeks early - Local - Northport Courier", "Harbour freezes three weeks early"),
    ("Harbour Ice Report - Northport Adult Evening School", "Harbour Ice Report"),
    # The site's name at both ends.
    ("Northport Courier | Η λίμνη πάγωσε τρεις εβδομάδες νωρίτερα | Northport Courier",
     "Η λίμνη πάγωσε τρεις εβδομάδες νωρίτερα"),
    # A hyphen, an underscore and a colon inside Latin words are no separators.
    ("Anti-smoking campaigns fall short in three states", "Anti-smoking campaigns fall short in three states"),
    ("How to call os_path_join from a build script", "How to call os_path_join from a build script"),
    ("Top Rowing Clubs of 2024: Rankings & Guides", "Top Rowing Clubs of 2024: Rankings & Guides"),
])
def test_the_site_name_is_cut_off_a_page_title_in_any_script(page_title, headline):
    assert without_site_name(page_title) == headline


@pytest.mark.parametrize(("text", "count"), [
    ("环球网", 2),  # a site name is short
    ("港口提前三周封冻 十几艘渔船被困泊位", 9),  # a headline: 17 characters
    ("iPhone 5上市", 3),
    ("Costs & Savings", 2),
])
def test_chinese_and_japanese_count_a_word_every_two_characters(text, count):
    assert word_count(text) == count


# Han characters, kana, Latin letters and digits, spaces, punctuation of both: words of either kind,
# and characters that end or join them.
_MIXED = st.text(st.sampled_from("港口封冻ひらカナ一 abZ9-_.,，。：「」&\u3000\u00a0"), max_size=60)


@settings(max_examples=2000, deadline=None)
@given(_MIXED, st.integers(min_value=-1, max_value=32))
def test_at_least_words_tells_what_counting_them_tells(text, least):
    assert at_least_words(text, least) == (word_count(text) >= least)


@settings(max_examples=2000, deadline=None)
@given(_MIXED)
def test_chinese_characters_count_as_their_definition_says(text):
    # with_cjk as first written: a space for each Chinese or Japanese character, the rest counted
    # by the caller's count, and a word for every two of those characters
    for count in (lambda t: len(READER_WORD.findall(t)), lambda t: len(words(t))):
        spaced = count(CJK_CHAR.sub(" ", text)) + (len(CJK_CHAR.findall(text)) + 1) // 2
        assert with_cjk(text, count) == (spaced if CJK_CHAR.search(text) else count(text))


@pytest.mark.parametrize("least", [1, 2, 15])
def test_at_least_words_at_the_bound_of_chinese_characters(least):
    # 2n - 1 characters are n words, 2n - 2 are n - 1 (a Latin word beside them makes up the n-th)
    assert at_least_words("港" * (2 * least - 1), least)
    assert not at_least_words("港" * (2 * least - 2), least)
    assert at_least_words("Harbour " + "港" * (2 * least - 2), least)
    assert not at_least_words("，".join("港" * (2 * least - 2)), least)


@pytest.mark.parametrize(("text", "shaped"), [
    ("港口提前三周封冻 十几艘渔船被困泊位", True),
    ("港务局周一表示，十几艘渔船因此被困在泊位上。", False),  # a sentence
    ("港务局周一表示，", False),  # a clause
    ("首页", False),  # a menu item
])
def test_a_headline_in_chinese_is_shaped_like_one(text, shaped):
    assert _headline_shaped(HEADLINE, Line(number=1, text=text)) is shaped


def test_a_chinese_page_takes_the_headline_that_repeats_its_page_title():
    page = "\n\n".join([
        "港口提前三周封冻 十几艘渔船被困泊位_社会_环球网",
        "首页 新闻 国内 国际",
        "港口提前三周封冻 十几艘渔船被困泊位",
        "2024年01月12日 08:30 来源：环球网",
        "今年冬天港口比往年提前三周封冻，港务局周一表示，十几艘渔船因此被困在泊位上，无法出海作业。",
        "港务局已经请求海岸警卫队派出破冰船，以便在周三之前为前往岛屿的渡轮开辟一条航道。",
    ])
    article = cleaner.normalize(page, html=False)
    assert article.title == "港口提前三周封冻 十几艘渔船被困泊位"
    assert "港口提前三周封冻 十几艘渔船被困泊位_社会_环球网" in [r.text for r in article.removed]


def test_a_headline_between_the_site_name_and_a_section_is_the_title():
    """The site name opens the page title and does not name the url's host; a logo line repeats
    it below the article. The headline, the longest run of the title's parts, is the title."""
    page = "\n\n".join([
        "ΤΟ ΒΗΜΑ - Ο πάγος έκλεισε το λιμάνι τρεις εβδομάδες νωρίτερα - κοινωνία",
        "πολιτική οικονομία κοινωνία",
        "Ο πάγος έκλεισε το λιμάνι τρεις εβδομάδες νωρίτερα",
        "ΔΗΜΟΣΙΕΥΣΗ: 12/01/2024",
        "Το λιμάνι πάγωσε τρεις εβδομάδες νωρίτερα από ό,τι συνήθως αυτόν τον χειμώνα, ανακοίνωσε τη Δευτέρα"
        " η λιμενική αρχή, και δώδεκα αλιευτικά σκάφη έμειναν δεμένα στις θέσεις τους.",
        "ΤΟ ΒΗΜΑ",
    ])
    assert cleaner.normalize(page, html=False).title == "Ο πάγος έκλεισε το λιμάνι τρεις εβδομάδες νωρίτερα"


def test_a_headline_with_its_subtitle_beats_its_first_word_on_a_tag_line():
    page = "\n\n".join([
        "Brownie - the most chocolate of cakes > Baking",
        "Baking",
        "Brownie - the most chocolate of cakes",
        "This brownie is quick to make, rich with dark chocolate, and nearly impossible to get wrong.",
        "Tags",
        "brownie",
    ])
    assert cleaner.normalize(page, html=False).title == "Brownie - the most chocolate of cakes"


def test_a_first_line_longer_than_two_headlines_is_text_not_a_page_title():
    """A page whose text came out as one long line (an extractor's output) opens with no page
    title: it is not dropped as one."""
    sentence = "The harbour froze three weeks earlier than usual this winter, the port authority said. "
    first = "Harbour freezes three weeks early | Northport Courier | " + sentence * 6
    page = "\n\n".join([first, "Harbour freezes three weeks early", sentence * 2])
    article = cleaner.normalize(page, html=False)
    assert article.title == "Harbour freezes three weeks early"
    assert first.strip() not in [r.text for r in article.removed if r.rule == "generic/headline"]


@pytest.mark.parametrize(("page_title", "credits", "headline"), [
    # A colon sets off a subtitle, unless the page's copyright line names what follows it.
    ("Порт замёрз на три недели раньше обычного : Голос Севера", ("© 2005—2024 ргрк «голос севера»",),
     "Порт замёрз на три недели раньше обычного"),
    ("Порт замёрз на три недели раньше обычного : Голос Севера", (),
     "Порт замёрз на три недели раньше обычного : Голос Севера"),
    # A long site name, at the start.
    ("The Northport Evening Courier and Gazette - Harbour freezes three weeks early",
     ("copyright 2024 the northport evening courier and gazette",), "Harbour freezes three weeks early"),
    # A part of fewer than three letters is no name the copyright line gives, though it holds it.
    ("Reuters: Harbour freezes three weeks early", ("© 2024 reuters",), "Harbour freezes three weeks early"),
    ("AP: Harbour freezes three weeks early", ("© 2024 ap",), "AP: Harbour freezes three weeks early"),
])
def test_a_part_of_the_page_title_that_the_copyright_line_names_is_the_site_name(page_title, credits, headline):
    assert without_site_name(page_title, credits=credits) == headline


def test_the_copyright_line_of_the_page_names_the_site_even_in_a_dropped_footer():
    page = "\n\n".join([
        "Порт замёрз на три недели раньше обычного : Голос Севера",
        "Главная Политика Экономика Общество",
        "Порт замёрз на три недели раньше обычного, сообщило в понедельник управление порта, и дюжина"
        " рыболовных судов осталась у причалов.",
        "Комментарии",  # the footer starts here (generic/comment-section)
        "© 2005—2024 РГРК «Голос Севера»",
    ])
    assert cleaner.normalize(page, html=False).title == "Порт замёрз на три недели раньше обычного"


def test_a_paragraph_about_copyright_names_no_site():
    page = "\n\n".join([
        "Teaching Online: Effective Practices | Teaching and Learning Resource Center",
        "Teaching Online: Effective Practices",
        "Teaching online requires additional care around copyright law: if you show students a video clip in"
        " a face-to-face class, you may not be allowed to post it online without permission.",
    ])
    assert cleaner.normalize(page, html=False).title == "Teaching Online: Effective Practices"


def test_every_widget_string_would_otherwise_be_shaped_like_a_headline():
    """``skip_text`` holds no entry that the shape alone already refuses."""
    shape_only = dataclasses.replace(HEADLINE, params={**HEADLINE.params, "skip_text": frozenset()})
    for text in HEADLINE.params["skip_text"]:
        assert _headline_shaped(shape_only, Line(number=1, text=text)), text
        assert not _headline_shaped(HEADLINE, Line(number=1, text=text)), text


@pytest.mark.parametrize(("text", "navigation"), [
    ("Home | Politics | Business | Sport", True),
    ("Главная › Новости", True),
    ("Strona główna » Wiadomości » Kraj", True),
    ("网易首页 - 新闻 - 体育 - 娱乐 - 财经", True),
    ("首页 新闻 国内 国际", True),
    ("新浪财经 > 美股 > 正文", True),
    ("Αρχική / Ειδήσεις / Υγεία", True),
    ("Harbour freezes three weeks early | Northport Courier", False),  # a page title
    ("Coffee - University Greenhouse", False),
    ("«Зенит» обыграл «Спартак» в Москве", False),  # quotes, not chevrons
    ("Home » Why the harbour froze three weeks early this winter", False),  # it ends with a headline
    ("港 鐵 多 條 路 綫 大 除 夕 提 供 通 宵 服 務", False),  # a spaced-out headline
    ("港口提前三周封冻 十几艘渔船被困泊位", False),
])
def test_a_menu_or_a_breadcrumb_on_one_line_is_navigation(text, navigation):
    assert _is_navigation(text) is navigation


@pytest.mark.parametrize(("text", "shaped"), [
    ("Tuesday January 17th 2012", False),
    ("Среда, 4 января 2012 г.", False),
    ("Published on 5 May 2012", False),
    ("Metasploit Wrap-Up 12/19/2025", True),
    ("Elections set for 4 March 2012", True),
    ("Версия для печати", False),  # skip_text
    ("Imprimer cet article", False),
])
def test_a_date_line_or_a_widget_string_is_not_shaped_like_a_headline(text, shaped):
    assert _headline_shaped(HEADLINE, Line(number=1, text=text)) is shaped


@pytest.mark.parametrize(("text", "headline"), [
    ("Home » Why the harbour froze", "Why the harbour froze"),
    ("Home » » Why the harbour froze", "Why the harbour froze"),
    ("Why 5 > 3 for harbour pilots", "Why 5 > 3 for harbour pilots"),
    ("The harbour froze three weeks early » A winter to remember",
     "The harbour froze three weeks early » A winter to remember"),
])
def test_a_breadcrumb_that_ends_with_the_headline_gives_the_headline(text, headline):
    assert _after_breadcrumb(text) == headline


def test_no_menu_line_widget_string_or_date_line_becomes_the_title():
    """No line looks like the page title, so the first headline-shaped line is taken: not the
    menu, the breadcrumb, the widget string or the date above the headline."""
    page = "\n\n".join([
        "Северный вестник",
        "Главная | Политика | Экономика | Общество",
        "Главная › Новости › Общество",
        "Версия для печати",
        "Среда, 4 января 2012 г.",
        "Порт замёрз на три недели раньше обычного",
        "Порт замёрз на три недели раньше обычного, сообщило в понедельник управление порта, и дюжина"
        " рыболовных судов осталась у причалов.",
    ])
    assert cleaner.normalize(page, html=False).title == "Порт замёрз на три недели раньше обычного"


def test_a_short_headline_repeating_the_page_title_above_the_article_is_the_title():
    page = "\n\n".join([
        "Backup Strategy",
        "Archives",
        "Backup Strategy",
        "I keep three copies of everything I care about, on two kinds of media, and one of them far from home.",
    ])
    assert cleaner.normalize(page, html=False).title == "Backup Strategy"


def test_a_menu_item_opening_a_dump_is_no_page_title_for_its_repeat():
    """A dump without the page's <title> opens with the menu, here twice (for small screens and
    large ones), and the footer repeats it."""
    paragraph = ("The harbour froze three weeks earlier than usual this winter, the port authority said on"
                 " Monday, leaving a dozen fishing boats stuck at their moorings.")
    menu = ["  • About", "  • Newsletter"]
    page = "\n".join([*menu, *menu, "Harbour freezes three weeks early", paragraph, paragraph, *menu])
    assert cleaner.normalize(page, html=False).title == "Harbour freezes three weeks early"


BODY = ("The harbour froze three weeks early this winter, the port authority said on Tuesday, and the ferries"
        " stayed in port.\n\nFishermen said they had not seen ice this thick in thirty years, and the town"
        " council met to discuss the cost.")


@pytest.mark.parametrize("menu", [
    "Home | Politics | Business | Sport | Culture",
    "Главная › Новости › Общество",
    "首页 新闻 国内 国际 社会",
])
def test_a_menu_at_the_top_of_a_dump_is_not_the_title_when_a_headline_follows(menu):
    article = cleaner.normalize(f"{menu}\n\nHarbour freezes three weeks early\n\nBy Ann Lee\n\n{BODY}")
    assert article.title == "Harbour freezes three weeks early"
    assert "Harbour freezes three weeks early" not in article.text


def test_a_page_title_shaped_like_a_menu_is_the_title_when_nothing_below_is_a_headline():
    article = cleaner.normalize(f"Quay opens | News | Port News\n\n{BODY}")
    assert article.title == "Quay opens"


@pytest.mark.parametrize("text", [
    "", ".", "\n", ".\n", "\n.", "Headline", "Headline.", "Headline,", "Headline?", "Headline.\n",
    "Headline.\n\n", "Headline\n", "Headline. ", "Headline:", "Headline …", "标题。", "标题，\n", "标题",
    "عنوان،", "शीर्षक।", "Headline ;\n", "a\nb.",
])
def test_a_line_ends_like_a_clause_as_the_anchored_pattern_says(text: str) -> None:
    """_ends_terminal tells what the regex it replaced told, "$" before a final newline included."""
    assert _ends_terminal(text) is bool(re.search(r"[.…:;,。．，、：；،؛।]$", text))


def test_of_two_lines_scoring_the_same_the_first_is_the_title() -> None:
    """A line below a breadcrumb ending with it, worded like the page title (1.0 + 0.3) and with a
    date line below (+ 0.2), scores 1.5, as the later repeat of the page title does: the first of
    them is the title, however the lines are scored (repeats of the page title are scored first)."""
    page = "\n\n".join([
        "Harbour freezes three weeks early | Northport Gazette",
        "Home » Harbour, freezes three weeks early",
        "Harbour, freezes three weeks early",
        "Updated 5 May 2012",
        "Harbour freezes three weeks early",
        "Fishermen watched.",
    ])
    assert cleaner.normalize(page, html=False).title == "Harbour, freezes three weeks early"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.text(alphabet="©(cC)opyrightOPYRIGHT 2024 Gazette.é\n", max_size=40), max_size=6))
def test_the_copyright_lines_of_a_page_are_the_lines_is_credit_takes(texts: list[str]) -> None:
    assert credit_lines(texts) == tuple(text.casefold() for text in texts if is_credit(text))


_credit_words = st.sampled_from(["©", "(c)", "(C)", "(c", "Copyright", "COPYRIGHT", "copyright", "Copy", "2024",
                                  "Gazette", "Ltd.", "é", "Κ", "(", ")"])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.lists(_credit_words, min_size=1, max_size=8).map(" ".join), min_size=20, max_size=40))
def test_the_copyright_lines_of_a_long_page_are_the_lines_is_credit_takes(texts: list[str]) -> None:
    """A page of 20 lines or more is looked for in at once (cleaner.prefilter's literal finder);
    is_credit is its definition: one of five plain substrings, COPYRIGHT in the casefolded line,
    at most 20 words."""
    assert credit_lines(texts) == tuple(text.casefold() for text in texts if is_credit(text))
    assert [is_credit(text) for text in texts] == [
        any(mark in text for mark in ("©", "opyright", "OPYRIGHT", "(c)", "(C)"))
        and COPYRIGHT.search(text.casefold()) is not None and word_count(text) <= 20 for text in texts]


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(st.text(alphabet="ab 标题|–—·•»>›/_:｜―：-\t\xa0\u3000\u2003。,", max_size=20))
@example("\u3000–")  # a mark after an ideographic space: a separator starts at the mark, not at the space
@example("a\u3000\u3000–标")  # and at the space when a Chinese character follows the mark
@example("a --b -- c")  # the next run of spaces starts inside the last separator
@example("a :: b")  # a mark inside the last separator, where the pattern would match again
def test_the_separators_of_a_title_are_those_the_pattern_finds(title: str) -> None:
    """title_separators tries the pattern only where a separator can start (at each mark, and where
    the run of white space before it starts), and finds what TITLE_SEPARATOR.finditer finds."""
    found = [(m.span(), m.group()) for m in title_separators(title)]
    assert found == [(m.span(), m.group()) for m in TITLE_SEPARATOR.finditer(title)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=" \t\u00a0\u3000ab»>/›«", max_size=30))
def test_every_breadcrumb_separator_holds_a_mark_between_white_space(text):
    """The headline's first loop splits a line at breadcrumb separators only when a mark stands
    between white space in it (_SPACED_MARK): every separator holds one, so no breadcrumb is
    passed over."""
    from cleaner.kinds.headline import _BREADCRUMB_SEPARATOR, _SPACED_MARK

    if _BREADCRUMB_SEPARATOR.search(text):
        assert _SPACED_MARK.search(text)
