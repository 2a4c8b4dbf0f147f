"""What cleaner reads off a page's url: its host (which site file applies, and what a site's name
looks like in a page title) and its slug (the headline's words, often).

Urls in scrapes come in every shape, so nothing here raises: a url without a host gives ``""``.
"""

from __future__ import annotations

import re

# scheme://, or //, or nothing; then user info, then the host up to a port, path, query or fragment.
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|//)?(?:[^/?#@\s]*@)?([^/?#:@\s]*)", re.IGNORECASE)
_SCHEME_AND_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|//)[^/?#]*", re.IGNORECASE)
SLUG_WORD = re.compile(r"[^\W_]+")  # a word of a slug: "diet-trends_2025" has three


def full_host(url: str | None) -> str:
    """The url's host, lowercased, without a trailing dot; ``""`` when it has none.

    >>> full_host("https://user@WWW.Example.co.uk.:8080/news?id=1")
    'www.example.co.uk'
    >>> full_host("example.org/2024/story")
    'example.org'
    >>> full_host(None)
    ''
    """
    if not url:
        return ""
    match = _HOST.match(url.strip())
    return match.group(1).lower().rstrip(".") if match else ""


def host(url: str | None) -> str:
    """The host a site file's ``domains`` are matched against: :func:`full_host` less ``www.``.

    >>> host("https://www.defense.gov/News/Article/")
    'defense.gov'
    """
    name = full_host(url)
    return name[4:] if name.startswith("www.") else name


def host_names(url: str | None) -> list[str]:
    """The names a site's host gives it, for telling a site name in a page title from the
    headline: the host's labels less "www" and the top-level domain, letters and digits only,
    of 4 characters or more.

    >>> host_names("https://www.example-gazette.co.uk/x")
    ['examplegazette']
    >>> host_names("https://blog.example.org/")
    ['blog', 'example']
    """
    labels = [label for label in full_host(url).split(".")[:-1] if label != "www"]
    return [name for name in ("".join(ch for ch in label if ch.isalnum()) for label in labels) if len(name) >= 4]


def slug_words(url: str | None) -> set[str]:
    """The words of the url's longest path segment, its slug, lowercased; numbers only when they
    have four digits (a year).

    >>> sorted(slug_words("https://example.com/2025/05/diet-trends-2025/"))
    ['2025', 'diet', 'trends']
    """
    if not url:
        return set()
    path = _SCHEME_AND_HOST.sub("", url.lower()).split("?")[0].split("#")[0]
    segments = [seg for seg in path.split("/") if seg and not seg.isdigit()]
    if not segments:
        return set()
    return {w for w in SLUG_WORD.findall(max(segments, key=len)) if not w.isdigit() or len(w) == 4}
