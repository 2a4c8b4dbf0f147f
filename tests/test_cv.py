"""bench/cv.py: what the cross-validation keeps and how it scores (no model is fitted here)."""

from __future__ import annotations

import pytest

from bench.cv import kept, outer_fold, score
from bench.metrics import shingles
from bench.train import FOLDS, fold_of

GOLD = "The harbour froze three weeks earlier than usual this winter, the port authority said."


def test_kept_lines_are_those_the_line_model_rule_keeps():
    assert kept([0.9, 0.1, 0.6], 0.5, 0.9) == [True, False, True]
    assert kept([0.40, 0.1, 0.37], 0.5, 0.9) == [True, False, True]  # none reaches 0.5: 0.9 of the best stay
    assert kept([0.40, 0.1, 0.37], 0.5, 0.0) == [False, False, False]
    assert kept([], 0.5, 0.9) == []


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
