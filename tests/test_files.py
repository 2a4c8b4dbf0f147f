"""cleaner.files: one suffix table for normalize and check, one folder walk, the path checks and the
safe rewrite that check --fix uses."""

from __future__ import annotations

import doctest
import gzip
import os
import stat
import sys
from pathlib import Path

import pytest

from cleaner import check, files, inputs
from cleaner.inputs import InputError, Record, iter_records
from cleaner.pipeline import default_rulebook

RECORD = b'{"id": "r1", "url": "https://example.com/a", "text": "The council met.\\n\\nShare this"}\n'
EVERY_SPELLING = [".txt", ".TXT", ".html", ".htm", ".HTM", ".jsonl", ".ndjson", ".NDJSON", ".jsonl.gz", ".ndjson.gz",
                  ".Jsonl.GZ", ".parquet", ".warc", ".warc.gz"]


def test_the_docstring_examples_hold():
    assert doctest.testmod(files).failed == 0


# --- the suffix table ---------------------------------------------------------------------------

def test_every_suffix_normalize_reads_is_in_the_one_table_and_check_reads_those_the_rule_allows(tmp_path):
    named = {}
    for i, suffix in enumerate(EVERY_SPELLING):
        (tmp_path / f"f{i}{suffix}").touch()
        named[str(tmp_path / f"f{i}{suffix}")] = suffix
    assert inputs.path_problems(named) == []
    refused = {problem.split(": ")[0] for problem in files.path_problems(named, files.CHECK)}
    assert [suffix for path, suffix in named.items() if path not in refused] == [
        ".txt", ".TXT", ".jsonl", ".ndjson", ".NDJSON"]
    # A folder walk splits them the same way, for each command.
    assert sorted(files.walk(str(tmp_path), files.NORMALIZE)) == sorted(named)
    assert sorted(named[path] for path in files.walk(str(tmp_path), files.CHECK)) == [
        ".NDJSON", ".TXT", ".jsonl", ".ndjson", ".txt"]


def test_json_lines_mean_the_same_in_every_spelling_in_normalize(tmp_path):
    paths = []
    for name in ("a.jsonl", "b.ndjson", "c.JSONL", "d.jsonl.gz", "e.ndjson.gz", "f.NDJSON.GZ"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(RECORD) if name.lower().endswith(".gz") else RECORD)
        paths.append(str(path))
    records = list(iter_records(paths))
    assert [record.source for record in records] == paths
    assert {(r.id, r.url, r.doc, r.html, r.line) for r in records} == {
        ("r1", "https://example.com/a", "The council met.\n\nShare this", None, 1)}


def test_json_lines_mean_the_same_in_both_spellings_in_check(tmp_path):
    rules = default_rulebook()
    found = {}
    for name in ("a.jsonl", "b.NDJSON"):
        (tmp_path / name).write_bytes(RECORD)
        (result,) = check.check_paths([str(tmp_path / name)], rules)
        found[name] = [(f.line, f.col, f.code, f.rule) for f in result.findings]
    assert found["a.jsonl"] == found["b.NDJSON"] == [(1, 19, "CL101", "generic/ui-phrases")]


def test_check_refuses_a_compressed_or_page_file_naming_normalize(tmp_path):
    for name in ("dump.ndjson.gz", "page.html", "notes.json"):
        (tmp_path / name).touch()
    problems = files.path_problems([str(tmp_path / n) for n in ("dump.ndjson.gz", "page.html", "notes.json")],
                                   files.CHECK)
    assert [problem.removeprefix(f"{tmp_path}{os.sep}") for problem in problems] == [
        "dump.ndjson.gz: not a .txt, .jsonl or .ndjson file (only cleaner normalize reads .ndjson.gz files)",
        "page.html: not a .txt, .jsonl or .ndjson file (only cleaner normalize reads .html files)",
        "notes.json: not a .txt, .jsonl or .ndjson file",
    ]


