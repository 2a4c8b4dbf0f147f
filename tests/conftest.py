from __future__ import annotations

import io
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "fixtures" / "seeds").glob("*.txt"))
BENCH_DATA = REPO.parent / "shared" / "bench" / "wcxb-dev-articles.jsonl.gz"
DANIEL_DATA = REPO.parent / "shared" / "bench" / "daniel-dev.jsonl.gz"  # news in en, zh, pl, ru, el


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


class RecordedStream(io.BytesIO):
    """A byte stream that records the size of every read asked of it (``sizes``), to test that
    input is read a bounded piece at a time."""

    def __init__(self, data: bytes = b""):
        super().__init__(data)
        self.sizes: list[int] = []

    def readline(self, size=-1):
        self.sizes.append(size)
        return super().readline(size)

    def read(self, size=-1):
        self.sizes.append(size)
        return super().read(size)

    def read1(self, size=-1):
        self.sizes.append(size)
        return super().read1(size)
