"""One base class for everything cleaner raises on purpose (issue 22)."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.check import SelectionError
from cleaner.errors import CleanerError
from cleaner.guard import RuleTimeout
from cleaner.linemodel import LineModel, ModelError


@pytest.mark.parametrize("error, builtin", [
    (cleaner.RuleError, ValueError), (ModelError, ValueError), (cleaner.RejectedDocument, ValueError),
    (SelectionError, ValueError), (RuleTimeout, Exception),
])
def test_every_error_raised_on_purpose_is_a_cleaner_error_and_keeps_its_builtin_base(error, builtin):
    assert issubclass(error, CleanerError) and issubclass(error, builtin)


def test_the_base_and_the_rule_timeout_are_exported():
    assert cleaner.CleanerError is CleanerError and cleaner.RuleTimeout is RuleTimeout
    assert {"CleanerError", "RuleTimeout"} <= set(cleaner.__all__)


def test_a_bad_rule_file_a_bad_model_and_a_rejected_document_are_caught_as_one(tmp_path):
    (tmp_path / "bad.toml").write_text('[rules.x]\nkind = "drop"\npattern = "("\n', encoding="utf-8")
    with pytest.raises(CleanerError, match="bad regex"):
        cleaner.load_rulebook([tmp_path])
    with pytest.raises(CleanerError, match="format"):
        LineModel({"format": "no such format"})
    with pytest.raises(CleanerError):
        cleaner.normalize(b"\x00" * 64)
