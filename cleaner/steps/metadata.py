"""Fill the fields the rules left empty from the HTML page's own metadata (:mod:`cleaner.htmlmeta`,
read by the extract_html step), and identify the body's language (py3langid by default, on a
bounded sample: deterministic and cheap).

An HTML page whose JSON-LD or ``<meta name="author">`` names its author gets its authors from
there when no text rule found a "By …" line; the five seed scrapes all come out ``"en"``.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import BODY, Document
from cleaner.lang import detect_language
from cleaner.rulebook import RuleBook

RULE_HTML_META = "generic/html-metadata"


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    meta = doc.html_meta
    doc.set_field("title", meta.get("title"), RULE_HTML_META)
    doc.set_field("authors", meta.get("authors"), RULE_HTML_META)
    body = "\n".join(line.text for line in doc.lines if line.state == BODY)
    doc.fields["lang"] = detect_language(body[: config.lang_sample_chars])
