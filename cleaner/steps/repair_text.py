"""Repair broken text line by line, recording each repair with its line number.

Mojibake ("Todayâ€™s"), HTML entities, broken entities ("establishments& ldquo;" in seed 002)
and odd spaces are fixed by :mod:`cleaner.repair`; this step only numbers the fixes so that the
audit trail points at the line of the decoded input.
"""

from __future__ import annotations

from cleaner.article import Fix, escape_surrogates
from cleaner.config import Config
from cleaner.document import Document
from cleaner.repair import repaired
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    doc.repaired, repairs = repaired(doc.text, doc.raw_lines())
    for index, steps in repairs:
        doc.fixes.extend(Fix(index + 1, rule, escape_surrogates(before), after) for rule, before, after in steps)
