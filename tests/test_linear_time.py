"""The whole pipeline takes time linear in the document, on long lines and on many lines (issue 7).

Each document is cleaned at two sizes, 4x apart: linear time gives a ratio of about 4 and
quadratic time 16, so a ratio above 10 fails. The time is the process's CPU time, not the wall
clock, and the best of three runs at each size: another process busy on the same cores (a second
`make test` beside this one) slows the wall clock, not the work this process does.
"""

from __future__ import annotations

import time

import pytest

import cleaner

SMALL = 50_000  # characters; the larger size is 4x this
RATIO = 10

DOCUMENTS = {
    "one word": lambda n: "x" * n,
    "a word and a space": lambda n: "a " * (n // 2),
    "no-break spaces": lambda n: "a\u00a0" * (n // 2),
    "punctuation": lambda n: "!." * (n // 2),
    "unclosed photo credits": lambda n: "(photo: " * (n // 8),
    "photo credits after a sentence": lambda n: "said. Photo: A " * (n // 15),
    "bylines": lambda n: "By a " * (n // 5),
    "initials": lambda n: "A. " * (n // 3),
    "dates": lambda n: "1/1/" * (n // 4),
    "short lines": lambda n: "word\n" * (n // 5),
    "sentence lines": lambda n: "A short line of text.\n" * (n // 22),
    # a page the line model judges (a title, a dozen lines) whose last line is thousands of words,
    # all different: the title-overlap feature counts each line's distinct words
    "a line of distinct words": lambda n: ("Harbour report on the quay\n"
                                           + "".join(f"Line {k}: the harbour authority said the quay would open.\n"
                                                     for k in range(12))
                                           + " ".join(f"w{i}" for i in range(n // 7))),
}


def _seconds(doc: str) -> float:
    """The CPU seconds of the best of three runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        cleaner.normalize(doc)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("name", DOCUMENTS)
def test_time_grows_linearly(name):
    make = DOCUMENTS[name]
    cleaner.normalize("warm up: the rules and the line model load once")
    small = _seconds(make(SMALL))
    large = _seconds(make(4 * SMALL))
    assert large / small < RATIO, f"{name}: {small:.3f} s for {SMALL} characters, {large:.3f} s for {4 * SMALL}"
