"""cleaner.names: bylines into author names and a source organisation."""

import pytest

from cleaner.names import looks_like_person_name, split_authors, split_byline


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Lisa Daniel", ["Lisa Daniel"]),
        ("By Lisa Daniel", ["Lisa Daniel"]),
        ("by Lisa Daniel", ["Lisa Daniel"]),
        ("BY LISA DANIEL", ["LISA DANIEL"]),
        ("Lisa Daniel and John Smith", ["Lisa Daniel", "John Smith"]),
        ("Ann Lee, Bob Ray and Cy Young", ["Ann Lee", "Bob Ray", "Cy Young"]),
        ("Ann Lee, Bob Ray, and Cy Young", ["Ann Lee", "Bob Ray", "Cy Young"]),
        ("Ann Lee, Bob Ray & Cy Young", ["Ann Lee", "Bob Ray", "Cy Young"]),
        ("Ann Lee; Bob Ray; Cy Young", ["Ann Lee", "Bob Ray", "Cy Young"]),
        ("By Lisa Daniel, American Forces Press Service", ["Lisa Daniel"]),
        # Names keep case and inner punctuation.
        ("by Conor O'Brien and J. R. Smith", ["Conor O'Brien", "J. R. Smith"]),
        ("Von Jean-Luc Picard und Anna Müller", ["Jean-Luc Picard", "Anna Müller"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por Juan Pérez y María López", ["Juan Pérez", "María López"]),
        ("Di Mario Rossi e Luca Bianchi", ["Mario Rossi", "Luca Bianchi"]),
        ("Door Jan de Vries en Piet Hein", ["Jan de Vries", "Piet Hein"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        # "Di" is a surname particle when removing it would leave one word.
        ("Di Maio", ["Di Maio"]),
        # An initial's "E" is not Italian "e" (and).
        ("Lisa E Daniel", ["Lisa E Daniel"]),
        # Generational suffix stays with its name.
        ("John Smith, Jr., AP", ["John Smith Jr."]),
        # Dedupe, first spelling kept.
        ("Lisa Daniel and LISA DANIEL", ["Lisa Daniel"]),
        # A date riding on the byline is not a name.
        ("Lisa Daniel | Sept. 15, 2010", ["Lisa Daniel"]),
        ("By Staff Writer", []),
        ("", []),
    ],
)
def test_split_authors(byline, authors):
    assert split_authors(byline) == authors


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Lisa Daniel, Armed Forces Press Service", (["Lisa Daniel"], "Armed Forces Press Service")),
        ("From Lisa Daniel, Armed Forces Press Service:", (["Lisa Daniel"], "Armed Forces Press Service")),
        ("By Lisa Daniel\nAmerican Forces Press Service", (["Lisa Daniel"], "American Forces Press Service")),
        ("J. R. Smith, Reuters", (["J. R. Smith"], "Reuters")),
        ("Reuters", ([], "Reuters")),
        # Roles are dropped, not returned as the source...
        ("By Lisa Daniel and John Smith, Staff Writers", (["Lisa Daniel", "John Smith"], None)),
        ("Ann Lee, Moscow Correspondent", (["Ann Lee"], None)),
        # ...but the organisation named with the role is.
        ("Ann Lee, Associated Press Writer", (["Ann Lee"], "Associated Press")),
        ("Lisa Daniel, Times Staff Writer", (["Lisa Daniel"], "Times")),
        # A newspaper word in the first part is a surname, after a comma a paper.
        ("Emily Post", (["Emily Post"], None)),
        ("Ann Lee, The Washington Post", (["Ann Lee"], "The Washington Post")),
        ("Lisa Daniel", (["Lisa Daniel"], None)),
        ("BY LISA DANIEL, AMERICAN FORCES PRESS SERVICE", (["LISA DANIEL"], "AMERICAN FORCES PRESS SERVICE")),
        ("John Smith, Jr., AP", (["John Smith Jr."], "AP")),
    ],
)
def test_split_byline(byline, expected):
    assert split_byline(byline) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Lisa Daniel",
        "Charles de Gaulle",
        "Ursula von der Leyen",
        "J. R. Smith",
        "Bashar al-Assad",
        "Conor O'Brien",
        "Jean-Luc Picard",
        "Иван Петров",
        "Mohammed bin Salman",
        "LISA DANIEL",
        "John Smith Jr.",
    ],
)
def test_looks_like_person_name_accepts(name):
    assert looks_like_person_name(name)


@pytest.mark.parametrize(
    "text",
    [
        "Madonna",  # one token
        "A B C D E F",  # six tokens
        "Breaking News",  # organisation word
        "American Forces Press Service",
        "Staff Writer",
        "Bookmark and Share",  # lower-case non-particle
        "He said it.",
        "Lisa Daniel 2010",
        "Lisa Daniel, Reuters",
        "Korin Miller Published",  # the byline's own word, the date on the next line
        "Anna Weber Aktualisiert",
        "Who is Lisa?",
        "de la",
        "Charles de",
        "Aaaaaaaaaa Bbbbbbbbbbbbbb Cccccccccccccc Dddddddddddd Eeeeeeeeeeee",  # > 60 chars
        "",
    ],
)
def test_looks_like_person_name_rejects(text):
    assert not looks_like_person_name(text)
