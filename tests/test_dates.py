"""cleaner.dates: the first stated date as YYYY-MM-DD, and None whenever reading it would be a guess."""

import pytest

from cleaner.dates import find_date_span, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # English, the formats of the seed scrapes and of common CMS templates.
        ("WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates and Russian", "2010-09-15"),
        ("Sept 15, 2010", "2010-09-15"),
        ("Sep. 15, 2010", "2010-09-15"),
        ("September 15, 2010", "2010-09-15"),
        ("September 15th 2010", "2010-09-15"),
        ("15 September 2010", "2010-09-15"),
        ("15 Sep 2010", "2010-09-15"),
        ("15-Sep-2010", "2010-09-15"),
        ("Mon 15 Sep 2010", "2010-09-15"),
        ("Updated: Mar 3, 2021 10:42 am", "2021-03-03"),
        ("Published 2 March 2021 · 4 min read", "2021-03-02"),
        ("SEPTEMBER 15, 2010", "2010-09-15"),
        # Numeric, year first.
        ("2010-09-15", "2010-09-15"),
        ("2010/09/15", "2010-09-15"),
        ("2010-09-15T10:00:00Z", "2010-09-15"),
        ('<time datetime="2010-09-15T10:00:00+03:00">', "2010-09-15"),
        # Numeric day/month when one part cannot be a month, or both are equal.
        ("15/04/2010", "2010-04-15"),
        ("04/15/2010", "2010-04-15"),
        ("15.09.2010", "2010-09-15"),
        ("05/05/2010", "2010-05-05"),
        # Other languages.
        ("15. September 2010", "2010-09-15"),
        ("3. März 2021", "2021-03-03"),
        ("15 de septiembre de 2010", "2010-09-15"),
        ("el 5 de mayo del 2010", "2010-05-05"),
        ("15 de setembro de 2010", "2010-09-15"),
        ("le 15 septembre 2010", "2010-09-15"),
        ("1er août 2010", "2010-08-01"),
        ("12 fevrier 2010", "2010-02-12"),
        ("15 settembre 2010", "2010-09-15"),
        ("15 mei 2010", "2010-05-15"),
        ("15 сентября 2010 г.", "2010-09-15"),
        ("20 Lis 2011", "2011-11-20"),  # Polish date stamps abbreviate
        ("3 paź 2011, 12:00", "2011-10-03"),
        ("Πέμπτη, 24 Νοεμβρίου 2011, 12:57:51", "2011-11-24"),
        ("24 ΝΟΕΜΒΡΙΟΥ 2011", "2011-11-24"),  # Greek capitals drop the accents
        ("МОСКВА, 26 ИЮНЯ 2009", "2009-06-26"),
        ("15 września 2010 r.", "2010-09-15"),
        ("2010年9月15日", "2010-09-15"),
        # Leap day in a leap year is a real date.
        ("Feb. 29, 2020", "2020-02-29"),
    ],
)
def test_parse_date_reads_stated_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        # No year stated: never assume one.
        "MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. military cooperation agreement",
        "Sept. 15",
        "15 septembre",
        # No day stated.
        "September 2010",
        "Gates last visited Russia in March 2008, but relations cooled.",
        # Ambiguous day/month order.
        "03/04/2010",
        "3.4.2010",
        # Not a real day.
        "Feb 30, 2010",
        "Feb. 29, 2019",
        "31 April 2010",
        "2010-13-01",
        "2010-02-30",
        # Out of range years.
        "Sept. 15, 1899",
        "Sept. 15, 2101",
        # Month words only as whole words.
        "Marching 15, 2010",
        # No digits / empty.
        "Defense Secretary Robert M. Gates and Russian Defense Minister",
        "",
        # A number that is not a year.
        "May 15, 20100",
    ],
)
def test_parse_date_returns_none_rather_than_guess(text):
    assert parse_date(text) is None


def test_first_date_wins():
    assert parse_date("Published Sept. 15, 2010; updated 16 September 2010") == "2010-09-15"
    assert parse_date("Updated 16 September 2010, published Sept. 15, 2010") == "2010-09-16"


def test_ambiguous_first_date_is_not_replaced_by_a_later_one():
    # The line's first date is unreadable; a later one may be another event.
    assert parse_date("03/04/2010, updated 5 May 2010") is None


def test_find_date_span_locates_the_date_as_written():
    line = "WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates"
    start, end, iso = find_date_span(line)
    assert (line[start:end], iso) == ("Sept. 15, 2010", "2010-09-15")


def test_find_date_span_excludes_the_words_around_the_date():
    line = "le 15 septembre 2010 à 10h42"
    start, end, iso = find_date_span(line)
    assert (line[start:end], iso) == ("15 septembre 2010", "2010-09-15")


def test_find_date_span_none():
    assert find_date_span("MOSCOW, June 26 (RIA Novosti)") is None
    assert find_date_span("no digits here at all") is None
