"""Run a learned site file's rules (``cleaner rules learn``, :mod:`cleaner.learn`) after the
generic rules, where a hand-written site file's run before them. A learned file holds a site's
template: lines that repeat on most of its pages. Run last, it takes only what the generic rules
and the line model kept of the template, and it changes nothing they read: the headline, byline and
date rules have taken their lines, and the line model scored the page as it scores a page of a site
nobody wrote rules for.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import Document
from cleaner.kinds import apply_rule
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    if doc.site is None or not doc.site.learned:
        return
    for rule in doc.site.rules:
        apply_rule(rule, doc, config.rule_seconds)
