"""Find the site rule file for the page: ``site=`` forces one; else the url's domain (a suffix
match that ignores ``www.``); else a signature line near the top of the page (DoD News pages open
with "United States Department of Defense" even when the scrape kept no url)."""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import Document
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    if doc.forced_site:
        doc.site = rules.site_named(doc.forced_site)
        if doc.site is None:
            doc.warnings.append(f"site {doc.forced_site!r}: no such site rule file; generic rules only")
        return
    doc.site = rules.site_for(doc.url, [line.text for line in doc.lines], config.rule_seconds)
