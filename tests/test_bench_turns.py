"""bench/run.py times the systems of a dump kind in turns over the same records, so that a host
whose speed drifts charges them alike."""

from __future__ import annotations

import argparse
import dataclasses

from bench import run
from bench.metrics import shingles


def _recorded(key: str, calls: list[tuple[str, str]]) -> run.System:
    """The system ``key`` as a stand-in that returns its input and notes each call in ``calls``."""
    def call(text, url):
        calls.append((key, text))
        return text
    return run.System(key, run.SYSTEM_NAMES[key], call, run._text_only)


def test_systems_take_turns_over_the_records_and_each_scores_every_record(monkeypatch):
    monkeypatch.setattr(run, "TURN", 2)
    calls: list[tuple[str, str]] = []

    records = [run.Record(id=f"r{i}", url=None, dumps={"html_text": f"page {i} of the set"},
                          body=f"page {i} of the set", title=None,
                          author=None, date=None, split="tune") for i in range(5)]
    args = argparse.Namespace(kinds=["html_text"], systems=["none", "ftfy"])
    data = run.run_set("set", records, args, [_recorded("none", calls), _recorded("ftfy", calls)], {}, ["all"])
    # Each system warms up once (untimed) on the first record, then the two take turns, 2 records each.
    assert [(key, int(text.split()[1])) for key, text in calls] == [
        ("none", 0), ("ftfy", 0), ("none", 0), ("none", 1), ("ftfy", 0), ("ftfy", 1),
        ("none", 2), ("none", 3), ("ftfy", 2), ("ftfy", 3), ("none", 4), ("ftfy", 4)]
    for name in ("no cleaning", "ftfy.fix_text"):
        docs = data.results[("html_text", name)]
        # every record once, in order, scored against its own body
        assert [d.counts for d in docs] == [(len(shingles(r.body)), 0, 0) for r in records]


def test_a_failing_system_prints_at_most_max_tracebacks_over_all_its_turns(monkeypatch, capsys):
    monkeypatch.setattr(run, "TURN", 2)

    def fail(text, url):
        raise ValueError("broken")

    records = [run.Record(id=f"r{i}", url=None, dumps={"html_text": f"page {i} of the set"},
                          body=f"page {i} of the set", title=None, author=None, date=None, split="tune")
               for i in range(8)]
    args = argparse.Namespace(kinds=["html_text"], systems=["none"])
    data = run.run_set("set", records, args, [run.System("none", "no cleaning", fail, run._text_only)], {}, ["all"])
    assert sum(d.error for d in data.results[("html_text", "no cleaning")]) == 8
    assert capsys.readouterr().err.count("Traceback") == run.MAX_TRACEBACKS


def test_each_system_warms_up_untimed_on_the_first_record_of_each_language(monkeypatch):
    monkeypatch.setattr(run, "TURN", 2)
    calls: list[tuple[str, str]] = []

    langs = ["English", "Polish", "English", "Greek", "Polish"]
    records = [run.Record(id=f"r{i}", url=None, dumps={"html_text": f"page {i}"}, body=f"page {i}", title=None,
                          author=None, date=None, split="tune", lang=lang) for i, lang in enumerate(langs)]
    assert [r.id for r in run.warm_up_records(records)] == ["r0", "r1", "r3"]
    args = argparse.Namespace(kinds=["html_text"], systems=["ftfy"])
    data = run.run_set("set", records, args, [_recorded("ftfy", calls)], {}, ["all"])
    assert [int(text.split()[1]) for _, text in calls] == [0, 1, 3, 0, 1, 2, 3, 4]
    assert len(data.results[("html_text", "ftfy.fix_text")]) == 5  # the warm-up is not scored


def test_the_collector_runs_before_each_timed_turn_and_what_lives_on_is_frozen_for_the_turns(monkeypatch):
    # A full run of the garbage collector, untimed, before each turn of a timed system: the
    # collections that the turns before made due are not charged to the system allocating next.
    monkeypatch.setattr(run, "TURN", 2)
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(run.gc, "collect", lambda *a: calls.append(("collect", "")))
    monkeypatch.setattr(run.gc, "freeze", lambda: calls.append(("freeze", "")))
    monkeypatch.setattr(run.gc, "unfreeze", lambda: calls.append(("unfreeze", "")))
    records = [run.Record(id=f"r{i}", url=None, dumps={"html_text": f"page {i}"}, body=f"page {i}", title=None,
                          author=None, date=None, split="tune") for i in range(3)]
    args = argparse.Namespace(kinds=["html_text"], systems=["none", "ftfy"])
    untimed = dataclasses.replace(_recorded("none", calls), timed=False)  # as run's "none" is
    run.run_set("set", records, args, [untimed, _recorded("ftfy", calls)], {}, ["all"])
    assert [key if not text else f"{key} {text.split()[1]}" for key, text in calls] == [
        "none 0", "ftfy 0", "collect", "freeze",  # the warm-ups, then what they loaded frozen
        "none 0", "none 1", "collect", "ftfy 0", "ftfy 1",  # "none" is not timed: no collection before it
        "none 2", "collect", "ftfy 2", "unfreeze"]  # the process left as it was found
