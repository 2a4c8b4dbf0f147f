"""The title of a text dump (the ``headline`` rule kind), in the scripts news comes in."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.kinds import _headline_shaped, _without_site_name, _word_count
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
    # The site's name at both ends.
    ("Northport Courier | Η λίμνη πάγωσε τρεις εβδομάδες νωρίτερα | Northport Courier",
     "Η λίμνη πάγωσε τρεις εβδομάδες νωρίτερα"),
    # A hyphen, an underscore and a colon inside Latin words are no separators.
    ("Anti-smoking campaigns fall short in three states", "Anti-smoking campaigns fall short in three states"),
    ("How to call os_path_join from a build script", "How to call os_path_join from a build script"),
    ("Top Rowing Clubs of 2024: Rankings & Guides", "Top Rowing Clubs of 2024: Rankings & Guides"),
])
def test_the_site_name_is_cut_off_a_page_title_in_any_script(page_title, headline):
    assert _without_site_name(page_title) == headline


@pytest.mark.parametrize(("text", "count"), [
    ("环球网", 2),  # a site name is short
    ("港口提前三周封冻 十几艘渔船被困泊位", 9),  # a headline: 17 characters
    ("iPhone 5上市", 3),
    ("Costs & Savings", 2),
])
def test_chinese_and_japanese_count_a_word_every_two_characters(text, count):
    assert _word_count(text) == count


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
])
def test_a_part_of_the_page_title_that_the_copyright_line_names_is_the_site_name(page_title, credits, headline):
    assert _without_site_name(page_title, credits=credits) == headline


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
