"""The five seed scrapes against their hand-reviewed goldens, through the CLI as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import cleaner
from conftest import REPO, SEEDS

EXPECTED = REPO / "fixtures" / "expected"


@pytest.fixture(scope="module")
def cli_articles() -> dict[str, dict]:
    paths = [str(p.relative_to(REPO)) for p in SEEDS]
    done = subprocess.run([sys.executable, "-m", "cleaner", "normalize", *paths],
                          cwd=REPO, capture_output=True, text=True, check=True)
    articles = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["id"] for a in articles] == paths
    return {a["id"]: a for a in articles}


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_matches_golden(seed, cli_articles):
    golden = json.loads((EXPECTED / f"{seed.stem}.json").read_text(encoding="utf-8"))
    assert cli_articles[str(seed.relative_to(REPO))] == golden


def by_prefix(cli_articles, prefix):
    return next(a for key, a in cli_articles.items() if key.split("/")[-1].startswith(prefix))


def removed_texts(article):
    return [r["text"] for r in article["removed"]]


def test_dod_news_000(cli_articles):
    a = by_prefix(cli_articles, "000")
    assert (a["title"], a["authors"], a["source"], a["dateline"], a["published"], a["site"]) == (
        "Gates, Serdyukov Renew U.S.-Russia Military Ties", ["Lisa Daniel"], "American Forces Press Service",
        "WASHINGTON", "2010-09-15", "defense.gov")
    assert a["text"].startswith("WASHINGTON, Sept. 15, 2010 – Defense Secretary")
    assert a["text"].endswith("the progress he has made.")
    assert len(a["captions"]) == 2 and all("DoD photo by R. D. Ward" in c for c in a["captions"])
    assert not any("Click photo" in c for c in a["captions"])
    gone = removed_texts(a)
    for text in ("United States Department of Defense United States Department of Defense", "DoD News",
                 "Bookmark and Share", "News Article", "Contact Author", "Stay Connected"):
        assert text in gone


def test_voa_001(cli_articles):
    a = by_prefix(cli_articles, "001")
    assert (a["title"], a["site"]) == ("Top US and Russian Defense Officials Renew Military Cooperation", "voanews.com")
    assert {"Accessibility links", "Breaking News", "USA", "XS", "SM", "MD", "LG"} <= set(removed_texts(a))


def test_blog_002(cli_articles):
    a = by_prefix(cli_articles, "002")
    assert a["site"] is None
    assert a["title"] == "U.S. and Russian military establish “a rhythm of consultations”"
    assert (a["authors"], a["source"]) == (["Lisa Daniel"], "Armed Forces Press Service")
    assert a["captions"] == ["US Secretary of Defense Robert Gates and Russian Minister of Defense Anatoly "
                             "Serdyukov signing agreements at the Pentagon."]
    assert "between our defense establishments”" in a["text"] and "& ldquo;" not in a["text"]
    assert "(photo: Getty)" not in a["text"]
    assert any(f["before"].strip() == "(photo: Getty)" for f in a["fixes"])
    assert {(r["line"], r["text"]) for r in a["removed"]} >= {
        (25, "Image: getty%209%2016%2010%20Robert%20Gates%20Anatoly%20Serdyukov.jpg"), (14, "\u00a0")}


def test_expatica_003(cli_articles):
    a = by_prefix(cli_articles, "003")
    assert (a["title"], a["site"]) == ("US, Russian defense chiefs promote deeper ties", "expatica.com")
    assert "Expatica news" in removed_texts(a)


def test_sputnik_004(cli_articles):
    a = by_prefix(cli_articles, "004")
    assert (a["title"], a["site"], a["dateline"], a["source"], a["published"]) == (
        "Russia, U.S. to sign military cooperation deal during Obama trip", "sputniknews.com", "MOSCOW",
        "RIA Novosti", None)
    assert a["captions"] == ["© POOL / Dmitry Medvedev and Barack Obama during G20 press-conference"]
    gone = removed_texts(a)
    for text in ("Russia", "Dmitry Medvedev and Barack Obama during G20 press-conference - Sputnik International",
                 "Subscribe", "Newsfeed", "log in or register", "Заголовок открываемого материала"):
        assert text in gone
    standfirst = ("A Russian-U.S. military cooperation agreement will be signed during President Barack Obama's "
                  "visit to Moscow in early July, the chief of the Russian military's General Staff said on Friday.")
    assert standfirst in gone and a["text"].startswith("MOSCOW, June 26 (RIA Novosti) - " + standfirst)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_every_nonblank_line_is_accounted_for(seed):
    """Each non-blank input line is in the body, a caption, `removed` with a rule id, or became a
    field (the headline, the byline, the agency line): nothing disappears unexplained."""
    article = cleaner.normalize(seed.read_bytes())
    assert article.lang == "en"
    removed = {r.line: r.rule for r in article.removed}
    assert all("/" in rule for rule in removed.values())
    kept = article.text + "\n" + "\n".join(article.captions)
    field_values = [v for v in (article.title, *article.authors, article.source) if v]
    fixed_lines = {f.line for f in article.fixes}
    for number, raw in enumerate(seed.read_text(encoding="utf-8").split("\n"), 1):
        if not raw.strip(" \t") or number in removed or number in fixed_lines:
            continue
        text = cleaner.repair(raw)
        assert text in kept or any(value in text for value in field_values), f"line {number} went nowhere: {raw!r}"
