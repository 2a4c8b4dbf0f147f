"""Find the date a scraped news line states, as ISO 8601 ``YYYY-MM-DD``, without ever guessing.

A scrape states its publication date in a dateline, a byline line or a
"Published …" line, in whatever language and format the site uses::

    >>> parse_date("WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates and ...")
    '2010-09-15'
    >>> parse_date("MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. military cooperation ...")

The second line has no year, so there is no date: we return None rather than
assume "this year" or "the year of the crawl".

Everything is one precompiled regex (built once from the month tables below),
so a call is a single ``search`` pass, and a line without a digit, or
without a year, returns before that regex runs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

# Month names per language, lower-case, with the abbreviations news sites
# print. A trailing dot after an abbreviation ("Sept.", "janv.") is handled by
# the regex, so it is not repeated here. Unaccented spellings are included
# because scrapes often lose accents ("fevrier", "aout").
_MONTHS_BY_LANGUAGE: Mapping[str, Mapping[str, int]] = MappingProxyType({
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
        "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
        "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "fr": {
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
        "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
        "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12, "déc": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3, "mär": 3,
        "mrz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
        "september": 9, "oktober": 10, "okt": 10, "november": 11, "dezember": 12, "dez": 12,
    },
    "es": {
        "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
        "junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
        "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
    },
    "it": {
        "gennaio": 1, "gen": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5,
        "mag": 5, "giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "agosto": 8,
        "settembre": 9, "set": 9, "ottobre": 10, "ott": 10, "novembre": 11, "dicembre": 12,
    },
    "pt": {
        "janeiro": 1, "fevereiro": 2, "fev": 2, "março": 3, "abril": 4, "maio": 5,
        "junho": 6, "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "out": 10,
        "novembro": 11, "dezembro": 12,
    },
    "nl": {
        "januari": 1, "februari": 2, "maart": 3, "mrt": 3, "april": 4, "mei": 5,
        "juni": 6, "juli": 7, "augustus": 8, "september": 9, "oktober": 10,
        "november": 11, "december": 12,
    },
    # Russian and Polish dates use the genitive ("15 сентября 2010"); the
    # nominative is kept too, for headers like "Сентябрь 15, 2010".
    "ru": {
        "января": 1, "январь": 1, "янв": 1, "февраля": 2, "февраль": 2, "фев": 2,
        "марта": 3, "март": 3, "мар": 3, "апреля": 4, "апрель": 4, "апр": 4,
        "мая": 5, "май": 5, "июня": 6, "июнь": 6, "июн": 6, "июля": 7, "июль": 7,
        "июл": 7, "августа": 8, "август": 8, "авг": 8, "сентября": 9, "сентябрь": 9,
        "сент": 9, "сен": 9, "октября": 10, "октябрь": 10, "окт": 10, "ноября": 11,
        "ноябрь": 11, "ноя": 11, "декабря": 12, "декабрь": 12, "дек": 12,
    },
    "pl": {
        "stycznia": 1, "styczeń": 1, "lutego": 2, "luty": 2, "marca": 3, "marzec": 3,
        "kwietnia": 4, "kwiecień": 4, "maja": 5, "maj": 5, "czerwca": 6, "czerwiec": 6,
        "lipca": 7, "lipiec": 7, "sierpnia": 8, "sierpień": 8, "września": 9,
        "wrzesień": 9, "października": 10, "październik": 10, "listopada": 11,
        "listopad": 11, "grudnia": 12, "grudzień": 12,
        # the abbreviations of date stamps ("20 Lis 2011")
        "sty": 1, "lut": 2, "kwi": 4, "cze": 6, "lip": 7, "sie": 8, "wrz": 9, "paź": 10,
        "paz": 10, "lis": 11, "gru": 12,
    },
    # Greek dates use the genitive ("15 Σεπτεμβρίου 2010"), and lose their accents in capitals
    # ("15 ΣΕΠΤΕΜΒΡΙΟΥ 2010").
    "el": {
        "ιανουαρίου": 1, "ιανουαριου": 1, "ιανουάριος": 1, "ιαν": 1,
        "φεβρουαρίου": 2, "φεβρουαριου": 2, "φεβρουάριος": 2, "φεβ": 2,
        "μαρτίου": 3, "μαρτιου": 3, "μάρτιος": 3, "μαρ": 3,
        "απριλίου": 4, "απριλιου": 4, "απρίλιος": 4, "απρ": 4,
        "μαΐου": 5, "μαιου": 5, "μαΐος": 5, "μάιος": 5, "μαι": 5,
        "ιουνίου": 6, "ιουνιου": 6, "ιούνιος": 6, "ιουν": 6,
        "ιουλίου": 7, "ιουλιου": 7, "ιούλιος": 7, "ιουλ": 7,
        "αυγούστου": 8, "αυγουστου": 8, "αύγουστος": 8, "αυγ": 8,
        "σεπτεμβρίου": 9, "σεπτεμβριου": 9, "σεπτέμβριος": 9, "σεπ": 9,
        "οκτωβρίου": 10, "οκτωβριου": 10, "οκτώβριος": 10, "οκτ": 10,
        "νοεμβρίου": 11, "νοεμβριου": 11, "νοέμβριος": 11, "νοε": 11,
        "δεκεμβρίου": 12, "δεκεμβριου": 12, "δεκέμβριος": 12, "δεκ": 12,
    },
})


def _merge_month_tables(tables: Mapping[str, Mapping[str, int]]) -> Mapping[str, int]:
    """One lookup table for all languages; refuses a word two languages read differently.

    >>> _merge_month_tables({"fr": {"mai": 5}, "de": {"mai": 5}})["mai"]
    5
    """
    merged: dict[str, int] = {}
    for language, table in tables.items():
        for word, month in table.items():
            # A clash (e.g. a word meaning May in one language and March in
            # another) would make the regex guess, so fail at import instead.
            if merged.setdefault(word, month) != month:
                raise ValueError(f"month word {word!r} ({language}) is ambiguous across languages")
    return MappingProxyType(merged)


_MONTHS: Mapping[str, int] = _merge_month_tables(_MONTHS_BY_LANGUAGE)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, as a prefix tree.

    A flat "january|jan|..." of ~190 words is retried word by word at every
    position of every line; the tree shares prefixes, which roughly halves
    the cost of a search on a body line that states a year.

    >>> _trie_pattern(["sep", "sept", "september"])
    'sep(?:t(?:ember)?)?'
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # End of a word.

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional tail: "sept" is tried before "sep", as longest-first needs.
        if "" in node:
            body = (f"(?:{body})" if len(branches) == 1 else body) + "?"
        return body

    return pattern(tree)


_MONTH_ALT = _trie_pattern(_MONTHS)

_YEAR = r"(?:19\d\d|20\d\d|2100)(?!\d)"  # 1900-2100 only: anything else is an ID or a price.
_DAY = r"(?<!\d)[0-3]?\d"
# "15th", "1st", French "1er", Spanish "1º"; a German "15." is the separator below.
_ORDINAL = r"(?:st|nd|rd|th|er|º|°)?(?![^\W\d_])"
# A month word must stand alone: "Mar" in "Marching" is not March.
_MONTH = rf"(?<![^\W\d_])(?:{_MONTH_ALT})(?![^\W\d_])\.?"
# Between parts: spaces (incl. no-break), or one of - / , . with optional spaces.
_SEP = r"(?:[\s\u00a0]*[-/,.][\s\u00a0]*|[\s\u00a0]+)"
# Spanish/Portuguese "15 de septiembre de 2010", Spanish "del 2010".
_DE = r"(?:[\s\u00a0]*\bdel?\b)?"

_DATE_RE = re.compile(
    "|".join([
        # 2010-09-15, 2010/09/15, 2010.09.15, and ISO timestamps 2010-09-15T10:00:00Z.
        rf"(?<!\d)(?P<ymd_y>{_YEAR})(?P<ymd_sep>[-/.])(?P<ymd_m>\d{{1,2}})(?P=ymd_sep)(?P<ymd_d>\d{{1,2}})(?!\d)",
        # Sept. 15, 2010 / September 15th 2010 / Mar 3, 2021 10:42 am
        rf"(?P<mdy_m>{_MONTH}){_SEP}(?P<mdy_d>{_DAY}){_ORDINAL}{_SEP}(?P<mdy_y>{_YEAR})",
        # 15 September 2010 / 15. September 2010 / 15-Sep-2010 / 15 de septiembre de 2010
        rf"(?P<dmy_d>{_DAY}){_ORDINAL}{_DE}{_SEP}(?P<dmy_m>{_MONTH}){_DE}{_SEP}(?P<dmy_y>{_YEAR})",
        # 15/09/2010, 15.09.2010, 09-15-2010: accepted only when the order is unambiguous.
        rf"(?P<num_a>{_DAY})(?P<num_sep>[-/.])(?P<num_b>\d{{1,2}})(?P=num_sep)(?P<num_y>{_YEAR})",
        # 2010年9月15日 (Chinese, Japanese) and 2010년 9월 15일 (Korean).
        rf"(?<!\d)(?P<cjk_y>{_YEAR})\s*[年년]\s*(?P<cjk_m>\d{{1,2}})\s*[月월]\s*(?P<cjk_d>\d{{1,2}})\s*[日일]",
    ]),
    re.IGNORECASE,
)

# Every form above states a year; a line without one has no date. This scan
# is ~10x cheaper than _DATE_RE, and many lines with digits have no year.
_HAS_DIGIT = re.compile(r"\d")
_HAS_YEAR = re.compile(rf"(?<!\d){_YEAR}")


def _iso(year: int, month: int, day: int) -> str | None:
    """ISO string for a real calendar day, or None.

    >>> _iso(2010, 2, 30) is None
    True
    """
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric_day_month(a: int, b: int) -> tuple[int, int] | None:
    """(day, month) for the two leading numbers of "a/b/yyyy", or None when the order is a guess.

    "15/09/2010" can only be 15 September and "09/15/2010" only September 15,
    but "03/04/2010" is 3 April in Europe and March 4 in the US: None.

    >>> _numeric_day_month(15, 9), _numeric_day_month(9, 15), _numeric_day_month(3, 4)
    ((15, 9), (15, 9), None)
    """
    if a == b:
        return a, b  # 05/05/2010 reads the same either way.
    if a > 12 >= b:
        return a, b
    if b > 12 >= a:
        return b, a
    return None


def month_number(word: str) -> int:
    """Month number of a matched month word such as "Sept." or "СЕНТЯБРЯ".

    >>> month_number("Sept."), month_number("СЕНТЯБРЯ")
    (9, 9)
    """
    # 0 (an invalid month, so no date) rather than KeyError for the odd
    # Unicode case-fold the regex accepts but lower() does not map back,
    # e.g. the Kelvin sign matching "k".
    return _MONTHS.get(word.rstrip(".").lower(), 0)


def _match_to_iso(m: re.Match[str]) -> str | None:
    """The ISO date a regex match states, or None if it is not a real, unambiguous date."""
    g = m.groupdict()
    if g["ymd_y"]:
        return _iso(int(g["ymd_y"]), int(g["ymd_m"]), int(g["ymd_d"]))
    if g["mdy_y"]:
        return _iso(int(g["mdy_y"]), month_number(g["mdy_m"]), int(g["mdy_d"]))
    if g["dmy_y"]:
        return _iso(int(g["dmy_y"]), month_number(g["dmy_m"]), int(g["dmy_d"]))
    if g["num_y"]:
        day_month = _numeric_day_month(int(g["num_a"]), int(g["num_b"]))
        return None if day_month is None else _iso(int(g["num_y"]), day_month[1], day_month[0])
    return _iso(int(g["cjk_y"]), int(g["cjk_m"]), int(g["cjk_d"]))


def find_date_span(text: str) -> tuple[int, int, str] | None:
    """``(start, end, iso)`` for the first date stated in ``text``, or None.

    ``text[start:end]`` is the date as written, so a caller can cut it out of a
    dateline. Only the first date-shaped candidate counts: if it is not a real
    date (Feb 30) or its day/month order is ambiguous (03/04/2010) the answer
    is None, not a later date on the line, which may well be a different
    event ("03/04/2010, updated 5 May 2010").

    >>> find_date_span("WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates")
    (12, 26, '2010-09-15')
    """
    if _HAS_DIGIT.search(text) is None or _HAS_YEAR.search(text) is None:
        return None  # The common case for body lines: no year, no date.
    m = _DATE_RE.search(text)
    if m is None:
        return None
    iso = _match_to_iso(m)
    return None if iso is None else (m.start(), m.end(), iso)


def parse_date(text: str) -> str | None:
    """The first date stated in ``text`` as ``YYYY-MM-DD``, or None. Never guesses.

    No year stated means no date (None), and so does a numeric date whose
    day/month order is ambiguous, like "03/04/2010" (3 April or March 4?);
    "15/04/2010" and "04/15/2010" are unambiguous and parse. Impossible dates
    (Feb 30) and years outside 1900-2100 are not dates. Month names are read
    in English, French, German, Spanish, Italian, Portuguese, Dutch, Russian
    and Polish.

    >>> parse_date("WASHINGTON, Sept. 15, 2010 – Defense Secretary Robert M. Gates")
    '2010-09-15'
    >>> parse_date("MOSCOW, June 26 (RIA Novosti) - A Russian-U.S. military cooperation")
    >>> parse_date("Updated: Mar 3, 2021 10:42 am")
    '2021-03-03'
    >>> parse_date("15/04/2010"), parse_date("04/15/2010"), parse_date("03/04/2010")
    ('2010-04-15', '2010-04-15', None)
    >>> parse_date("Москва, 15 сентября 2010"), parse_date("Feb 30, 2010")
    ('2010-09-15', None)
    """
    span = find_date_span(text)
    return None if span is None else span[2]
