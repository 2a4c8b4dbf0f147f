from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "fixtures" / "seeds").glob("*.txt"))
BENCH_DATA = REPO.parent / "shared" / "bench" / "wcxb-dev-articles.jsonl.gz"
DANIEL_DATA = REPO.parent / "shared" / "bench" / "daniel-dev.jsonl.gz"  # news in en, zh, pl, ru, el


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
