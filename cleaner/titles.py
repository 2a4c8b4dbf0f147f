"""Page titles and site names: where a page title's parts split, which part names the site, and
how many words a reader sees in a line of any script. The headline rule reads titles off text
dumps with these; HTML mode reads the page's own ``<title>`` and ``og:title`` with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache

from cleaner.linefeatures import COPYRIGHT
from cleaner.prefilter import found_in
from cleaner.scripts import CJK, CJK_RUN, has_cjk
from cleaner.urls import SLUG_WORD, host_names, slug_words

# "Headline | Site" (the page's <title>) puts the headline first; "Home > Blog > Headline"
# (a breadcrumb) puts it last. The lookbehinds here and in READER_WORD start a match only where
# its run of spaces (or of punctuation) starts, as a leftmost match does anyway: without them a
# search starts again at each character of a long run, in time square in the run.
#
# Parts of a page title are set apart by a bar, a dash, a bullet, "»", ">", "/", "::" or "//" with
# spaces around ("Headline | Site", "Site :: Headline"), by a colon ("Site: Headline", a colon-type
# separator: see without_site_name), and, without spaces, by a bar, a run of dashes ("Headline
# --Site"), and in Chinese and Japanese, which put no spaces between words, by a dash or an
# underscore next to one of their characters or punctuation marks ("标题_财经_环球网", "标题-中新网",
# "标题-《财经网》"), or a fullwidth colon ("中國評論新聞：标题"). A lone dash between Latin letters
# is a hyphen ("Anti-smoking"), and an underscore there is part of a name ("os_path").
_CJK_SIDE = CJK + "\u3000-\u303f\uff00-\uffef"  # their characters, and CJK and fullwidth punctuation
TITLE_SEPARATOR = re.compile(
    r"(?<!\s)\s+(?:[|–—·•»>›/_-]|-{2,3}|::|//)\s+"
    r"|(?<!\s)\s*(?:[|｜]|(?<!-)-{2,}|(?<![―—])[―—]{2,})\s*"
    rf"|(?<![-–—―_\s])\s*[-–—―_](?=[{_CJK_SIDE}])|(?<=[{_CJK_SIDE}])[-–—―_]\s*"
    r"|(?<!\s)\s*(?::\s+|：\s*)")

# Every separator holds one of these characters, and only spaces come before it in the match.
_SEPARATOR_MARK = re.compile(r"[|–—·•»>›/_:｜―：-]")


def title_separators(title: str) -> Iterator[re.Match[str]]:
    """``TITLE_SEPARATOR.finditer(title)``, the same matches, in a fraction of the time: the pattern
    is tried at every position of the title, in its many branches, while a separator can only start
    at one of their marks or where the run of white space before it starts (each branch matches
    spaces, then a mark, and its lookbehinds fail inside the run: the mark itself is tried too for
    the branch after a Chinese or Japanese character, which the ideographic space is). So it is
    tried at those two places for each mark: where the run before it starts (``str.isspace`` is
    what ``\\s`` matches), or where the last separator ended when that is later (``match`` with
    ``pos``: the lookbehinds still see the characters before it), then at the mark."""
    end = 0
    for mark in _SEPARATOR_MARK.finditer(title):
        start = mark.start()
        if start < end:  # inside the last separator
            continue
        while start > end and title[start - 1].isspace():
            start -= 1
        found = TITLE_SEPARATOR.match(title, start)
        if found is None and start < mark.start():  # after an ideographic space, a CJK side's mark
            found = TITLE_SEPARATOR.match(title, mark.start())
        if found is not None:
            end = found.end()
            yield found


_CREDIT_WORDS = 20  # a copyright line ("© 2024 Example Gazette Ltd. All rights reserved.") is short
READER_WORD = re.compile(r"(?<![^\s\w])[^\s\w]*\w\S*")
LETTER = re.compile(r"[^\W\d_]")  # a letter of any script


def word_count(text: str) -> int:
    """Words as a reader counts them: "3d23d65-ddc6's Substack" is two, "Costs & Savings" two;
    in Chinese or Japanese one for every two characters (see :func:`with_cjk`)."""
    return with_cjk(text, lambda t: len(READER_WORD.findall(t)))


def at_least_words(text: str, least: int) -> bool:
    """``word_count(text) >= least``, told without counting the words of a long Chinese or Japanese
    text: its characters alone count one word for every two (:func:`with_cjk`), so ``2 * least - 1``
    of them are enough, and a pattern finds that many at once, where counting them reads the whole
    line twice (~5 us for a paragraph of Chinese; ~10 us when each character was made a string).

    >>> at_least_words("港口提前三周封", 4), at_least_words("港口提前三周", 4), at_least_words("Costs & Savings", 3)
    (True, False, False)
    """
    if least <= 0:
        return True
    if has_cjk(text) and _cjk_at_least(2 * least - 1).match(text) is not None:
        return True
    return word_count(text) >= least


@lru_cache(maxsize=8)
def _cjk_at_least(chars: int) -> re.Pattern[str]:
    """A pattern matching a text (from its start) that holds ``chars`` Chinese or Japanese
    characters (:data:`~cleaner.scripts.CJK_CHAR`'s) or more: possessive, so in linear time."""
    return re.compile(f"(?:[^{CJK}]*+[{CJK}]){{{chars}}}")


def with_cjk(text: str, count: Callable[[str], int]) -> int:
    """``count(text)``, where Chinese and Japanese characters count one word for every two.
    Those scripts put no spaces between words, so a whole headline is one ``\\w+`` "word"; their
    words are mostly one or two characters long, and "环球网" (a site name) counts two words,
    "小微企业所得税减半征收标准由3万提高至6万" (a headline) eleven. ``count`` is given the rest, each
    run of those characters made one space, so it must count words set apart by white space, for
    which one space and several are the same (both callers' counts do: reader words, ``\\w+`` runs).
    The runs go in one pass of a pattern; a space for each character made a string of each."""
    if not has_cjk(text):
        return count(text)
    rest = CJK_RUN.split(text)
    return count(" ".join(rest)) + (len(text) - sum(map(len, rest)) + 1) // 2


def is_site_name(part: str, hosts: Sequence[str], slug: AbstractSet[str]) -> bool:
    """Whether a short piece of a page title names the site: its letters and a host label's
    contain each other ("Accounting.com" on accounting.com, "Example Blog" on blog.example.org),
    and, unless it is just the host's name, none of its longer words is in the url's slug
    ("Example's 2026 Outlook: …" on example.com/2026-outlook/ is the article's own wording)."""
    if not hosts:  # no url, no host to name (and the tests below, each of which can say no, commute)
        return False
    name = "".join(filter(str.isalnum, part.casefold()))
    if len(name) < 4 or not any(name in host or host in name for host in hosts):
        return False
    if word_count(part) > 4:
        return False
    if name in hosts:  # exactly the host's name
        return True
    return not any(len(w) >= 4 and w.casefold() in slug for w in SLUG_WORD.findall(part))


@lru_cache(maxsize=64)
def url_names(url: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """:func:`~cleaner.urls.host_names` and :func:`~cleaner.urls.slug_words` of a url, kept for
    the next call: a page's title and headline ask for them several times."""
    return tuple(host_names(url)), frozenset(slug_words(url))


def without_site_name(title: str, url: str | None = None, host_only: bool = False,
                       credits: tuple[str, ...] = ()) -> str:
    """"Best Tax Preparation Software | Accounting.com" is a page title: the headline is what is
    left once the site name is cut off either end. A part after the last separator is a site name
    when it names the url's host, or when it is short, as site names are (at most 4 words, and no
    more than what is left when that is one or two words: "ΤΟ ΒΗΜΑ - Ψωμί, το πολύτιμο - υγεία"
    loses its section, not its headline, "Zero Waste - A Beginner's Guide" keeps its subtitle),
    and set off by a bar or a dash rather than a colon ("Top MBA Programs: Rankings & Guides"
    keeps its subtitle). A part before the first separator is one only when it names the host
    ("Example Blog: Headline" on example.org). A part that opens and closes the title is the site
    name twice ("Sigma Live | Headline | Sigma Live"). A part at either end that the page's
    copyright line names (``credits``, casefolded) is the site name whatever sets it off: "Headline
    : Голос России" above "© 2005—2013 РГРК «Голос России»"."""
    hosts, slug = url_names(url)
    for _ in range(3):  # "Headline – Section – Site" loses both
        seps = list(title_separators(title))
        if not seps:
            break
        first, rest = title[: seps[0].start()], title[seps[0].end():]
        head, last = title[: seps[-1].start()], title[seps[-1].end():]
        if len(seps) > 1 and first.casefold() == last.casefold() and word_count(first) > 0:
            title = title[seps[0].end(): seps[-1].start()]
            continue
        if is_site_name(first, hosts, slug) and word_count(rest) >= 2:
            title = rest
            continue
        if credited(last, credits) and word_count(head) >= 1:
            title = head
            continue
        if credited(first, credits) and word_count(rest) >= 1:
            title = rest
            continue
        bar = not is_colon(seps[-1])
        left = word_count(head)
        short = not host_only and bar and word_count(last) <= (4 if left >= 3 else left)
        if word_count(first) >= 2 and (is_site_name(last, hosts, slug) or short):
            title = head
            continue
        break
    return title


# The plain substrings a copyright line holds one of: is_credit's first test, which credit_lines
# makes for a whole page at once (cleaner.prefilter finds them with str.find)
_CREDIT_MARK = re.compile(r"©|opyright|OPYRIGHT|\(c\)|\(C\)")


def is_credit(text: str) -> bool:
    """A copyright line: "© 2005—2013 РГРК «Голос России»", "Copyright 2024 Example Ltd." (the
    line model's ``COPYRIGHT``), at most ``_CREDIT_WORDS`` words, and holding one of
    ``_CREDIT_MARK``'s substrings, which are tested first."""
    if _CREDIT_MARK.search(text) is None:
        return False
    return COPYRIGHT.search(text.casefold()) is not None and word_count(text) <= _CREDIT_WORDS


def credit_lines(texts: Sequence[str]) -> tuple[str, ...]:
    """The copyright lines (:func:`is_credit`) among a page's lines, casefolded. The substring tests
    of is_credit come first, on the page at once (:func:`cleaner.prefilter.found_in`, which looks
    for them with ``str.find`` in the lines joined, kept from the rules before): few lines hold one."""
    return tuple(texts[i].casefold() for i in found_in(_CREDIT_MARK, texts) if is_credit(texts[i]))


def credited(part: str, credits: tuple[str, ...]) -> bool:
    """Whether one of the page's copyright lines (casefolded) names ``part``, a piece of the page
    title of at least 3 letters."""
    name = part.strip().casefold()
    return any(name in line for line in credits) and len(LETTER.findall(name)) >= 3  # (the cheaper test first)


def is_colon(separator: re.Match) -> bool:
    """Whether a title separator is a colon, which sets off a subtitle rather than a site name."""
    return separator.group().strip() in (":", "：")
