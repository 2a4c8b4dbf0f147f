"""Split the repaired text into numbered lines, the unit every rule decides on.

A browser-style dump puts one block a line, so a line is a paragraph, a menu item or a caption.
Blank lines are layout, not content. A line that was not blank in the input but is empty after
repair (a lone no-break space, as in seed 002) is recorded as removed: nothing disappears
unexplained.
"""

from __future__ import annotations

import operator
from itertools import compress, count

from cleaner.article import Removal, escape_surrogates
from cleaner.config import Config
from cleaner.document import Document, Line
from cleaner.rulebook import RuleBook

RULE_EMPTY = "generic/empty-after-repair"


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    raw_lines = doc.raw_lines()
    repaired = doc.repaired
    doc.lines.extend([Line(number, text) for number, text in zip(count(1), repaired) if text])
    # The lines that came out empty (most of them blank in the input too), in order.
    for number in compress(count(1), map(operator.not_, repaired)):
        raw = raw_lines[number - 1]
        if raw.strip(" \t"):
            doc.removed_blank.append(Removal(number, escape_surrogates(raw), RULE_EMPTY))
