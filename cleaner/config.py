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
    - ``rule_seconds`` (2.0): CPU seconds a rule from a user's rule file (any file not built in)
      that has a regular expression may take on one document, and the signatures of a user's
      site file too; past it the document fails with :class:`cleaner.guard.RuleTimeout` naming
      the rule. A pattern that backtracks catastrophically never ends on some lines; a sound
      one takes about a microsecond a line, so 2 s is millions of lines. 0 turns the limit off.
      Built-in patterns have none: a test checks them (:mod:`cleaner.guard` says why and where
      the timer works).
    """

    generic: bool = True
    lang_sample_chars: int = 1000
    max_html_chars: int = 5_000_000
    rule_seconds: float = 2.0


DEFAULT = Config()
