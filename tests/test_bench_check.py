"""bench/check.py times `cleaner check` as a new process too, start-up included (a pre-commit hook
starts one for a few files): on the set's body of median size, and on the folder of them."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest

from bench import check as bench_check
from cleaner.pipeline import default_rulebook


def _write_set(path: Path) -> None:
    bodies = {"small": "Short text.", "middle": "A longer line of article text.\n\nShare this\n",
              "large": "The longest body of the three, a paragraph of article text that goes on. " * 3}
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for id_, body in bodies.items():
            out.write(json.dumps({"id": id_, "gold": {"body": body}}) + "\n")


def test_the_command_runs_on_the_median_body_and_on_the_folder(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "set.jsonl.gz"
    _write_set(data)
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 1, b"", b"")  # 1: findings, a run like any

    monkeypatch.setattr(bench_check.subprocess, "run", fake_run)
    result = bench_check.check_set(data, default_rulebook(), repeat=2)
    assert [c[1:4] for c in commands] == [["-m", "cleaner", "check"]] * 4
    one_file, folder = commands[0][4:], commands[2][4:]
    assert commands[1] == commands[0] and commands[3] == commands[2]  # the fastest of two each
    assert [Path(p).name for p in one_file] == ["middle.txt"] and Path(folder[0]).name == "txt"
    assert result.one_file_kb == pytest.approx(len("A longer line of article text.\n\nShare this\n") / 1e3)
    assert result.flagged == ["middle"]
    section = "\n".join(bench_check.set_section(result))
    assert "`cleaner check` of one .txt file (the median body, 0.0 KB), a new process" in section
    assert "`cleaner check` of the .txt folder, a new process" in section


def test_a_failing_command_stops_the_benchmark(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "set.jsonl.gz"
    _write_set(data)
    monkeypatch.setattr(bench_check.subprocess, "run",
                        lambda command, **kwargs: subprocess.CompletedProcess(command, 2, b"", b"usage: ..."))
    with pytest.raises(SystemExit, match=r"failed \(2\): usage"):
        bench_check.check_set(data, default_rulebook(), repeat=1)
