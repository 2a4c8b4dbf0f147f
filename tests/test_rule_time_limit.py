"""A user's rule whose regular expression backtracks without end cannot hang a run (issue 7): its
document fails with an error naming the rule, and the next document gives an article
(cleaner.guard)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

import cleaner
from cleaner.batch import CHUNK
from cleaner.config import DEFAULT
from cleaner.guard import RuleTimeout
from cleaner.rulebook import load_rulebook

# Nested quantifiers: on a run of "a" that does not end the line, re tries every way to cut the
# run into pieces, 2**29 of them for 29 letters: 24 s here, so that without the time limit the
# tests fail on their assertions rather than hang.
RUNAWAY = """\
[site]
domains = ["example.org"]

[rules.runaway]
description = "A line of nothing but 'a'."
kind = "drop"
pattern = '^(a+)+$'
"""
GOOD = "Harbour freezes early this winter\naaaa\nThe harbour froze three weeks early, the port said on Monday.\n"
BAD = GOOD + "a" * 29 + "!\n"
URL = "https://example.org/harbour"
SHORT = DEFAULT._replace(rule_seconds=0.2)


def rulebook(tmp_path, text: str = RUNAWAY, name: str = "example.org"):
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return load_rulebook([tmp_path], env=False, entry_points=False)


def test_a_runaway_pattern_stops_at_the_time_limit_and_names_its_rule(tmp_path):
    book = rulebook(tmp_path)
    start = time.process_time()  # the limit is on CPU time, and so is this check
    with pytest.raises(RuleTimeout, match="rule 'example.org/runaway' used more than 0.2 s of CPU time"):
        cleaner.normalize(BAD, url=URL, rules=book, config=SHORT)
    assert time.process_time() - start < 5
    article = cleaner.normalize(GOOD, url=URL, rules=book, config=SHORT)  # the timer is off again
    assert ("aaaa", "example.org/runaway") in [(r.text, r.rule) for r in article.removed]


def test_a_runaway_signature_stops_at_the_time_limit(tmp_path):
    book = rulebook(tmp_path, "[site]\nsignatures = ['^(a+)+$']\n", name="slow-signature")
    with pytest.raises(RuleTimeout, match="the signatures of .*slow-signature.toml used more than"):
        cleaner.normalize(BAD.replace("aaaa\n", ""), rules=book, config=SHORT)  # no line of "a" to find


def test_only_users_rules_with_a_regex_run_under_the_timer(tmp_path):
    book = rulebook(tmp_path, RUNAWAY + '\n[rules.lede]\nkind = "repeated-lede"\n')
    guarded = {rule.id for rule_file in book.files for rule in rule_file.rules if rule.guarded}
    assert guarded == {"example.org/runaway"}  # not the built-in rules (a test checks their patterns)


def test_outside_the_main_thread_rules_run_without_the_timer(tmp_path):
    book = rulebook(tmp_path)
    articles = []
    worker = threading.Thread(target=lambda: articles.append(cleaner.normalize(GOOD, url=URL, rules=book)))
    worker.start()
    worker.join()
    assert [r.rule for r in articles[0].removed if r.text == "aaaa"] == ["example.org/runaway"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_cli_writes_an_error_record_for_the_document_and_goes_on(tmp_path, workers):
    rules = tmp_path / "rules"
    rules.mkdir()
    rulebook(rules)
    records = [{"id": str(i), "url": URL, "text": BAD if i == 3 else GOOD} for i in range(CHUNK + 6)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cleaner", "normalize", "-j", workers, "--rules", rules, path],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [r["id"] for r in records if r["id"] != "3"]
    errors = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [e["id"] for e in errors] == ["3"]
    assert errors[0]["error"].startswith("RuleTimeout: rule 'example.org/runaway' used more than 2 s of CPU time")
