"""Run the site file's rules, in the order the file lists them, before any generic rule: what a
site's own rules decide about a line is final.

On a DoD News page, ``defense.gov/photo-widget-caption`` claims "Click photo for
screen-resolution imageRussian Minister…" as a caption before ``defense.gov/footer`` cuts
everything from "Contact Author" on, so the caption survives the cut.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import Document
from cleaner.kinds import apply_rule
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    if doc.site is None or doc.site.learned:  # a learned file's rules run after the generic ones
        return
    for rule in doc.site.rules:
        apply_rule(rule, doc, config.rule_seconds)
