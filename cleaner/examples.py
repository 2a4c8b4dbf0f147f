"""Check the examples a rule file carries (``cleaner rules test``): each runs through the pipeline
with that file's rules alone (a site file forced as the site, generic rules off, unless the file is
a generic one), and every expectation it states must hold. This module sits above the pipeline: the
rule loader does not import it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.config import DEFAULT
from cleaner.pipeline import normalize
from cleaner.rulebook import RuleBook, RuleFile

_FIELDS = ("title", "authors", "source", "dateline", "published", "text", "captions")
_NULLABLE = {"title", "source", "dateline", "published"}  # TOML has no null: "" stands for it


def check_example(rule_file: RuleFile, example: dict[str, Any]) -> list[str]:
    """Failures of one example, as readable messages; an empty list means it passed."""
    if not isinstance(example.get("input"), str):
        return ["example has no 'input' string"]
    rulebook = RuleBook((rule_file,))
    config = DEFAULT._replace(generic=not rule_file.is_site)
    article = normalize(example["input"].strip("\n"), url=example.get("url"),
                        site=rule_file.name if rule_file.is_site else None,
                        html=False, rules=rulebook, config=config)
    failures = []
    rule = example.get("rule")
    rule_id = f"{rule_file.name}/{rule}" if rule else None
    removed = {r.text: r.rule for r in article.removed}
    for text in example.get("removed", []):
        if text not in removed:
            failures.append(f"expected removed: {text!r}")
        elif rule_id and removed[text] != rule_id:
            failures.append(f"{text!r} removed by {removed[text]}, expected {rule_id}")
    body_lines = set(article.text.split("\n\n"))
    for text in example.get("kept", []):
        if text not in body_lines:
            failures.append(f"expected kept in the body: {text!r}")
    for name in _FIELDS:
        if name in example:
            expected = example[name]
            if name in _NULLABLE and expected == "":
                expected = None
            got = getattr(article, name)
            got = list(got) if isinstance(got, tuple) else got
            if got != expected:
                failures.append(f"{name}: expected {expected!r}, got {got!r}")
    if "fixes" in example:
        got_fixes = [[f.before, f.after] for f in article.fixes]
        for pair in example["fixes"]:
            if list(pair) not in got_fixes:
                failures.append(f"expected fix {pair[0]!r} -> {pair[1]!r}; fixes were {got_fixes!r}")
    return failures


@dataclass(frozen=True)
class ExampleResult:
    file: str
    rule: str | None
    index: int
    ok: bool
    message: str = ""


def run_examples(rulebook: RuleBook, paths: Sequence[str | os.PathLike] | None = None) -> list[ExampleResult]:
    """Run the examples each rule file carries, each against that file's rules alone."""
    wanted = [Path(p).resolve() for p in paths] if paths else None
    results = []
    for rule_file in rulebook.active:
        if wanted and not any(rule_file.path == w or w in rule_file.path.parents for w in wanted):
            continue
        for i, example in enumerate(rule_file.examples, 1):
            rule = example.get("rule")
            rule_id = f"{rule_file.name}/{rule}" if rule else None
            failures = check_example(rule_file, example)
            results.append(ExampleResult(str(rule_file.path), rule_id, i, not failures, "; ".join(failures)))
    return results
