"""The cache of derived tables (cleaner.cache): derived once, read back the same, never stale, and
never a reason to fail."""

from __future__ import annotations

import os
import stat

import numpy as np
import pytest

from cleaner import cache, lang, linefeatures
from cleaner.cache import CACHE_ENV, cached_arrays, digest
from cleaner.compiled import text_hashes


def _tables() -> dict[str, np.ndarray]:
    return {"counts": np.arange(5, dtype=np.int64), "names": np.array(["en", "fr"]), "flag": np.array(True),
            "weights": np.linspace(0, 1, 12, dtype=np.float32).reshape(3, 4)}


class Deriving:
    """A derive function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, np.ndarray]:
        self.calls += 1
        return _tables()


def _same(found: dict[str, np.ndarray], expected: dict[str, np.ndarray]) -> bool:
    return found.keys() == expected.keys() and all(
        found[k].dtype == expected[k].dtype and found[k].shape == expected[k].shape
        and np.array_equal(found[k], expected[k]) for k in expected)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_table_is_derived_once_and_read_back_the_same(folder):
    derive = Deriving()
    first = cached_arrays("table", ("v1",), derive)
    second = cached_arrays("table", ("v1",), derive)
    assert derive.calls == 1
    assert _same(first, _tables()) and _same(second, _tables())
    assert not second["counts"].flags.writeable  # mapped from the file, shared between processes
    assert type(second["counts"]) is np.ndarray  # not numpy's memmap subclass
    assert [p.name for p in folder.iterdir()] == [f"table-{digest(('v1',))}"]


def test_a_table_derived_from_other_sources_is_derived_again_and_the_old_entry_goes(folder):
    derive = Deriving()
    cached_arrays("table", ("v1",), derive)
    cached_arrays("other", ("v1",), derive)  # another table's entry stays
    cached_arrays("table", ("v2",), derive)
    assert derive.calls == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"table-{digest(('v2',))}", f"other-{digest(('v1',))}"])


def test_code_sources_count_by_their_bytes(tmp_path):
    code = tmp_path / "derive.py"
    code.write_text("A = 1\n")
    before = digest(("v1", code))
    assert digest(("v1", code)) == before
    code.write_text("A = 2\n")
    assert digest(("v1", code)) != before
    assert digest(("v1",)) != digest(("v2",)) and digest(("a", "bc")) != digest(("ab", "c"))


def test_an_empty_setting_turns_the_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    derive = Deriving()
    assert cache.cache_dir() is None
    assert _same(cached_arrays("table", ("v1",), derive), _tables())
    assert _same(cached_arrays("table", ("v1",), derive), _tables())
    assert derive.calls == 2 and list(tmp_path.iterdir()) == []


def test_without_a_cache_folder_it_takes_the_users_cache(monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    folder = cache.cache_dir()
    assert folder is not None and folder.name == "cleaner"


def test_a_folder_that_cannot_be_written_only_costs_the_deriving(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    derive = Deriving()
    assert _same(cached_arrays("table", ("v1",), derive), _tables())
    assert derive.calls == 1


def test_a_broken_entry_is_derived_again_and_replaced(folder):
    derive = Deriving()
    cached_arrays("table", ("v1",), derive)
    weights = folder / f"table-{digest(('v1',))}" / "weights.npy"
    weights.write_bytes(weights.read_bytes()[:-8])  # cut short, as by a full disk
    assert _same(cached_arrays("table", ("v1",), derive), _tables())
    assert derive.calls == 2
    assert _same(cached_arrays("table", ("v1",), derive), _tables())  # whole again: read
    assert derive.calls == 2


def test_two_processes_writing_one_entry_both_succeed_and_leave_no_temporary_folder(folder):
    entry = folder / f"table-{digest(('v1',))}"
    cache._write(folder, entry, _tables())
    cache._write(folder, entry, {"other": np.zeros(3)})  # the second finds the first's entry there
    assert sorted(p.name for p in folder.iterdir()) == [entry.name]
    assert _same(cached_arrays("table", ("v1",), Deriving()), _tables())


def test_an_entry_takes_the_permissions_of_the_users_umask(folder):
    """Not tempfile.mkdtemp's 0700: the other users of a shared cache folder read the entry."""
    old = os.umask(0o022)
    try:
        cached_arrays("table", ("v1",), Deriving())
    finally:
        os.umask(old)
    entry = folder / f"table-{digest(('v1',))}"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o755
    assert {stat.S_IMODE(path.stat().st_mode) for path in entry.iterdir()} == {0o644}


def test_the_language_model_read_from_the_cache_is_the_one_derived(folder):
    derived = lang._model_tables()
    cached = cached_arrays("language-model", ("v1",), lang._model_tables)
    assert _same(cached, derived)
    assert cached["ptc"].flags.c_contiguous and cached["ptc"].dtype == np.float32
    text = "Le ministre russe de la Défense a été accueilli au Pentagone par une fanfare militaire."
    assert lang._Identifier(cached).classify(text) == lang._Identifier(derived).classify(text)


def test_the_stoplists_read_from_the_cache_are_jusTexts(folder):
    import justext

    derived = linefeatures._stoplist_tables()
    cached = cached_arrays("stoplists", ("v1",), linefeatures._stoplist_tables)
    assert _same(cached, derived)
    stop = linefeatures._Stoplists(cached)
    for index, name in enumerate(stop.names):  # each list, rebuilt from the rows of its words
        assert stop.stoplist(index) == linefeatures._own_script(frozenset(justext.get_stoplist(name))), name
    assert stop.hashes is not None and len(stop.hashes) == len(stop.words) == len(stop.row)
    assert all(stop.words[row] == word for word, row in stop.row.items())
    # The hash index, made again from its tables, finds each word's row by its hash, and no other.
    sample = list(stop.words[::997])
    at, found = stop.hashes.places(text_hashes([*sample, "not-a-stopword-anywhere"]))
    assert found.tolist() == [True] * len(sample) + [False]
    assert [stop.words[row] for row in stop.hash_rows[at[:-1]]] == sample
