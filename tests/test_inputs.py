"""Reading inputs into records, on its own: no pipeline, standard input monkeypatched."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys

import pytest

from cleaner.inputs import InputError, Record, iter_records, parse_record, path_problems

DOC = "Headline here\n\nBy Jane Doe\n\nA first paragraph of the article that is long enough to be body text.\n"


def use_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def jsonl(*records) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode("utf-8")


# --- one JSONL line ---------------------------------------------------------------------------

def test_a_record_with_text_is_sniffed_and_one_with_html_is_html():
    assert parse_record(b'{"id": "a", "url": "https://x.org/a", "text": "t"}', "f", 1) == Record(
        "a", "https://x.org/a", "t", None, "f", 1)
    assert parse_record(b'{"html": "<p>x</p>"}', "f", 2) == Record(None, None, "<p>x</p>", True, "f", 2)


def test_html_wins_over_text_and_a_null_field_counts_as_absent():
    assert parse_record(b'{"text": "t", "html": "<p>h</p>"}', "f", 1).doc == "<p>h</p>"
    assert parse_record(b'{"text": "t", "html": null}', "f", 1) == Record(None, None, "t", None, "f", 1)


@pytest.mark.parametrize(("raw_id", "expected"), [(7, "7"), (-3, "-3"), (12345678901234567890, "12345678901234567890"),
                                                  ("007", "007"), (None, None)])
def test_ids_are_strings_integers_become_strings(raw_id, expected):
    assert parse_record(json.dumps({"id": raw_id, "text": "x"}), "f", 1).id == expected


@pytest.mark.parametrize(("raw_id", "kind"), [(7.0, "number"), (True, "boolean"), ([1], "array"), ({"a": 1}, "object")])
def test_other_ids_are_errors_not_silent_rewrites(raw_id, kind):
    error = parse_record(json.dumps({"id": raw_id, "text": "x"}), "f", 4)
    assert error == InputError(None, "f", 4, f"'id' must be a string or an integer, not {kind}")


@pytest.mark.parametrize(("raw", "error"), [
    (b"{not json", "bad JSON: Expecting property name enclosed in double quotes at column 2"),
    (b"", "bad JSON: Expecting value at column 1"),
    (b'{"text": "x"} extra', "bad JSON: Extra data at column 15"),
    (b'["a", "list"]', "record is not a JSON object (got array)"),
    (b'"just a string"', "record is not a JSON object (got string)"),
    (b"null", "record is not a JSON object (got null)"),
    (b'{"id": "c"}', "no 'text' or 'html' field"),
    (b'{"id": "c", "text": null}', "no 'text' or 'html' field"),
    (b'{"id": "c", "text": 42}', "'text' must be a string, not number"),
    (b'{"id": "c", "html": ["<p>"]}', "'html' must be a string, not array"),
    (b'{"id": "c", "url": 3, "text": "x"}', "'url' must be a string, not number"),
])
def test_bad_records_say_what_is_wrong(raw, error):
    result = parse_record(raw, "in.jsonl", 9)
    assert isinstance(result, InputError) and (result.source, result.line, result.error) == ("in.jsonl", 9, error)


def test_an_error_keeps_the_id_when_it_could_be_read():
    assert parse_record(b'{"id": 5, "text": 42}', "f", 1).id == "5"
    assert parse_record(b"{broken", "f", 1).id is None


def test_undecodable_and_absurdly_nested_lines_are_errors_not_crashes():
    assert parse_record(b'{"text": "caf\xe9"}', "f", 1).error == "bad JSON: not UTF-8 (invalid continuation byte at byte 14)"
    assert parse_record(b"[" * 100_000, "f", 1).error.startswith("bad JSON")


def test_a_utf8_bom_on_a_line_is_accepted():  # Windows tools write one at the top of the file
    assert parse_record(b'\xef\xbb\xbf{"text": "x"}', "f", 1).doc == "x"


# --- standard input ---------------------------------------------------------------------------

def test_no_input_means_jsonl_on_stdin_blank_lines_skipped_line_numbers_kept(monkeypatch):
    use_stdin(monkeypatch, jsonl({"id": "a", "text": DOC}, "", "   ", "{bad", {"id": 2, "html": "<p>x</p>"}))
    items = list(iter_records([]))
    assert [type(i).__name__ for i in items] == ["Record", "InputError", "Record"]
    assert [(i.id, i.source, i.line) for i in items] == [("a", "<stdin>", 1), (None, "<stdin>", 4), ("2", "<stdin>", 5)]
    assert items[0].doc == DOC


def test_crlf_lines_and_a_missing_final_newline_are_fine(monkeypatch):
    use_stdin(monkeypatch, b'{"id": "a", "text": "x"}\r\n{"id": "b", "text": "y"}')
    assert [(r.id, r.doc) for r in iter_records(["-"])] == [("a", "x"), ("b", "y")]


def test_stdin_is_read_lazily(monkeypatch):
    """The first record is out before the second line is read: a dump of any size streams."""

    class OneLineThenFail(io.BytesIO):
        lines_read = 0

        def readline(self, size=-1):
            if self.lines_read:
                raise AssertionError("read past the first record")
            self.lines_read += 1
            return b'{"id": "first", "text": "x"}\n'

        def read1(self, size=-1):  # what telling JSON Lines from one document reads with
            return self.readline(size)

        def __iter__(self):
            return iter(self.readline, b"")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(OneLineThenFail()))
    assert next(iter_records(["-"])).id == "first"


# --- files and folders ------------------------------------------------------------------------

def test_a_plain_file_is_one_document_read_as_bytes_with_the_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scrape.txt").write_bytes(b"Serdyukov\x92s visit\n")  # cp1252: decoding is normalize's job
    (tmp_path / "page.HTM").write_bytes(b"<html><body><p>x</p></body></html>")
    assert list(iter_records(["scrape.txt", "./page.HTM"])) == [
        Record("scrape.txt", None, b"Serdyukov\x92s visit\n", None, "scrape.txt", None),
        Record("./page.HTM", None, b"<html><body><p>x</p></body></html>", True, "./page.HTM", None),
    ]


def test_an_unreadable_file_is_an_error_record(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("x")

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    assert list(iter_records([str(path)])) == [InputError(str(path), str(path), None, "cannot read: Permission denied")]


def test_a_folder_is_walked_in_name_order_with_supported_suffixes_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scrapes" / "b_dir").mkdir(parents=True)
    (tmp_path / "scrapes" / "a.txt").write_text("a")
    (tmp_path / "scrapes" / "b_dir" / "inner.html").write_text("<p>inner</p>")
    (tmp_path / "scrapes" / "c.jsonl").write_text('{"id": "c1", "text": "c"}\n')
    (tmp_path / "scrapes" / "notes.csv").write_text("skipped")
    (tmp_path / "scrapes" / "dump.json").write_text('{"text": "skipped"}')
    (tmp_path / "scrapes" / "d.TXT").write_text("d")
    skipped: list[str] = []
    ids = [r.id for r in iter_records(["scrapes/"], skipped=skipped)]
    assert ids == ["scrapes/a.txt", "scrapes/b_dir/inner.html", "c1", "scrapes/d.TXT"]
    assert skipped == ["scrapes/dump.json", "scrapes/notes.csv"]
    assert next(r for r in iter_records(["scrapes"]) if r.id == "c1").source == os.path.join("scrapes", "c.jsonl")


def test_a_walk_skips_the_files_it_is_asked_to(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "articles.jsonl").write_text('{"text": "an earlier run"}\n')
    skip = {os.path.realpath(tmp_path / "articles.jsonl")}
    assert [r.id for r in iter_records([str(tmp_path)], skip=skip)] == [str(tmp_path / "a.txt")]


def test_a_symlinked_folder_is_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [r.id for r in iter_records([str(tmp_path)])] == [str(tmp_path / "a.txt")]


def test_gzipped_jsonl_gives_its_records_with_line_numbers(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"id": "1", "text": "x"}, "", {"id": "3", "text": "y"})))
    assert [(r.id, r.source, r.line) for r in iter_records([str(path)])] == [("1", str(path), 1), ("3", str(path), 3)]


def test_a_truncated_gzip_gives_the_lines_before_the_cut_then_one_error(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    lines = [{"id": str(i), "text": f"document {i} " + "word " * 50} for i in range(1, 2001)]
    path.write_bytes(gzip.compress(jsonl(*lines))[:-200])
    items = list(iter_records([str(path)]))
    *records, error = items
    assert all(isinstance(r, Record) for r in records) and 0 < len(records) < 2000
    assert [r.line for r in records] == list(range(1, len(records) + 1))
    assert isinstance(error, InputError) and error.source == str(path) and error.line == len(records) + 1
    assert error.error.startswith("truncated or corrupt gzip: ")


def test_a_gz_file_that_is_not_gzip_is_one_error(tmp_path):
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(jsonl({"id": "1", "text": "x"}))
    (error,) = iter_records([str(path)])
    assert (error.source, error.line) == (str(path), 1) and error.error.startswith("truncated or corrupt gzip: ")


def test_path_problems_are_found_before_anything_is_read(tmp_path):
    (tmp_path / "ok.jsonl.gz").write_bytes(b"")
    (tmp_path / "dump.json").write_text("[]")
    problems = path_problems(["-", str(tmp_path), str(tmp_path / "ok.jsonl.gz"), str(tmp_path / "dump.json"),
                              str(tmp_path / "missing.txt")])
    assert problems == [f"{tmp_path / 'dump.json'}: not a .txt, .html, .htm, .jsonl, .ndjson, .jsonl.gz, .ndjson.gz,"
                        " .parquet, .warc or .warc.gz file",
                        f"no such file or folder: {tmp_path / 'missing.txt'}"]


def test_stdin_white_space_is_read_a_bounded_piece_at_a_time_before_the_format_is_told(monkeypatch):
    from cleaner.inputs import PIECE

    from tests.conftest import RecordedStream

    stream = RecordedStream(b" \n" * PIECE + b'{"id": "a", "text": "Quay\\n\\nIt opens."}\n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    assert [r.id for r in iter_records(["-"])] == ["a"]
    assert -1 not in stream.sizes and max(stream.sizes) <= max(PIECE, 8192)


# --- lines by where they lie (FileLine), for local workers ---------------------------------------

def _lines_file(tmp_path) -> str:
    """A JSONL file of every shape of line: a BOM, CRLF, blank and white-space lines, a broken
    line, one over the size limit, non-ASCII text, no final newline."""
    lines = [b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": "first"}).encode(), b"",
             json.dumps({"id": "crlf", "text": "ends in CR LF"}).encode() + b"\r", b"   \t",
             b'{"id": "broken", "text": ', json.dumps({"id": "big", "text": "x" * 500}).encode(),
             json.dumps({"id": "ru", "text": "Версия для печати"}, ensure_ascii=False).encode(),
             json.dumps({"id": "last", "html": "<p>no newline</p>"}).encode()]
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\n".join(lines))
    return str(path)


def test_lines_by_place_parse_as_the_lines_read(tmp_path):
    """With spans, a plain file's lines come as FileLine: each points at the bytes of its line, and
    parses to what the line itself parses to; a line over the limit and blank lines are as without."""
    from cleaner.inputs import FileLine, RawLine

    path = _lines_file(tmp_path)
    data = open(path, "rb").read()
    raw = list(iter_records([path], raw=True, max_size=300))
    spans = list(iter_records([path], raw=True, spans=True, max_size=300))
    assert [type(item) for item in raw] == [RawLine, RawLine, RawLine, InputError, RawLine, RawLine]
    assert [type(item) for item in spans] == [FileLine, FileLine, FileLine, InputError, FileLine, FileLine]
    for line, place in zip(raw, spans):
        if isinstance(line, RawLine):
            assert data[place.offset : place.offset + place.size] == line.raw
            assert (place.source, place.line) == (line.source, line.line)
            assert place.parse() == line.parse()
        else:
            assert place == line
    assert [item.parse().id for item in spans if isinstance(item, FileLine)] == ["bom", "crlf", None, "ru", "last"]


def test_lines_by_place_only_for_plain_files(tmp_path):
    """A compressed file's lines come whole (they have no place in the file to read them from)."""
    from cleaner.inputs import RawLine

    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"})))
    assert [type(item) for item in iter_records([str(path)], raw=True, spans=True)] == [RawLine, RawLine]


