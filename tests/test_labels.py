"""bench/labels.py: per-line content labels from the gold body (hand-made cases)."""

from __future__ import annotations

from bench.labels import align_tokens, content_text, label_lines, runs_of

P1 = "The council met on Monday to discuss the budget for next year."
P2 = "The sport budget was cut by ten percent, officials said on Monday evening."
P3 = "Residents will be able to comment on the plan until the end of March."


def content(dump: str, gold: str) -> list[str]:
    return [ln for _, ln, c in label_lines(dump, gold) if c]


def test_numbering_is_one_based_and_blank_lines_are_skipped():
    dump = "Home\n\n" + P1 + "\n   \n" + P2 + "\n"
    labels = label_lines(dump, P1 + "\n\n" + P2)
    assert [(n, c) for n, _, c in labels] == [(1, False), (3, True), (5, True)]
    assert [ln for _, ln, _ in labels] == ["Home", P1, P2]


def test_menu_item_also_in_body_is_content_only_at_the_body_position():
    # "Sport" is a menu entry (twice) and a one-word subheading of the article (once in gold).
    gold = f"{P1}\n\nSport\n\n{P2}"
    dump = f"Home\nNews\nSport\n\n{P1}\n\nSport\n\n{P2}\n\nHome\nNews\nSport\n"
    labels = label_lines(dump, gold)
    assert [(n, c) for n, ln, c in labels if ln == "Sport"] == [(3, False), (7, True), (13, False)]
    assert content(dump, gold) == [P1, "Sport", P2]


def test_paragraph_repeated_as_teaser_is_labelled_once():
    gold = f"{P1}\n\n{P2}"
    dump = f"{P1}\nHome\nNews\nWorld\n{P1}\n{P2}\nRelated\n{P1}\n"
    labels = label_lines(dump, gold)
    assert [n for n, ln, c in labels if ln == P1 and c] == [5]  # the copy that sits in the body
    assert content(dump, gold) == [P1, P2]


def test_short_lines_inside_content_are_content_and_identical_ones_outside_are_not():
    # bs4-style dump: inline elements split a sentence across lines, plus a token-less line.
    gold = "Expect protein (see our favorite high-protein snacks!) to stay an it macronutrient this year.\n\n" + P3
    dump = "\n".join([
        "Snacks", "high-protein snacks", "•",
        "Expect protein (see our favorite ", "high-protein snacks", "!) to stay an it macronutrient this year", ".",
        P3,
        "•", "high-protein snacks",
    ])
    labels = label_lines(dump, gold)
    assert [c for _, _, c in labels] == [False, False, False, True, True, True, True, True, False, False]


def test_short_heading_between_ads_is_content():
    gold = f"{P1}\n\nWhat comes next\n\n{P3}"
    dump = f"{P1}\nAdvertisement\nBuy now and save big today\nWhat comes next\nShare on Facebook\n{P3}"
    assert content(dump, gold) == [P1, "What comes next", P3]


def test_line_partly_in_gold_follows_the_majority():
    gold = f"{P1}\n\nThe mayor said the new plan would pass next week after a long debate."
    dump = "\n".join([
        P1 + " Share on Facebook",  # 12 of 14 tokens in gold
        "The mayor said the new plan would pass next week after a long debate. Read more",  # 14 of 16
        "Subscribe for daily news about the city budget, sport, culture and the weather",  # 'the' etc. only
    ])
    assert [c for _, _, c in label_lines(dump, gold)] == [True, True, False]
    # the gold sentence cut in two by a link: the part that is a minority of its line is not content
    gold2 = "Prices rose sharply in the third quarter of the year."
    dump2 = "Home\nPrices rose sharply in the third\nquarter of the year. See also: our complete guide to inflation, rates and savings accounts\n"
    assert [c for _, _, c in label_lines(dump2, gold2)] == [False, True, False]


def test_empty_gold_and_empty_dump():
    assert [c for _, _, c in label_lines(f"Home\n{P1}\n", "")] == [False, False]
    assert [c for _, _, c in label_lines(f"Home\n{P1}\n", "  \n\n ")] == [False, False]
    assert label_lines("", P1) == []
    assert label_lines("\n \n", P1) == []


def test_gold_shorter_than_a_shingle():
    labels = label_lines("Menu\nHello world\nWorld news\nFooter", "Hello world")
    assert [c for _, _, c in labels] == [False, True, False, False]


def test_alignment_is_monotone_and_uses_each_gold_token_once():
    d = "a b c d x a b c d y a b c d".split()
    g = "a b c d".split()
    m = align_tokens(d, g)
    assert sorted(x for x in m if x >= 0) == [0, 1, 2, 3]
    got = [x for x in m if x >= 0]
    assert got == sorted(got)


def test_content_text_and_runs():
    labels = label_lines(f"Home\n{P1}\nAdvertisement\n{P2}\n", f"{P1}\n\n{P2}")
    assert content_text(labels) == f"{P1}\n\n{P2}"
    assert runs_of([c for _, _, c in labels]) == [(1, 2), (3, 4)]