def test_path_problems_name_a_missing_path_and_pass_a_folder_whatever_its_name(tmp_path):
    (tmp_path / "corpus.json").mkdir()  # a folder is walked, not judged by its name
    for command in (files.NORMALIZE, files.CHECK):
        assert files.path_problems([str(tmp_path / "corpus.json"), str(tmp_path / "gone.txt")], command) == [
            f"no such file or folder: {tmp_path / 'gone.txt'}"]
    assert inputs.path_problems(["-"]) == []  # standard input is normalize's, and no path


# --- the folder walk ----------------------------------------------------------------------------

def make(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Fine.", encoding="utf-8")


def relative(root: Path, found) -> list[str]:
    return [os.path.relpath(path, root) for path in found]


def test_a_walk_goes_in_name_order_with_a_subfolder_where_its_name_falls(tmp_path):
    # Made out of order: the walk sorts, it does not take the order the file system lists in.
    make(tmp_path, "z.txt", "b/2.txt", "a.txt", "b/1/x.txt", "B.txt", "b.txt", "a-b.txt")
    assert relative(tmp_path, files.walk(str(tmp_path), files.CHECK)) == [
        "B.txt", "a-b.txt", "a.txt", "b/1/x.txt", "b/2.txt", "b.txt", "z.txt"]


def test_normalize_and_check_walk_a_folder_in_the_same_order(tmp_path):
    make(tmp_path, "b.txt", "a/c.txt", "a/d/e.txt", "f.txt", ".cache/g.txt")
    normalized = [record.source for record in iter_records([str(tmp_path)])]
    checked = [result.path for result in check.check_paths([str(tmp_path)], default_rulebook())]
    assert normalized == checked == [str(tmp_path / n) for n in ("a/c.txt", "a/d/e.txt", "b.txt", "f.txt")]


def test_a_walk_skips_hidden_folders_but_reads_hidden_files(tmp_path):
    make(tmp_path, ".git/a.txt", ".venv/lib/LICENSE.txt", ".notes.txt", "sub/.draft.txt")
    assert relative(tmp_path, files.walk(str(tmp_path), files.NORMALIZE)) == [".notes.txt", "sub/.draft.txt"]
    hidden = tmp_path / ".corpus"
    make(hidden, "a.txt")
    assert relative(hidden, files.walk(str(hidden), files.CHECK)) == ["a.txt"]  # named, a hidden folder is walked


def test_a_walk_follows_links_to_files_but_not_to_folders_and_passes_over_what_is_not_a_file(tmp_path):
    make(tmp_path, "real/a.txt", "b.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer forever
    passed_over: list[str] = []
    assert relative(tmp_path, files.walk(str(tmp_path), files.CHECK, passed_over)) == [
        "b.txt", "link.txt", "real/a.txt"]
    assert relative(tmp_path, passed_over) == ["dangling.txt", "loop", "pipe.txt"]


def test_a_walk_takes_a_tree_deeper_than_the_recursion_limit(tmp_path):
    deep = tmp_path.joinpath(*["d"] * 150)
    make(deep, "a.txt")
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 100)  # a walk that recursed a frame a folder would need 150 more
    try:
        found = list(files.walk(str(tmp_path), files.CHECK))
    finally:
        sys.setrecursionlimit(limit)
    assert relative(tmp_path, found) == [os.path.join(*["d"] * 150, "a.txt")]


def unreadable_folder(monkeypatch, folder: Path) -> None:
    """Listing ``folder`` fails as it does without read permission (tests may run as root, whom
    permissions do not stop)."""
    scandir = os.scandir

    def refuse(path):
        if os.path.abspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(files.os, "scandir", refuse)


def test_a_folder_that_cannot_be_listed_is_named_and_the_walk_goes_on(tmp_path, monkeypatch):
    make(tmp_path, "a/x.txt", "b/y.txt", "c.txt")
    unreadable_folder(monkeypatch, tmp_path / "b")
    found = list(files.walk(str(tmp_path), files.CHECK))
    assert found == [str(tmp_path / "a" / "x.txt"), files.Unreadable(str(tmp_path / "b"),
                     "cannot read folder: Permission denied"), str(tmp_path / "c.txt")]
    # normalize makes it an error record, check a CL901 finding: neither passes it in silence.
    items = list(iter_records([str(tmp_path)]))
    assert InputError(None, str(tmp_path / "b"), None, "cannot read folder: Permission denied") in items
    assert sum(isinstance(item, Record) for item in items) == 2
    results = list(check.check_paths([str(tmp_path)], default_rulebook()))
    assert [(r.path, [(f.code, f.message) for f in r.findings]) for r in results] == [
        (str(tmp_path / "a" / "x.txt"), []),
        (str(tmp_path / "b"), [("CL901", "cannot read folder: Permission denied")]),
        (str(tmp_path / "c.txt"), [])]


# --- reading ------------------------------------------------------------------------------------

def test_open_file_decompresses_what_the_table_says_is_gzip(tmp_path):
    (tmp_path / "a.NDJSON.GZ").write_bytes(gzip.compress(RECORD))
    (tmp_path / "b.ndjson").write_bytes(RECORD)
    for name in ("a.NDJSON.GZ", "b.ndjson"):
        with files.open_file(str(tmp_path / name)) as stream:
            assert stream.read() == RECORD


def test_read_file_judges_a_file_over_the_limit_by_its_size_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "disk.txt"
    path.write_bytes(b"x" * 1000)
    assert files.read_file(str(path), 0) == b"x" * 1000
    assert files.read_file(str(path), 1000) == b"x" * 1000

    def refuse(self):
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert files.read_file(str(path), 999) == 1000


def test_cannot_read_says_what_the_system_says():
    assert files.cannot_read(FileNotFoundError(2, "No such file or directory")) == (
        "cannot read: No such file or directory")
    assert files.cannot_read(OSError("disk on fire")) == "cannot read: disk on fire"


# --- the safe rewrite ---------------------------------------------------------------------------

@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_a_rewrite_replaces_the_contents_keeps_the_mode_and_leaves_nothing_behind(tmp_path, mode):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    path.chmod(mode)
    inode = path.stat().st_ino
    files.replace_file(str(path), b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.stat().st_ino != inode  # a new file renamed over the old one, not the old one truncated
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_rewrite_is_on_disk_before_it_is_renamed_over_the_original(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    calls = []
    fsync, replace = os.fsync, os.replace
    monkeypatch.setattr(files.os, "fsync", lambda fd: (calls.append("fsync"), fsync(fd))[1])
    monkeypatch.setattr(files.os, "replace", lambda a, b: (calls.append("replace"), replace(a, b))[1])
    files.replace_file(str(path), b"new")
    assert calls == ["fsync", "replace"]


def test_an_error_while_writing_leaves_the_original_and_no_temporary_file(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(RECORD)
    with pytest.raises(RuntimeError):
        with files.Rewrite(str(path)) as rewrite:
            rewrite.write(b"half a fi")
            assert len(os.listdir(tmp_path)) == 2  # the temporary file, beside the original
            raise RuntimeError("the disk filled up")
    assert path.read_bytes() == RECORD
    assert os.listdir(tmp_path) == ["a.jsonl"]


def test_a_failed_rename_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def fail(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(files.os, "replace", fail)
    with pytest.raises(OSError):
        files.replace_file(str(path), b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_rewrite_not_committed_changes_nothing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    with files.Rewrite(str(path)) as rewrite:
        rewrite.write(b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.txt"]


def test_check_fix_rewrites_through_the_safe_rewrite_keeping_the_mode(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(RECORD)
    path.chmod(0o664)
    (result,) = check.check_paths([str(path)], default_rulebook(), fix=True)
    assert result.fixed == 1
    assert path.read_bytes() == RECORD.replace(b"\\n\\nShare this", b"")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert os.listdir(tmp_path) == ["a.jsonl"]