def test_a_line_whose_file_changed_is_an_error_record(tmp_path):
    from cleaner.inputs import FileLine

    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"}))
    first, second = iter_records([str(path)], raw=True, spans=True)
    assert isinstance(second, FileLine)
    path.write_bytes(path.read_bytes()[: second.offset + 3])  # cut inside the second line
    assert second.parse() == InputError(None, str(path), 2, "cannot read: the file changed while it was read")
    assert first.parse().id == "a"


def test_files_read_by_place_stay_open_a_few_at_a_time(tmp_path):
    from cleaner import inputs

    places = []
    for k in range(inputs._MOST_OPEN + 3):
        path = tmp_path / f"in{k}.jsonl"
        path.write_bytes(jsonl({"id": str(k), "text": "one"}))
        places += list(iter_records([str(path)], raw=True, spans=True))
    assert [place.parse().id for place in places] == [str(k) for k in range(inputs._MOST_OPEN + 3)]
    assert len(inputs._OPEN) == inputs._MOST_OPEN


def test_a_line_read_by_place_in_short_reads_comes_whole(tmp_path, monkeypatch):
    """os.pread may return fewer bytes than asked before the file ends: the rest is read on."""
    from cleaner import inputs

    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": "a line longer than one short read"}))
    (place,) = iter_records([str(path)], raw=True, spans=True)
    pread = os.pread
    monkeypatch.setattr(inputs.os, "pread", lambda fd, size, offset: pread(fd, min(size, 7), offset))
    assert place.parse().doc == "a line longer than one short read"


def test_a_file_replaced_at_its_path_is_not_read_through_a_file_kept_open(tmp_path):
    """A worker keeps the files it reads lines from open: a file put in place of another at the same
    path (a rename, as tools write their output) is read as itself, not through the old one's
    descriptor, and a place in the old file, once the old file is gone from that path, is an error
    record."""
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": "one"}))
    (old,) = iter_records([str(path)], raw=True, spans=True)
    assert old.parse().id == "a"  # the old file is now open in this process
    new = tmp_path / "new.jsonl"
    new.write_bytes(jsonl({"id": "b", "text": "two"}))  # as long as the old line
    os.replace(new, path)
    (place,) = iter_records([str(path)], raw=True, spans=True)
    assert place.parse().id == "b"
    from cleaner import inputs

    for fd in inputs._OPEN.values():
        os.close(fd)
    inputs._OPEN.clear()
    assert old.parse() == InputError(None, str(path), 1, "cannot read: the file changed while it was read")
