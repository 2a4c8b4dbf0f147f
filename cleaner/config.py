"""One frozen configuration with every default documented in one place."""

from __future__ import annotations

from typing import NamedTuple


class Config(NamedTuple):
    """How :func:`cleaner.normalize` behaves. Every field has a default; override with ``_replace``.

    - ``generic`` (True): run the generic rules after the site rules. Off when testing a site
      file's examples on their own.
    - ``lang_sample_chars`` (1000): language identification reads at most this many characters of
      the body; its cost grows with the sample, and a paragraph or two decide it.
    - ``max_html_chars`` (5,000,000): an HTML page longer than this is cut to it (at a tag's end)
      before parsing, with a warning. Extraction time grows with the page, about 0.8 s a million
      characters; the benchmark's largest page has 1.8 million. 0 turns the limit off.
    - ``max_document_size`` (16,777,216, 16 MiB): a larger document is rejected before it is
      decoded or parsed (``normalize`` raises :class:`cleaner.RejectedDocument`; the CLI and
      ``normalize_batch`` give an error record). Its size is its bytes (a file, a JSONL line, a
      WARC payload, ``bytes``), or its characters for a ``str``. That is 9 times the benchmark's
      largest page (1.8 million characters) and 16 times the 1 MiB at which Common Crawl cuts a
      response: a document this large is not one article page but a dump of many, a log or a disk
      image. A text document of 16 MiB takes 20 to 40 s and about 1 GB on one core, the most one
      document should cost a worker (32 MiB: 100 s and 1.6 GB); HTML is cut to ``max_html_chars``
      anyway. Rejected, not cut: the first 16 MiB of a dump is no article either, and an error
      record says so where a cut article would pass for one. 0 turns the limit off.
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
    max_document_size: int = 16 * 1024 * 1024
    rule_seconds: float = 2.0


DEFAULT = Config()
