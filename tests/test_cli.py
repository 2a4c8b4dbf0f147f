"""The command line as a data engineer runs it: streams, error records, exit codes, summary."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from cleaner.inputs import InputError, Record, iter_records, parse_record
from conftest import SEEDS

DOC = "Harbour freezes early this winter\n\nBy Jane Doe\n\nThe harbour froze three weeks early this winter, the port authority said on Monday.\n"


def run(*args, stdin: str = "", cwd=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin.encode("utf-8"),
                          capture_output=True, cwd=cwd)


def lines(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_stdin_jsonl_gives_articles_in_order_and_error_records_for_bad_lines():
    stdin = "\n".join([
        json.dumps({"id": "a", "url": "https://example.org/a", "text": DOC}),
        "{not json",
        json.dumps({"id": "c"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": 5, "text": 42}),
        json.dumps({"id": 6, "text": DOC.replace("Jane Doe", "John Roe")}),
    ])
    done = run("normalize", stdin=stdin)
    assert done.returncode == 1
    articles = lines(done.stdout)
    assert [a["id"] for a in articles] == ["a", "6"]
    assert articles[0]["authors"] == ["Jane Doe"] and articles[1]["authors"] == ["John Roe"]
    assert articles[0]["url"] == "https://example.org/a"
    err_lines = done.stderr.decode().splitlines()
    errors = [json.loads(line) for line in err_lines if line.startswith("{")]
    assert [(e["id"], e["source"], e["line"]) for e in errors] == [
        (None, "<stdin>", 2), ("c", "<stdin>", 3), (None, "<stdin>", 5), ("5", "<stdin>", 6)]
    assert errors[0]["error"].startswith("bad JSON")
    assert errors[1]["error"] == "no 'text' or 'html' field"
    assert errors[2]["error"] == "record is not a JSON object (got list)"
    assert errors[3]["error"] == "'text' must be a string, not int"
    summary = err_lines[-1]
    assert summary.startswith("cleaner: 6 documents, 2 articles, 4 errors, ")  # in = out + errors


def test_files_folders_output_and_errors_files(tmp_path):
    folder = tmp_path / "scrapes"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text(DOC, encoding="utf-8")
    (folder / "sub" / "a.txt").write_bytes(DOC.replace("early", "early’s").encode("cp1252"))
    (folder / "skip.csv").write_text("ignored", encoding="utf-8")
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "gz-1", "text": DOC}) + "\n" + "{broken\n")
    out, errs = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = run("normalize", str(folder), "-o", str(out), "--errors", str(errs), "--quiet")
    assert done.returncode == 1 and done.stdout == b"" and done.stderr == b""
    assert [a["id"] for a in lines(out.read_bytes())] == [str(folder / "b.txt"), "gz-1", str(folder / "sub" / "a.txt")]
    assert [(e["source"], e["line"]) for e in lines(errs.read_bytes())] == [(str(folder / "c.jsonl.gz"), 2)]


def test_truncated_gzip_gives_an_error_record_not_a_crash(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    payload = "".join(json.dumps({"id": str(i), "text": DOC}) + "\n" for i in range(200))
    path.write_bytes(gzip.compress(payload.encode("utf-8"))[:-40])
    done = run("normalize", str(path))
    assert done.returncode == 1
    errors = [json.loads(line) for line in done.stderr.decode().splitlines() if line.startswith("{")]
    assert len(errors) == 1 and errors[0]["error"].startswith("truncated or corrupt gzip")
    assert len(lines(done.stdout)) + len(errors) >= 1


def test_seed_file_id_is_the_path_as_given(repo):
    relative = str(SEEDS[0].relative_to(repo))
    done = run("normalize", relative, cwd=repo)
    assert done.returncode == 0
    assert lines(done.stdout)[0]["id"] == relative


def test_missing_input_is_a_usage_error():
    done = run("normalize", "no/such/file.txt")
    assert done.returncode == 2 and b"no such file or folder" in done.stderr and done.stdout == b""


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("cleaner 0.")
    assert b"cleaner normalize scrapes/ -o articles.jsonl" in run("normalize", "--help").stdout


def test_rules_list_and_test(tmp_path):
    listing = run("rules", "list").stdout.decode()
    assert "defense.gov/header\tcut-before\t" in listing and "\tbuilt-in" in listing
    (tmp_path / "example.org.toml").write_text(
        '[site]\ndomains = ["example.org"]\n[rules.promo]\nkind = "drop"\ntext = "Buy now"\n'
        '[[examples]]\nrule = "promo"\ninput = "Buy now\\nA line that stays, he said."\nremoved = ["Buy now"]\n'
        '[[examples]]\nrule = "promo"\ninput = "Keep me"\nremoved = ["Keep me"]\n', encoding="utf-8")
    done = run("rules", "test", str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[-1] == "1 passed, 1 failed"
    assert "example 2 (example.org/promo): expected removed: 'Keep me'" in done.stdout.decode()
    assert run("rules", "test").stdout.decode().splitlines()[-1].endswith(" passed, 0 failed")


def test_a_broken_rule_file_is_reported_and_the_run_goes_on(tmp_path):
    (tmp_path / "bad.example.toml").write_text('[site]\ndomains = ["bad.example"]\n[rules.x]\nkind = "drop"\npattern = "("\n')
    done = run("normalize", "--rules", str(tmp_path), stdin=json.dumps({"id": "1", "text": DOC}))
    assert done.returncode == 0 and len(lines(done.stdout)) == 1
    assert "bad.example.toml: rule 'x': key 'pattern': bad regex" in done.stderr.decode()


def test_parse_record_shapes():
    assert parse_record(b'{"id": 7, "url": "u", "html": "<p>x</p>"}', "f", 1) == Record("7", "u", "<p>x</p>", True, "f", 1)
    assert parse_record(b'{"text": "x"}', "f", 2) == Record(None, None, "x", None, "f", 2)
    assert isinstance(parse_record(b'"just a string"', "f", 3), InputError)
    assert parse_record(b'{"id": "a", "url": 3, "text": "x"}', "f", 4).error == "'url' must be a string, not int"


def test_iter_records_of_a_plain_file_reads_bytes(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><body><p>x</p></body></html>")
    (record,) = iter_records([str(path)])
    assert record == Record(str(path), None, b"<html><body><p>x</p></body></html>", True, str(path), None)


@pytest.mark.parametrize("record", ['{"id": "x", "text": null}', '{"id": true, "text": "x"}'])
def test_records_of_the_wrong_shape_are_errors(record):
    assert isinstance(parse_record(record, "f", 1), InputError)


def test_a_record_that_cannot_be_written_as_utf8_is_an_error_record_not_a_crash():
    stdin = '{"id": "bad\\ud800", "text": "A headline for a page\\n\\nBody text, he said."}\n' + json.dumps({"id": "ok", "text": DOC})
    done = run("normalize", stdin=stdin)
    assert done.returncode == 1
    assert [a["id"] for a in lines(done.stdout)] == ["ok"]
    error = json.loads(done.stderr.decode().splitlines()[0])
    assert (error["id"], error["line"]) == ("bad\ud800", 1) and "surrogates not allowed" in error["error"]
