from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "fixtures" / "seeds").glob("*.txt"))
BENCH_DATA = REPO.parent / "shared" / "bench" / "wcxb-dev-articles.jsonl.gz"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
