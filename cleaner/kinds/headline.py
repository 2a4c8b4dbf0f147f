"""The ``headline`` kind: the title of a page read off its lines, by the signals a flattened page
keeps (the page-title line, breadcrumbs, what lies below a line, the url's slug). Page titles and
site names themselves are :mod:`cleaner.titles`'s."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cleaner.dates import find_date_span
from cleaner.document import BODY, FIELD, REMOVED, Document, Line
from cleaner.kinds.registry import Key, Rule, rule_kind
from cleaner.kinds.scope import scope_of
from cleaner.linefeatures import ends_sentence, words
from cleaner.scripts import CJK, CJK_CHAR, CJK_RUN, has_cjk
from cleaner.titles import (
    LETTER,
    READER_WORD,
    at_least_words,
    credit_lines,
    credited,
    is_colon,
    is_site_name,
    title_separators,
    url_names,
    with_cjk,
    without_site_name,
    word_count,
)
from cleaner.urls import SLUG_WORD


def _prepare_headline(params: dict[str, Any], base: Path) -> None:
    params["skip_text"] = frozenset(t.strip().casefold() for t in params["skip_text"] or ())


# A headline does not end like a sentence or a clause; a question or an exclamation it may. The
# full stops, commas, colons and semicolons of Chinese, Japanese, Arabic and Devanagari count too
# (see _ends_terminal).
_TERMINAL_MARKS = tuple(".…:;,。．，、：；،؛।")
# List items (resiliparse's bullets) and table-of-contents entries are not headlines.
_LIST_ITEM = re.compile(r"^[•·▪►*+-]\s")
_BULLETS = frozenset("•·▪►*+-")  # the first characters _LIST_ITEM matches, for a test before it
_BREADCRUMB_SEPARATOR = re.compile(r"(?<!\s)\s+[>›/»]\s+")
_SPACED_MARK = re.compile(r"\s[>›/»]\s")  # what every match of _BREADCRUMB_SEPARATOR holds
# Headline candidates score their likeness to the page-title line (the Dice measure of their
# word sets, 1.5 for a repeat) plus these; the best above _MIN_SCORE is the headline.
_MIN_SCORE = 0.6
_CRUMB = 0.3  # an earlier breadcrumb ends with the line
_CONTEXT = 0.2  # each of: a date line, a byline, a paragraph just below the line
_DEPTH = 0.4  # taken off, in full once 10 paragraphs of text come before the line
_LIKENESS = 0.5  # a headline this like the page-title line makes that line a page title
# More than rounding can add to a score: the bounds that pass over lines which cannot beat the best
# so far add it to the most a line could score, reckoned as its score is (rounding keeps order).
_SLACK = 1e-9
_MAX_PARTS = 12  # separators of a page title looked at for runs of its parts
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_LIKENESS_WORD = re.compile(rf"[^\W{CJK}]+|[{CJK}]+")
# A menu flattened onto one line: short parts between bars, bullets or arrows (unspaced too), or
# between spaced middle dots, chevrons, slashes and dashes ("Home | Politics | Business | Sport",
# "Главная › Новости"). A chevron, a slash or a middle dot without spaces is not one («Зенит»,
# "24/7", "col·lecció"). Its parts have at most _NAV_WORDS words.
_NAV_SEPARATOR = re.compile(r"(?<!\s)\s*[|｜•→]\s*|(?<!\s)\s+(?:[·›»>/←–—-]|::)\s+")
_NAV_MARK = re.compile(r"[|｜•→·›»>/←–—:-]")
_NAV_WORDS = 3
_CHEVRON_SEPARATOR = re.compile(r"(?<!\s)\s+[>›»]\s+")  # a breadcrumb's, "Home » Blog » Headline"
_DIGIT = re.compile(r"\d")


@rule_kind("headline", prepare=_prepare_headline, keys=(
    Key("min_words", "int", "the fewest words of a headline (in Chinese and Japanese a word for every two characters)",
        default=3),
    Key("max_words", "int", "the most words of a headline", default=30),
    Key("max_chars", "int", "the most characters of a headline", default=250),
    Key("skip", "regex", "lines matching it are never headlines (\"By Lisa Daniel\")"),
    Key("skip_text", "strlist", "whole lines, in any case, that are never headlines: widget strings such as"
        " \"Версия для печати\"")),
    summary="Takes the title: the headline-shaped line (not matching `skip`, not one of `skip_text`) most like the"
            " page-title line that opens a dump, helped by a breadcrumb above it and a date line, byline or paragraph"
            " below it; else the line matching the url's slug; else the first headline-shaped line. A menu or"
            ' breadcrumb on one line ("Home | Politics | Business | Sport", "Главная › Новости") and a date line are'
            ' never the title; a breadcrumb ending with the headline ("Home » Headline") gives the headline. The site'
            " name is cut off: a short last part, a part naming the url's host or named by the page's copyright line,"
            " a part at both ends. Chinese and Japanese, which put no spaces between words, count a word for every"
            " two characters, and their page titles hang the site name on without spaces (`标题_财经_环球网`,"
            " `标题-中新网`). For HTML the page's own title is taken when a line of the page shows it.")
def headline(rule: Rule, doc: Document) -> None:
    """Take the headline as the title, by the signals a flattened page keeps.

    - The page-title line: a text dump opens with the page's ``<title>``, "Headline | Site", and
      the headline itself follows further down, after the menus, as a line of its own, often
      worded a little differently. Each later headline-shaped line scores its likeness to that
      first line less its site name (the Dice measure of their word sets; 1.5 for a line that
      repeats it, or repeats what comes before its first " - " or " | ": "10 Tips to
      Successfully Complete Online Courses" after "10 Tips to Successfully Complete Online
      Courses – Journey To College"; between 1.25 and 1.5 for a line that repeats a run of its
      parts holding more than half its words, "Headline" after "Site - Headline - Section"),
      plus 0.3 when an earlier breadcrumb ends with it ("Home / Blog / Headline"), plus 0.2 for
      each of a date line, a byline and a paragraph just below it, less up to 0.4 as paragraphs
      of article text pile up above it (a heading deep in the text is a section heading, and a
      logo line below the article is the site's name). The best line scoring over 0.6 is the
      title, and the page-title line, when the title repeats or resembles it, is dropped under
      this rule. A first line that is only the site's name ("Example Gazette" on
      example-gazette.com) is no page title.
    - Else the line that shares most words with the url's slug (``/diet-trends-2025/``).
    - Else the first headline-shaped line, the page-title line included.

    Headline-shaped: ``min_words`` (3) to ``max_words`` (30) words (in Chinese and Japanese a word
    for every two characters), at most ``max_chars`` (250) characters, with letters, not ending
    in a period, comma, colon or semicolon of any script (a question mark is fine), not a
    bulleted list item ("Gates, Serdyukov Renew U.S.-Russia Military Ties"), not a date line
    ("Tuesday January 17th 2012"). Lines matching ``skip`` ("By Lisa Daniel") or equal to one of
    ``skip_text`` (widget strings, "Версия для печати", any case) are never headlines, and
    neither is a menu or a breadcrumb flattened onto one line ("Home | Politics | Business",
    "Главная › Новости", "首页 新闻 国内 国际": :func:`_is_navigation`) other than the page-title
    line. A breadcrumb that ends with the headline gives the headline ("Home » Headline").

    The site name is cut off a title taken from a page-title line ("Best Tax Preparation
    Software | Accounting.com"), and off a headline on the page only when it names the url's
    host: see :func:`without_site_name`. The page's copyright lines ("© 2005—2013 РГРК «Голос
    России»") name its site too, with or without a url.

    For HTML the page's own title is taken instead when a line of the page shows it, and the lines
    that repeat it leave the body (:func:`_known_title`)."""
    if doc.fields.get("title"):
        return
    known = doc.html_meta.get("title")
    if known and _known_title(rule, doc, known):  # the page's own title, shown on the page, wins
        return
    scope = scope_of(rule, doc)
    # The page's copyright lines name its site, even those a footer rule has already dropped; a
    # paragraph about copyright law does not.
    credits = credit_lines(doc.texts())
    chosen, page_titles = _titled_headline(rule, doc, scope, credits)
    if chosen is None:
        page = next((line for line in doc.lines if line.state == BODY), None)
        chosen = _slug_headline(rule, scope, doc.url)
        if chosen is None and page is not None and page in scope and _headline_shaped(rule, page):
            # The page-title line may look like a menu ("Quay opens | News | Port News"); it is the
            # title when no line below is headline-shaped, and a menu above the headline when one is.
            chosen = page
        if chosen is None:
            return
        text = chosen.text if chosen is page else _after_breadcrumb(chosen.text)
        text = without_site_name(text, doc.url, credits=credits)
    else:  # a headline on the page: only a name of the url's host is cut off it
        host_only = chosen.text.casefold() != page_titles[0].text.casefold() if page_titles else True
        text = without_site_name(_after_breadcrumb(chosen.text), doc.url, host_only=host_only)
    doc.set_field("title", text, rule.id, chosen)
    doc.decide(chosen, FIELD, rule.id)
    for line in page_titles:
        doc.decide(line, REMOVED, rule.id)


def _known_title(rule: Rule, doc: Document, known: str) -> bool:
    """An HTML page's own title (:mod:`cleaner.htmlmeta`), when a line of the page shows it: that
    line becomes the field's line, and its repeats leave the body with the page's ``<title>``
    line (the flattened page starts with it: "Harbour freezes early | Daily Post"). A title no
    line shows (a ``<title>`` whose site name did not come off, an ``og:title`` the page does not
    print) is left to the text rule, which reads the headline off the page; returns whether the
    title was taken."""
    title, page_title = known.casefold(), (doc.page_title or "").casefold()
    scope = [line for line in scope_of(rule, doc) if line.state == BODY]
    # The <title> line is the markup's, not the page showing the title.
    title_line = next((line for line in scope if line.text.casefold() == page_title), None) if page_title else None
    line_of_title = next((line for line in scope if line is not title_line and line.text.casefold() == title), None)
    if line_of_title is None:
        return False
    for line in scope:
        text = line.text.casefold()
        if line is not line_of_title and (text == title or text == page_title):
            doc.decide(line, REMOVED, rule.id)
    doc.set_field("title", known, rule.id, line_of_title)
    doc.decide(line_of_title, FIELD, rule.id)
    return True


def _headline_shaped(rule: Rule, line: Line) -> bool:
    """A body line shaped like a headline (see :func:`headline`)."""
    return line.state == BODY and _looks_shaped(line.text, rule.params) and _counts_shaped(line.text, rule.params)


# The tests of a headline's shape are pure, so their order is free: cheapest and most selective
# first. Most lines of a page are paragraphs, long or ending in a period; counting words (a regex
# pass building a string a word) and looking for a date come last, in _counts_shaped, which the
# headline's loop only runs when the line could still beat the best so far.
def _looks_shaped(text: str, params: dict[str, Any]) -> bool:
    """The cheap half of the shape: not too long, not ending like a clause, no list item, no skip."""
    # (_ends_terminal, its endswith inline: the call is only for a line ending in "\n")
    if (len(text) > params["max_chars"] or text.endswith(_TERMINAL_MARKS)
            or (text.endswith("\n") and _ends_terminal(text)) or (text[:1] in _BULLETS and _LIST_ITEM.match(text))):
        return False
    skip = params["skip"]
    if skip is not None and skip.search(text):
        return False
    if LETTER.search(text) is None:  # "8/1/2025" is a date line
        return False
    skip_text = params["skip_text"]
    return not (skip_text and text.casefold() in skip_text)


def _counts_shaped(text: str, params: dict[str, Any]) -> bool:
    """The costly half of the shape: the number of words, and no date line."""
    count = with_cjk(text, lambda t: len(words(t))) if has_cjk(text) else len(words(text))
    if not params["min_words"] <= count <= params["max_words"]:
        return False
    return not _is_date_line(text)


def _ends_terminal(text: str) -> bool:
    """Whether a line ends in one of ``_TERMINAL_MARKS``, as ``re.search("[.…:;,…]$", text)`` tells
    but without a regex trying every position of the line: the last character is one, or the one
    before a final "\\n" (where ``$`` matches too; lines hold no "\\n", but the test does not
    depend on it)."""
    return text.endswith(_TERMINAL_MARKS) or (text.endswith("\n") and text[:-1].endswith(_TERMINAL_MARKS))


def _is_date_line(text: str) -> bool:
    """A line that states a date and little else: "Tuesday January 17th 2012", "Среда, 4 января
    2012 г.", "Published on 5 May 2012" (two words besides the date at most, one of them longer
    than three letters at most: "Metasploit Wrap-Up 12/19/2025" and "Elections set for 4 March
    2012" are headlines)."""
    span = find_date_span(text)
    if span is None:
        return False
    rest = READER_WORD.findall(text[: span[0]] + " " + text[span[1]:])
    return len(rest) <= 2 and sum(len(LETTER.findall(word)) > 3 for word in rest) <= 1


def _after_breadcrumb(text: str) -> str:
    """The headline a breadcrumb line ends with: "Headline" for "Home » Headline", whose parts
    before it are short section names, without digits ("Why 5 > 3" is a headline)."""
    parts = _CHEVRON_SEPARATOR.split(text)
    crumbs = parts[:-1]
    if crumbs and all(word_count(part) <= _NAV_WORDS and not _DIGIT.search(part) for part in crumbs):
        return parts[-1].lstrip(">›» ") or text  # "Home » » Headline"
    return text


def _is_navigation(text: str) -> bool:
    """A menu or a breadcrumb flattened onto one line, which is never a headline: three short
    parts or more ("Home | Politics | Business | Sport", "网易首页 - 新闻 - 体育 - 娱乐"), two short
    parts of a breadcrumb ("Главная › Новости"), or three or more runs of two to four Chinese or
    Japanese characters between spaces ("首页 新闻 国内 国际"): their headlines put no spaces
    between words, so a line of short runs is a menu (one character a run is a spaced-out
    headline, "港 鐵 多 條 路 綫")."""
    if has_cjk(text):
        items = text.split()
        if len(items) >= 3 and all(2 <= len(item) <= 4 and CJK_RUN.fullmatch(item) for item in items):
            return True
    if not _NAV_MARK.search(text):
        return False
    separators = [sep.group() for sep in _NAV_SEPARATOR.finditer(text)]
    parts = [part for part in _NAV_SEPARATOR.split(text) if part.strip()]
    if len(parts) < 2 or any(word_count(part) > _NAV_WORDS for part in parts):
        return False
    return len(parts) >= 3 or any(mark in sep for sep in separators for mark in ">›/»")


def _word_set(text: str) -> set[str]:
    """The words of a line for comparing two lines; a run of Chinese or Japanese gives its
    character pairs ("环球网" gives "环球" and "球网"), which stand in for its words."""
    if not has_cjk(text):
        return {w.casefold() for w in words(text)}
    found: set[str] = set()
    for word in _LIKENESS_WORD.findall(text.casefold()):
        if len(word) > 2 and CJK_CHAR.match(word):
            found.update(word[i : i + 2] for i in range(len(word) - 1))
        else:
            found.add(word)
    return found


def _titled_headline(rule: Rule, doc: Document, scope: list[Line],
                     credits: tuple[str, ...] = ()) -> tuple[Line | None, list[Line]]:
    """The best-scoring headline candidate (see :func:`headline`) if it scores above
    ``_MIN_SCORE``, and the page-title line to drop when the candidate repeats or resembles it.

    Each headline-shaped line, not a menu (or a shorter line that repeats the page title less its
    site name, "Coffee" after "Coffee - University Greenhouse") scores its likeness to the
    page-title line (:func:`_page_title_echoes` for a repeat), plus ``_CRUMB`` when an earlier
    breadcrumb ends with it, plus ``_CONTEXT`` for each of a date line, a byline and a paragraph
    just below it, less up to ``_DEPTH`` as paragraphs of article text pile up above it (a heading
    deep in the text is a section heading). The first line of the highest score wins."""
    body = [line for line in doc.lines if line.state == BODY]
    if not body:
        return None, []
    page = body[0]
    core = without_site_name(page.text, doc.url, credits=credits)
    echoes = _page_title_echoes(page.text, core, credits)
    page_words = _word_set(core) if word_count(page.text) >= 3 else set()
    if is_site_name(page.text, url_names(doc.url)[0], set()):  # the site's name alone: no page title
        echoes, page_words = {}, set()
    if len(page.text) > 2 * rule.params["max_chars"]:  # text, not a page title
        echoes, page_words = {}, set()
    if _LIST_ITEM.match(page.text) or word_count(page.text) < 2:  # a menu item opens the page
        echoes.pop(page.text.casefold(), None)
    everywhere = scope is doc.lines  # the rule has no window: every line is in scope
    in_scope = set() if everywhere else {id(line) for line in scope}
    page_title = page.text.casefold()
    core_title = core.casefold()
    params = rule.params
    skip, max_chars = params["skip"], params["max_chars"]
    texts = [line.text for line in body]

    # What a line's score takes from the lines above it: the paragraphs of article text above it,
    # counted up to the 10 that take off all of _DEPTH (past that the count changes nothing: the
    # depth is min(paragraphs, 10), and only 0 is told apart otherwise), and the breadcrumbs above
    # it, by the first line each ends (casefolded). And which lines may be candidates at all: those
    # in scope that are not a breadcrumb of three parts or more.
    above = [0] * len(body)
    crumb_ends: dict[str, int] = {}
    open_lines: list[int] = []
    paragraph: list[bool | None] = [None] * len(body)  # whether a line is a paragraph, once known
    paragraphs = 0
    for i in range(1, len(body)):
        text = texts[i]
        above[i] = paragraphs
        # (the four marks of _BREADCRUMB_SEPARATOR: a line without one is no breadcrumb; nor is one
        # without a mark between white space, as in "«…»" and "1/2", which its split would scan)
        crumb = (_BREADCRUMB_SEPARATOR.split(text) if (">" in text or "/" in text or "›" in text or "»" in text)
                 and _SPACED_MARK.search(text) else None)
        if (crumb is None or len(crumb) < 3) and (everywhere or id(body[i]) in in_scope):
            open_lines.append(i)
        if crumb is not None and len(crumb) > 1:
            crumb_ends.setdefault(crumb[-1].casefold(), i)
        if paragraphs < 10:
            paragraph[i] = is_paragraph = len(text) >= 30 and _is_paragraph(text)  # (its first test)
            paragraphs += is_paragraph
    depths = [_DEPTH * min(count, 10) / 10 for count in range(11)]

    # Each candidate's score is a function of the page alone, and the title is the first line of
    # the highest score above _MIN_SCORE: the lines can be scored in any order, a line taking the
    # place of the best so far when it scores higher, or the same and lies above it. Lines that
    # repeat part of the page title come first: they score highest, and the bounds below then pass
    # over most other lines.
    best, best_at, best_score, best_likeness = None, -1, _MIN_SCORE, 0.0

    def some_context(i: int) -> int:
        """Its context but the date line (which costs more to look for): whether a byline is just
        below a line, and whether a paragraph is."""
        below = texts[i + 1 : i + 4]
        for j in range(i + 1, min(i + 3, len(texts))):
            if paragraph[j] is None:
                paragraph[j] = _is_paragraph(texts[j])
        return ((skip is not None and any(skip.search(near) for near in below))
                + any(paragraph[i + 1 : i + 3]))

    def consider(i: int, likeness: float, crumbed: bool, context: int) -> None:
        """Score a headline-shaped line (or a repeat of the page title) that quotes no title, whose
        :func:`some_context` is ``context``."""
        nonlocal best, best_at, best_score, best_likeness
        score = likeness + (_CRUMB if crumbed else 0.0) - depths[above[i]]
        # Only then can what follows make it the best (a date line adds _CONTEXT, and rounding
        # keeps order); a menu line never is.
        if score + _CONTEXT * (context + 1) >= best_score and not _is_navigation(texts[i]):
            below = texts[i + 1 : i + 4]
            score += _CONTEXT * (any(_YEAR.search(near) and word_count(near) <= 12 for near in below) + context)
            if score > best_score or (score == best_score and i < best_at):
                best, best_at, best_score, best_likeness = body[i], i, score, likeness

    # Casefolding never shortens a line (every character folds to one to three) and keeps the
    # length of an ASCII one, so only a line of a fitting length can repeat the page title.
    longest, lengths = max(map(len, echoes), default=-1), {len(key) for key in echoes}
    repeats: set[int] = set()
    for i in open_lines:
        if len(texts[i]) <= longest and (len(texts[i]) in lengths or not texts[i].isascii()):
            folded = texts[i].casefold()
            echo = echoes.get(folded)  # its likeness when it repeats the page title
            if echo is None:
                continue
            repeats.add(i)
            # It counts even when not shaped like a headline, unless it repeats all of the page
            # title below the article text (there a footer repeats a menu line that opens a page).
            # (Every line of body is BODY, as _headline_shaped asks.)
            if (((folded != page_title or above[i] == 0)
                    or (_looks_shaped(texts[i], params) and _counts_shaped(texts[i], params)))
                    and not _quotes(folded, core_title)):
                consider(i, echo, crumb_ends.get(folded, i) < i, some_context(i))

    # The other lines. A line can only become the best when the most it could score beats the best
    # so far: its likeness at most (1, its Dice measure, or 0 without a page title), the
    # breadcrumb's, less the depth, plus all three of the context's, with _SLACK for rounding (the
    # score is reckoned in the same order, and rounding keeps order), so that the line scores less
    # than the best when the most does not beat it. Past that, whether it is headline-shaped, a
    # menu or a quote changes nothing, and most lines of a page need none of those tests. The most
    # tightens as cheap tests come in: the likeness the page title's words in the line allow
    # (_reach), then the byline and the paragraph below it as there are.
    most_like = 1.0 if page_words else 0.0
    plains = [most_like - depth + _CONTEXT * 3 + _SLACK for depth in depths]  # the most, without a breadcrumb
    longest = max(map(len, crumb_ends), default=-1)  # (a line longer than this ends no breadcrumb)
    for i in open_lines:
        if plains[above[i]] <= best_score:
            # The depth only grows down the page and the best only grows, so this holds for every
            # line below too: only a line ending a breadcrumb may still beat the best.
            if not crumb_ends:
                break
            if len(texts[i]) > longest:
                continue
        if i in repeats:
            continue
        text = texts[i]
        # (The shape's tests that cost nothing, which most paragraphs fail, go first.)
        if len(text) > max_chars or text.endswith(_TERMINAL_MARKS):
            continue
        folded = text.casefold()
        crumbed = crumb_ends.get(folded, i) < i
        depth = depths[above[i]]
        if (most_like + (_CRUMB if crumbed else 0.0)) - depth + _CONTEXT * 3 + _SLACK <= best_score:
            continue
        base = (_reach(folded, page_words) if page_words else 0.0) + (_CRUMB if crumbed else 0.0) - depth
        if base + _CONTEXT * 3 + _SLACK <= best_score:
            continue
        context = some_context(i)
        if (base + _CONTEXT * (context + 1) + _SLACK > best_score
                and _looks_shaped(text, params)
                and _counts_shaped(text, params)
                and not _quotes(folded, core_title)):
            if page_words:
                word_set = _word_set(text)
                likeness = 2 * len(word_set & page_words) / (len(word_set) + len(page_words))
            else:
                likeness = 0.0
            consider(i, likeness, crumbed, context)
    if best is None:
        return None, []
    return best, [page] if best_likeness >= _LIKENESS else []


def _reach(folded: str, page_words: set[str]) -> float:
    """The most likeness to the page title a line that repeats none of it can have, by the page
    title's words found anywhere in the line (casefolded). Its words are substrings of it
    (casefolding goes a character at a time, and a run of Chinese or Japanese gives substrings of
    it), so it shares no more than ``found`` words with the page title, and its likeness
    2 * shared / (its words + the title's) is at most 2 * found / (found + the title's), the most
    when the line has no other words. (Both are quotients of integers, rounded correctly: the
    order holds in floats too.)"""
    found = sum(map(folded.__contains__, page_words))
    return 2 * found / (found + len(page_words))


def _page_title_echoes(page_title: str, core: str, credits: tuple[str, ...] = ()) -> dict[str, float]:
    """The casefolded lines that repeat the page title, with their likeness to it: 1.5 for the
    page title itself, for it less its site name (``core``) and for what comes before its first
    separator other than a colon ("Headline: subtitle - Section" announces "Headline: subtitle");
    1 plus half the share of ``core``'s words it holds for another run of ``core``'s parts that
    holds more than half of them: "ΤΟ ΒΗΜΑ - Headline - Section" announces "Headline" too, as
    well as "ΤΟ ΒΗΜΑ", a site name that does not name the url's host (a logo line)."""
    echoes = {page_title.casefold(): 1.5, core.casefold(): 1.5}
    seps = list(title_separators(core))[:_MAX_PARTS]
    total = word_count(core)
    if not seps or not total:
        return echoes
    bar = next((sep for sep in seps if not is_colon(sep)), None)
    if bar is not None:
        echoes[core[: bar.start()].casefold()] = 1.5
    starts = [0] + [sep.end() for sep in seps]
    ends = [sep.start() for sep in seps] + [len(core)]
    for i, start in enumerate(starts):
        for end in ends[i:]:
            share = word_count(core[start:end]) / total
            if share > 0.5 and not credited(core[start:end], credits):
                echoes.setdefault(core[start:end].casefold(), 1 + share / 2)
    return echoes


_OPEN_QUOTES = "\"“«„'‘「『"


def _quotes(folded: str, title: str) -> bool:
    """Whether a line quotes the page title rather than being the headline: "12 thoughts on
    “Harbour freezes three weeks early”" heads the comments below the article."""
    at = folded.find(title) if title else -1
    return at > 0 and folded[at - 1] in _OPEN_QUOTES


def _is_paragraph(text: str) -> bool:
    """A line of article text: 15 words or more (29 Chinese or Japanese characters are 15), ending
    like a sentence."""
    if len(text) < 30 or not ends_sentence(text):  # (a cheap test; has_cjk scans a non-ASCII line)
        return False
    if has_cjk(text):
        return at_least_words(text, 15)
    # (split at most 14 times: as many parts as words, up to the 15 that make a paragraph)
    return len(text) >= 60 and len(text.split(None, 14)) >= 15


def _slug_headline(rule: Rule, scope: list[Line], url: str | None) -> Line | None:
    """The first of the candidates (headline-shaped lines of ``scope``, no menus) covering most of
    the url's last path segment words (more than 60% of them, and 3 words or more), else the first
    candidate; None without one.

    The shape is the costly test, and only two kinds of line need it: those before the first
    candidate, and those that may cover more of the slug than the best so far. A slug word that
    is a word of the line is a substring of the casefolded line (casefolding goes a character at a
    time), so the slug words found in it bound what it covers."""
    slug = url_names(url)[1]
    first, best, best_share = None, None, 0.6
    for line in scope:
        may_cover = len(slug) >= 3 and sum(map(line.text.casefold().__contains__, slug)) / len(slug) > best_share
        if first is not None and not may_cover:
            if len(slug) < 3:
                break
            continue
        if not _headline_shaped(rule, line) or _is_navigation(line.text):
            continue
        if first is None:
            first = line
        if may_cover:
            share = len(slug & {w.casefold() for w in SLUG_WORD.findall(line.text)}) / len(slug)
            if share > best_share:
                best, best_share = line, share
    return best or first
