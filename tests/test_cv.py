"""bench/cv.py: what the cross-validation keeps and how it scores (no model is fitted here)."""

from __future__ import annotations

import pytest

from bench.cv import outer_fold, score
from bench.metrics import shingles
from bench.train import FOLDS, fold_of

GOLD = "The harbour froze three weeks earlier than usual this winter, the port authority said."


def test_bodies_are_scored_per_dump_kind():
    # page tuples as bench.train.tune_pages gives them: id, rows, words, labels, texts, kind
    pages = [("a", [], [], [], ["Home", GOLD], "html_text"), ("a", [], [], [], ["Home", GOLD], "bs4")]
    table = score(pages, [[False, True], [True, True]], {"a": shingles(GOLD)})
    assert table["html_text"] == pytest.approx((1.0, 1.0, 1.0))
    precision, recall, _ = table["bs4"]
    assert recall == 1.0 and precision < 1.0  # "Home" joins the body: one shingle too many


def test_the_scoring_quarters_are_not_the_training_folds():
    ids = [f"wcxb-dev-{n:04d}" for n in range(400)]
    assert {outer_fold(i) for i in ids} == set(range(FOLDS))
    assert any(outer_fold(i) != fold_of(i) for i in ids)
