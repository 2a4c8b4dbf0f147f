"""Split a byline into author names and the organisation it credits.

Bylines in scrapes look like "By Lisa Daniel" followed by a line "American
Forces Press Service", or run together as "From Lisa Daniel, Armed Forces
Press Service:"::

    >>> split_byline("From Lisa Daniel, Armed Forces Press Service:")
    (['Lisa Daniel'], 'Armed Forces Press Service')

Names keep their case and inner punctuation (O'Brien, Jean-Luc, J. R. Smith):
we only cut at separators, never rewrite a name.
"""

from __future__ import annotations

import re

# "By", "Von", "Par", "Por", "Di", "Door", "Autor:", "Автор:" ... at the start
# of a byline. "Di" and "Von" are also surname particles (Di Maio, Von Trier),
# see _strip_lead.
_LEAD_RE = re.compile(
    r"^\s*(?P<word>written\s+by|reported\s+by|posted\s+by|by|from|von|par|por|di|door|av|af"
    r"|autor(?:es|en|in|a)?|auteur|autore|автор|авторы|text|texto|texte)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_PARTICLE_LEADS = frozenset({"di", "von"})

# Where one name ends and the next begins: , ; | / and the word "and" in the
# languages of news scrapes. Connectors are matched lower-case (plus AND/And)
# so that an initial like "E" in "Lisa E Daniel" is not read as Italian "e".
_CONNECTOR = r"(?:and|AND|And|&|und|et|y|e|en|i|и|oraz)"
# The lookbehinds start the spaces before a separator only where their run starts, as a leftmost
# match does anyway, so that a long run of spaces is not searched again from each of its spaces.
_SPLIT_RE = re.compile(
    rf"(?:(?<!\s)\s+)?[,;|/•·\n]\s*(?:{_CONNECTOR}\s+)?|(?<!\s)\s+{_CONNECTOR}\s+|(?:(?<!\s)\s+)?&\s*"
)

# Generational suffixes that a comma separates from the name they belong to.
_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$", re.IGNORECASE)

# A comma-part naming a job, not a person: dropped. Matched as whole words.
_ROLE_RE = re.compile(
    r"\b(?:staff(?:\s+writers?|\s+reporters?)?|(?:senior|chief|special|foreign|political|contributing)\s+"
    r"(?:correspondent|writer|reporter|editor)s?|correspondents?|writers?|reporters?|editors?"
    r"|contributors?|columnists?|photographers?|analysts?|producers?|special\s+to"
    r"|korrespondent(?:in)?|redakteur(?:in)?|redaktion|correspondant(?:e)?|envoy[ée]\s+sp[ée]cial(?:e)?"
    r"|corresponsal|redacci[óo]n|corrispondente|redazione|correspondente|redactie|redakcja"
    r"|корреспондент|редакция)\b",
    re.IGNORECASE,
)

# Words of the byline around a name, never part of it: "By Korin Miller Published Dec 2, 2025"
# gives "Korin Miller Published" when the date is on the next line.
_BYLINE_WORD_RE = re.compile(
    r"\b(?i:published|updated|posted|modified|written|reviewed|veröffentlicht|aktualisiert|publié|mis à jour"
    r"|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|опубликовано|обновлено)\b"
)

# Words that make a comma-part an organisation, returned as the source. Strong
# words count anywhere, in any case ("AMERICAN FORCES PRESS SERVICE"); agency
# acronyms only in capitals ("AP", not "ap").
_STRONG_ORG_RE = re.compile(
    r"\b(?:(?i:service|press|news|agency|agence|agencia|agenzia|associated|newswire|wire|bureau|media"
    r"|network|reuters|bloomberg|xinhua|interfax|novosti|sputnik)"
    r"|AFP|AP|RIA|TASS|ANSA|EFE|DPA|dpa|UPI|PA|Inc|Ltd|Corp)\b"
)
# Newspaper words that are also surnames (Emily Post): only an organisation
# when they come after the first comma, never in the byline's first part.
_WEAK_ORG_RE = re.compile(r"\b(?i:times|post|herald|journal|tribune|gazette|daily|telegraph|guardian)\b")

# Lower-case name particles: "Charles de Gaulle", "Ursula von der Leyen".
_PARTICLES = frozenset(
    "de da di do dos das del della der den van von ter ten le la du bin binti ibn al el y zu op".split()
)
# Lower-case prefixes before the capital of a name token: d'Alembert, al-Assad.
_NAME_PREFIX_RE = re.compile(r"^(?:[a-z]['’]|(?:al|el)-)")
# A name token's shape: O'Brien, Jean-Luc, McDonald, Jr., or initials J. / J.R.
_NAME_TOKEN_RE = re.compile(r"[^\W\d_][\w'’\-]*\.?|(?:[^\W\d_]\.)+")
_SENTENCE_PUNCT_RE = re.compile(r"[!?;:,\"“”()\[\]{}<>@/|\\]")
# A dot is fine after an initial or abbreviation ("J.", "Jr.", "St."), not after a word. A word is
# looked at from its first letter only: from each of its letters, a long word costs its square.
_WORD_THEN_DOT_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{4,}\.")


def _is_capitalised(token: str) -> bool:
    """Whether a token is a capitalised name word (any script with case).

    >>> _is_capitalised("O'Brien"), _is_capitalised("al-Assad"), _is_capitalised("Émile"), _is_capitalised("said")
    (True, True, True, False)
    """
    core = _NAME_PREFIX_RE.sub("", token)
    return bool(core) and core[0].isupper() and _NAME_TOKEN_RE.fullmatch(core) is not None


def looks_like_person_name(s: str) -> bool:
    """Whether ``s`` could be one person's name: for validating byline candidates.

    2-5 tokens, every token capitalised or a particle (de, van, von, al- ...),
    no digits, no sentence punctuation, at most 60 characters, and no word
    that names an organisation or a job, or that belongs to the byline around
    a name ("Published", "Updated").

    >>> looks_like_person_name("Lisa Daniel"), looks_like_person_name("American Forces Press Service")
    (True, False)
    >>> looks_like_person_name("Charles de Gaulle"), looks_like_person_name("Staff Writer")
    (True, False)
    """
    s = s.strip()
    if not s or len(s) > 60 or any(ch.isdigit() for ch in s):
        return False
    if _SENTENCE_PUNCT_RE.search(s) or _WORD_THEN_DOT_RE.search(s):
        return False
    tokens = s.split()
    if not 2 <= len(tokens) <= 5 or tokens[-1] in _PARTICLES:
        return False
    if not all(t in _PARTICLES or _is_capitalised(t) for t in tokens):
        return False
    if sum(t not in _PARTICLES for t in tokens) * 2 < len(tokens):
        return False  # "Mostly" capitalised: "de la Cruz y de" is not a name.
    return not (_STRONG_ORG_RE.search(s) or _ROLE_RE.search(s) or _BYLINE_WORD_RE.search(s))


def _strip_lead(text: str) -> str:
    """The byline without its leading "By"/"Von"/"Автор:" word.

    "Di" and "Von" start surnames too, so they are only dropped when a
    two-word name remains: "Di Mario Rossi" → "Mario Rossi", but "Di Maio"
    stays.

    >>> _strip_lead("By Lisa Daniel"), _strip_lead("Di Maio")
    ('Lisa Daniel', 'Di Maio')
    """
    m = _LEAD_RE.match(text)
    if m is None:
        return text.strip()
    rest = text[m.end():].strip()
    if m.group("word").lower() in _PARTICLE_LEADS:
        first_part = _SPLIT_RE.split(rest, maxsplit=1)[0]
        if len(first_part.split()) < 2:
            return text.strip()
    return rest


def _clean_part(part: str) -> str:
    """One comma-part trimmed of edge punctuation; a final dot is kept after an initial.

    >>> _clean_part(" Armed Forces Press Service: "), _clean_part("Smith Jr."), _clean_part("Lisa Daniel.")
    ('Armed Forces Press Service', 'Smith Jr.', 'Lisa Daniel')
    """
    part = part.strip(" \t\n\u00a0:;,|–—-·•*\"“”")
    if part.endswith(".") and _WORD_THEN_DOT_RE.search(part[-5:]):
        part = part[:-1]  # A sentence-final dot, not an initial's ("J.") or a suffix's ("Jr.").
    return part


def _organisation(part: str, is_first: bool) -> str | None:
    """The organisation a role/agency comma-part names, "" for a bare role, None for a name.

    >>> _organisation("Associated Press Writer", False), _organisation("Staff Writer", False)
    ('Associated Press', '')
    >>> _organisation("Lisa Daniel", True) is None
    True
    """
    if _ROLE_RE.search(part):
        # "Times Staff Writer": drop the job, keep the paper if one is left.
        rest = _clean_part(_ROLE_RE.sub(" ", part))
        rest = " ".join(rest.split())
        if rest and (_STRONG_ORG_RE.search(rest) or _WEAK_ORG_RE.search(rest)):
            return rest
        return ""
    if _STRONG_ORG_RE.search(part) or (not is_first and _WEAK_ORG_RE.search(part)):
        return part
    return None


def split_byline(text: str) -> tuple[list[str], str | None]:
    """(authors, source) of a byline; roles are dropped, the first organisation is the source.

    >>> split_byline("Lisa Daniel, Armed Forces Press Service")
    (['Lisa Daniel'], 'Armed Forces Press Service')
    >>> split_byline("By Lisa Daniel and John Smith, Staff Writers")
    (['Lisa Daniel', 'John Smith'], None)
    """
    parts = [_clean_part(p) for p in _SPLIT_RE.split(_strip_lead(text))]
    authors: list[str] = []
    seen: set[str] = set()
    source: str | None = None
    for i, part in enumerate(parts):
        if not part or any(ch.isdigit() or ch == "@" for ch in part):
            continue  # A date, a time or an e-mail riding on the byline is not a name.
        if _SUFFIX_RE.match(part) and authors:
            authors[-1] = f"{authors[-1]} {part}"  # "John Smith, Jr." is one person.
            continue
        org = _organisation(part, is_first=(i == 0))
        if org is not None:
            if org and source is None:
                source = org
            continue
        key = part.casefold()  # "LISA DANIEL" repeats "Lisa Daniel": keep the first spelling.
        if key not in seen:
            seen.add(key)
            authors.append(part)
    return authors, source


def split_authors(text: str) -> list[str]:
    """The author names in a byline, in order, without duplicates, roles or agencies.

    >>> split_authors("By Lisa Daniel, American Forces Press Service")
    ['Lisa Daniel']
    >>> split_authors("Lisa Daniel, John Smith & Anna Müller")
    ['Lisa Daniel', 'John Smith', 'Anna Müller']
    >>> split_authors("Par Jean Dupont et Marie Curie, AFP")
    ['Jean Dupont', 'Marie Curie']
    """
    return split_byline(text)[0]
