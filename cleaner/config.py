"""One frozen configuration with every default documented in one place."""

from __future__ import annotations

from typing import NamedTuple


class Config(NamedTuple):
    """How :func:`cleaner.normalize` behaves. Every field has a default; override with ``_replace``.

    - ``generic`` (True): run the generic rules after the site rules. Off when testing a site
      file's examples on their own.
    - ``lang_sample_chars`` (1000): language identification reads at most this many characters of
      the body; py3langid costs about 1 ms for 1000 characters (langdetect about 5 ms), and a
      paragraph or two decide it.
    - ``max_html_chars`` (5,000,000): an HTML page longer than this is cut to it (at a tag's end)
      before parsing, with a warning. Extraction time grows with the page, about 0.8 s a million
      characters; the benchmark's largest page has 1.8 million. 0 turns the limit off.
    """

    generic: bool = True
    lang_sample_chars: int = 1000
    max_html_chars: int = 5_000_000


DEFAULT = Config()
