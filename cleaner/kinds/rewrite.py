"""Kinds that rewrite a line in place, each change recorded as a fix: ``strip`` cuts a pattern out,
``replace`` substitutes for it."""

from __future__ import annotations

from collections.abc import Callable

from cleaner.document import BODY, CAPTION, REMOVED, Document
from cleaner.kinds.registry import Key, Rule, prepare_text, rule_kind
from cleaner.kinds.scope import SPACES, scope_of, texts_of
from cleaner.prefilter import found_in


def _rewrite_all(rule: Rule, doc: Document, substitute: Callable[[str], str]) -> None:
    # Only a line the pattern is found in can change; each line changes only its own text.
    lines = scope_of(rule, doc)
    for i in found_in(rule.params["pattern"], texts_of(rule, doc, lines)):
        line = lines[i]
        if line.state not in (BODY, CAPTION):
            continue
        new_text = substitute(line.text)
        if new_text == line.text:  # the usual case; a line's text is already trimmed and collapsed
            continue
        new_text = SPACES.sub(" ", new_text).strip()
        if not new_text:
            doc.decide(line, REMOVED, rule.id)
        else:
            doc.rewrite(line, new_text, rule.id)


@rule_kind("strip", check="CL105", prepare=prepare_text,
           keys=(Key("pattern", "regex", "the text cut out of a line"),), required=(("pattern",),),
           summary='Cuts an inline pattern out of a line, recorded in `fixes`: "(photo: Getty)"; a line left empty'
                   " is dropped.")
def strip(rule: Rule, doc: Document) -> None:
    """Cut an inline pattern out of a line, recorded as a fix: "(photo: Getty)" after a paragraph.
    A line that is left empty is dropped under the same rule."""
    pattern = rule.params["pattern"]
    _rewrite_all(rule, doc, lambda text: pattern.sub(" ", text))


@rule_kind("replace", check="CL105", prepare=prepare_text, required=(("pattern",), ("with",)),
           keys=(Key("pattern", "regex", "the text replaced"),
                 Key("with", "str", "what replaces it; `\\1` and `\\g<name>` refer to the pattern's groups")),
           summary="Rewrites text in place, recorded in `fixes`.")
def replace(rule: Rule, doc: Document) -> None:
    """Replace ``pattern`` with ``with`` (``\\1``/``\\g<name>`` references allowed), recorded as a fix."""
    pattern, template = rule.params["pattern"], rule.params["with"]
    _rewrite_all(rule, doc, lambda text: pattern.sub(template, text))
