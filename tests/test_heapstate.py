"""bench/heapstate.py: the experiment behind a process a data set, on a tiny pair of sets."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cleaner.batch
from bench import heapstate

PAGE = "\n".join(["Harbour freezes early", "Home", "News"]
                 + [f"The harbour froze on day {i} of the cold spell, and the ferries stayed in port." for i in range(9)])


def _set(path: Path, pages: int) -> str:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(pages):
            out.write(json.dumps({"id": f"{path.stem}{i}", "url": f"https://example.com/{i}",
                                  "dumps": {"html_text": PAGE}, "gold": {"body": ""}}) + "\n")
    return str(path)


def test_each_case_times_the_second_set(tmp_path):
    first, then = _set(tmp_path / "a.jsonl.gz", 2), _set(tmp_path / "b.jsonl.gz", 3)
    for free in (False, True):
        cleaner_ms, ftfy_ms = heapstate.after_first(first, then, "html_text", free)
        assert cleaner_ms > 0 and ftfy_ms > 0


def test_the_command_line_case_times_normalize_inside_the_command_and_puts_it_back(tmp_path):
    jsonl = tmp_path / "then.jsonl"
    jsonl.write_text("".join(json.dumps({"id": str(i), "text": PAGE}) + "\n" for i in range(32)), encoding="utf-8")
    real = cleaner.batch.normalize
    assert heapstate.in_command(str(jsonl)) > 0  # the two pages past the first thirty
    assert cleaner.batch.normalize is real
