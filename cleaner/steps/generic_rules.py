"""Run the generic rules, which work on sites nobody wrote rules for: the UI-phrase lexicon
("Bookmark and Share", "log in or register"), font-size widgets ("XS SM MD LG"), lines in another
script than the body's, image file names, a standfirst that the lede repeats, caption shapes, the
headline, the byline and the dateline. They only decide lines the site rules left undecided."""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import Document
from cleaner.kinds import apply_rule
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    if not config.generic:
        return
    for rule_file in rules.generic:
        for rule in rule_file.rules:
            apply_rule(rule, doc, config.rule_seconds)
