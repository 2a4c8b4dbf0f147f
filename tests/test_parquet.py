"""Parquet in (named columns) and out (a column per article field)."""

from __future__ import annotations

import json

import pytest

from cleaner.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

DOC = ("Quay opens after two years\nBy Ann Lee\nThe harbour authority said on Tuesday that the new quay would"
       " open to ships next spring, after two years of building work.\nShare this article")


def test_parquet_rows_are_records_read_from_the_named_columns(tmp_path, capsys):
    path = tmp_path / "pages.parquet"
    pq.write_table(pa.table({"key": [10, 11, 12], "link": ["https://portnews.example/a", None, None],
                             "page": [DOC, None, DOC.replace("Ann Lee", "Bo Chan")]}), path)
    assert main(["normalize", "--id-column", "key", "--text-column", "page", "--url-column", "link", str(path)]) == 1
    out, err = capsys.readouterr()
    articles = [json.loads(line) for line in out.splitlines()]
    assert [(a["id"], a["url"], a["authors"]) for a in articles] == [
        ("10", "https://portnews.example/a", ["Ann Lee"]), ("12", None, ["Bo Chan"])]
    [error] = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert error == {"id": "11", "source": str(path), "line": 2, "error": "no string in 'page' or 'html'"}


def test_articles_written_as_parquet_hold_what_the_json_lines_hold(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": str(i), "text": DOC}) for i in range(3)) + "\n", encoding="utf-8")
    assert main(["normalize", str(source)]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    out = tmp_path / "articles.parquet"
    assert main(["normalize", str(source), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.column_names == list(expected[0])
    assert table.schema.field("authors").type == pa.list_(pa.string())
    rows = table.to_pylist()
    for row in rows:
        row["removed"], row["fixes"] = json.loads(row["removed"]), json.loads(row["fixes"])
    assert rows == expected
    assert rows[0]["removed"][-1]["text"] == "Share this article"


def test_parquet_output_needs_a_file(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["normalize", "--format", "parquet", "x.jsonl"])
    assert exit_info.value.code == 2
    assert "--format parquet needs -o FILE" in capsys.readouterr().err


def test_a_parquet_file_without_the_document_column_is_one_usage_error_naming_its_columns(tmp_path, capsys):
    path = tmp_path / "pages.parquet"
    pq.write_table(pa.table({"key": [1, 2, 3], "body": [DOC] * 3}), path)
    for given in ([str(path)], [str(tmp_path)]):  # named, or found in a folder
        with pytest.raises(SystemExit) as exit_info:
            main(["normalize", *given])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "pages.parquet: no column 'text' or 'html' (its columns: key, body)" in err
        assert "--text-column" in err and not err.lstrip().startswith("{")
    assert main(["normalize", "--text-column", "body", "-q", str(path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_iter_records_gives_one_error_for_a_parquet_file_without_the_document_column(tmp_path):
    from cleaner.inputs import InputError, iter_records

    path = tmp_path / "pages.parquet"
    pq.write_table(pa.table({"key": [1, 2, 3], "body": [DOC] * 3}), path)
    [error] = list(iter_records([str(path)]))
    assert isinstance(error, InputError) and "its columns: key, body" in error.error
