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
    """

    generic: bool = True
    lang_sample_chars: int = 1000


DEFAULT = Config()
