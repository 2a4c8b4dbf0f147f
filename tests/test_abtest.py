"""bench/abtest.py: another revision's package is imported beside this one, and pages are timed in turns."""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.abtest import BASE, compare, export_base
from bench.run import Record

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs git and the repo")
def test_the_base_revision_imports_as_its_own_package(tmp_path, monkeypatch):
    export_base("HEAD", tmp_path)
    package = tmp_path / BASE
    assert (package / "_rules" / "generic.toml").is_file()
    for path in package.rglob("*.py"):  # no import of the working tree's package is left
        text = path.read_text(encoding="utf-8")
        assert "from cleaner." not in text and "from cleaner import" not in text, path
        assert "import cleaner." not in text and 'files("cleaner")' not in text, path
    monkeypatch.syspath_prepend(str(tmp_path))
    base = importlib.import_module(f"{BASE}.rulebook")
    try:
        assert Path(base.__file__).is_relative_to(package)
        assert base.builtin_rules_dir() == package / "_rules"
        # what it imports is the copy's too: its own rule kinds, its own errors
        assert base.RuleError is sys.modules[f"{BASE}.errors"].RuleError
        assert base.kind_named.__module__ == f"{BASE}.kinds.registry"
        copies = [module for name, module in sys.modules.items() if name.startswith(f"{BASE}.")]
        assert len(copies) > 5 and all(Path(module.__file__).is_relative_to(package) for module in copies)
    finally:
        for name in [name for name in sys.modules if name == BASE or name.startswith(f"{BASE}.")]:
            del sys.modules[name]


class _Side:
    """A stand-in for a package: records the order it is called in, gives a fixed JSON."""

    def __init__(self, name: str, calls: list[str], json: str) -> None:
        self.name, self.calls, self.json = name, calls, json

    def normalize(self, text: str, url: str | None = None) -> SimpleNamespace:
        self.calls.append(self.name)
        return SimpleNamespace(to_json=lambda: self.json if text != "same" else "{}")


def test_pages_are_run_in_alternating_order_and_differences_counted():
    records = [Record(id=str(i), url=None, dumps={"html_text": text}, body="", title=None, author=None, date=None,
                      split="tune") for i, text in enumerate(["same", "other", "same", "x"])]
    records.append(Record(id="none", url=None, dumps={}, body="", title=None, author=None, date=None, split="tune"))
    calls: list[str] = []
    before, after, pages, differ, per_round = compare(_Side("base", calls, "{1}"), _Side("head", calls, "{2}"),
                                                      records, "html_text", rounds=2)
    assert pages == 4 and differ == 2  # "other" and "x"; a record without the dump is not a page
    assert calls[:8] == ["base", "head"] * 4  # every page once, untimed, where the outputs are compared
    firsts = calls[8::2]  # then the timed rounds, the order alternating page by page and round by round
    assert firsts == ["head", "base", "head", "base", "base", "head", "base", "head"]
    assert len(calls) == 8 + 2 * 8
    assert before >= 0 and after >= 0
    assert len(per_round) == 2  # a ratio for each round


class _Slow(_Side):
    """A side whose every page costs ``seconds`` of CPU time."""

    def __init__(self, name: str, calls: list[str], seconds: float) -> None:
        super().__init__(name, calls, "{}")
        self.seconds = seconds

    def normalize(self, text: str, url: str | None = None) -> SimpleNamespace:
        end = time.process_time() + self.seconds
        while time.process_time() < end:
            pass
        return super().normalize(text, url)


def test_each_rounds_ratio_is_the_heads_time_over_the_bases():
    records = [Record(id=str(i), url=None, dumps={"html_text": "same"}, body="", title=None, author=None, date=None,
                      split="tune") for i in range(3)]
    calls: list[str] = []
    before, after, _, _, per_round = compare(_Slow("base", calls, 0.004), _Slow("head", calls, 0.008), records,
                                             "html_text", rounds=3)
    assert len(per_round) == 3 and all(1.5 < ratio < 3 for ratio in per_round)
    assert 1.5 < after / before < 3
