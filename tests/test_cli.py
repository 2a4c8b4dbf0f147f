"""The command line as a data engineer runs it: streams, error records, exit codes, summary.

End-to-end runs go through ``python -m cleaner`` in a subprocess; the rest call ``main()`` in
process, with the library monkeypatched where a test needs it to fail or to count calls.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pytest

import cleaner.batch
import cleaner.cli
from cleaner.cli import main
from conftest import SEEDS

DOC = "Headline here\n\nBy Jane Doe\n\nA first paragraph of the article that is long enough to be body text.\n"
DOC2 = "Harbour freezes early this winter\n\nBy Jane Doe\n\nThe harbour froze three weeks early, the port said.\n"


def run(*args, stdin: str = "", cwd=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=stdin.encode("utf-8"),
                          capture_output=True, cwd=cwd, timeout=120)


def lines(data: bytes | str) -> list[dict]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [json.loads(line) for line in text.splitlines()]


def error_records(stderr: bytes | str) -> list[dict]:
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# --- end to end -------------------------------------------------------------------------------

def test_stdin_jsonl_gives_articles_in_order_and_error_records_for_bad_lines():
    stdin = jsonl(
        {"id": "a", "url": "https://example.org/a", "text": DOC},
        "{not json",
        {"id": "c"},
        "",
        ["a", "list"],
        {"id": 5, "text": 42},
        {"id": 6, "text": DOC2},
    )
    done = run("normalize", stdin=stdin)
    assert done.returncode == 1
    articles = lines(done.stdout)
    assert [(a["id"], a["url"]) for a in articles] == [("a", "https://example.org/a"), ("6", None)]
    assert "A first paragraph of the article" in articles[0]["text"] and "harbour froze" in articles[1]["text"]
    errors = error_records(done.stderr)
    assert [(e["id"], e["source"], e["line"]) for e in errors] == [
        (None, "<stdin>", 2), ("c", "<stdin>", 3), (None, "<stdin>", 5), ("5", "<stdin>", 6)]
    assert [e["error"] for e in errors] == [
        "bad JSON: Expecting property name enclosed in double quotes at column 2",
        "no 'text' or 'html' field",
        "record is not a JSON object (got array)",
        "'text' must be a string, not number",
    ]
    summary = done.stderr.decode().splitlines()[-1]
    assert summary.startswith("cleaner: 6 documents, 2 articles, 4 errors, ") and summary.endswith(" s")


def test_a_folder_with_output_and_errors_files(tmp_path):
    folder = tmp_path / "scrapes"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text(DOC, encoding="utf-8")
    (folder / "sub" / "a.txt").write_bytes(DOC2.replace("early", "early’s").encode("cp1252"))
    (folder / "skip.csv").write_text("ignored", encoding="utf-8")
    with gzip.open(folder / "c.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(jsonl({"id": "gz-1", "text": DOC}, "{broken"))
    out, errs = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    done = run("normalize", folder, "-o", out, "--errors", errs, "--quiet")
    assert (done.returncode, done.stdout, done.stderr) == (1, b"", b"")
    articles = lines(out.read_bytes())
    assert [a["id"] for a in articles] == [str(folder / "b.txt"), "gz-1", str(folder / "sub" / "a.txt")]
    assert "early’s" in articles[2]["text"]  # the bytes went to normalize, which decoded cp1252
    assert b"\r\n" not in out.read_bytes()
    assert [(e["id"], e["source"], e["line"]) for e in lines(errs.read_bytes())] == [(None, str(folder / "c.jsonl.gz"), 2)]


def test_the_summary_counts_the_files_a_folder_walk_skipped_and_verbose_names_them(tmp_path):
    folder = tmp_path / "scrapes"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    for name in ("notes.md", "todo.md", "README"):
        (folder / name).write_text("not a scrape", encoding="utf-8")
    done = run("normalize", folder)
    assert done.returncode == 0 and len(lines(done.stdout)) == 1
    summary = done.stderr.decode().splitlines()[-1]
    assert summary.startswith("cleaner: 1 document, 1 article, 0 errors, ")
    assert summary.endswith("; 3 files skipped: .md 2, no suffix 1 (--verbose names them)")
    err = run("normalize", folder, "--verbose").stderr.decode()
    assert f"cleaner: skipped {folder / 'README'}: not a .txt" in err and "(--verbose names them)" not in err
    assert run("normalize", folder, "-o", tmp_path / "out.jsonl").stderr.decode().count("skipped") == 1


PAGE = "Harbour freezes early | Daily Post\n\nHome\n\n" + DOC2 + "\nShare this article\n"


def test_a_page_piped_to_standard_input_is_one_document_and_stderr_says_so():
    done = run("normalize", "-", stdin=PAGE)
    assert done.returncode == 0, done.stderr
    [article] = lines(done.stdout)
    assert article["id"] == "<stdin>" and article["text"].startswith("The harbour froze three weeks early")
    assert b"cleaner: standard input does not start with a JSON object: read as one document" in done.stderr
    assert lines(run("normalize", stdin=PAGE).stdout)[0]["text"] == article["text"]  # no INPUT is "-"


@pytest.mark.parametrize(("stdin", "fmt", "ids"), [
    ("\n\n" + jsonl({"id": "a", "text": DOC}, {"id": "b", "text": DOC2}), "auto", ["a", "b"]),  # blank lines first
    ("\ufeff" + jsonl({"id": "a", "text": DOC}), "auto", ["a"]),  # a byte-order mark first
    (jsonl({"id": "a", "text": DOC}), "text", ["<stdin>"]),  # JSON read as the text of one document
    (PAGE, "text", ["<stdin>"]),
    ("", "auto", []),
])
def test_input_format_says_how_standard_input_is_read(stdin, fmt, ids):
    done = run("normalize", "--input-format", fmt, stdin=stdin)
    assert [a["id"] for a in lines(done.stdout)] == ids, done.stderr
    assert (b"read as one document" in done.stderr) is False  # only auto guessing says so


def test_input_format_jsonl_reads_a_page_as_bad_json_lines():
    done = run("normalize", "--input-format", "jsonl", stdin=PAGE)
    assert done.returncode == 1 and done.stdout == b""
    assert {json.loads(line)["error"].split(":")[0] for line in done.stderr.decode().splitlines() if line.startswith("{")} == {"bad JSON"}


def test_output_inside_the_input_folder_is_not_read_back(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text("left over from an earlier run\n", encoding="utf-8")
    done = run("normalize", tmp_path, "-o", tmp_path / "articles.jsonl")
    assert done.returncode == 0, done.stderr
    assert [a["id"] for a in lines((tmp_path / "articles.jsonl").read_bytes())] == [str(tmp_path / "a.txt")]


def test_a_truncated_gzip_gives_an_error_record_not_a_crash(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    docs = [{"id": str(i), "text": DOC.replace("Headline", f"Headline {i}") + "word " * 40} for i in range(300)]
    path.write_bytes(gzip.compress(jsonl(*docs).encode("utf-8"))[:-100])
    done = run("normalize", path)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    articles, errors = lines(done.stdout), error_records(done.stderr)
    assert [a["id"] for a in articles] == [str(i) for i in range(len(articles))]
    assert len(errors) == 1 and (errors[0]["source"], errors[0]["line"]) == (str(path), len(articles) + 1)
    assert errors[0]["error"].startswith("truncated or corrupt gzip")
    assert f"cleaner: {len(articles) + 1} documents, {len(articles)} articles, 1 error, " in done.stderr.decode()


def test_a_file_id_is_the_path_as_given(repo):
    relative = str(SEEDS[0].relative_to(repo))
    done = run("normalize", relative, cwd=repo)
    assert done.returncode == 0
    assert lines(done.stdout)[0]["id"] == relative
    assert done.stderr.decode().startswith("cleaner: 1 document, 1 article, 0 errors, ")


def test_a_missing_input_is_a_usage_error_and_nothing_is_processed(tmp_path):
    (tmp_path / "ok.txt").write_text(DOC, encoding="utf-8")
    done = run("normalize", tmp_path / "ok.txt", "no/such/file.txt", "-o", tmp_path / "out.jsonl")
    assert done.returncode == 2 and done.stdout == b""
    assert b"no such file or folder: no/such/file.txt" in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_version_and_help_examples():
    assert run("--version").stdout.decode().strip() == f"cleaner {cleaner.__version__}"
    for args in ([], ["normalize"]):
        help_text = run(*args, "--help").stdout.decode()
        for example in ("cleaner normalize scrape.txt", "cleaner normalize scrapes/ -o articles.jsonl --errors errors.jsonl",
                        "zcat dump.jsonl.gz | cleaner normalize - > articles.jsonl", "cleaner rules test my-rules/"):
            assert example in help_text


def test_an_article_that_cannot_be_written_as_utf8_is_an_error_record():
    stdin = jsonl('{"id": "bad\\ud800", "text": "A headline for a page\\n\\nBody text, he said."}', {"id": "ok", "text": DOC})
    done = run("normalize", stdin=stdin)
    assert done.returncode == 1
    assert [a["id"] for a in lines(done.stdout)] == ["ok"]
    (error,) = error_records(done.stderr)
    assert (error["id"], error["line"]) == ("bad\ud800", 1) and "surrogates not allowed" in error["error"]


# --- rules ------------------------------------------------------------------------------------

RULE_FILE = ('[site]\ndomains = ["example.org"]\n[rules.promo]\nkind = "drop"\ntext = "Buy now"\n'
             '[[examples]]\nrule = "promo"\ninput = "Buy now\\nA line that stays, he said."\nremoved = ["Buy now"]\n'
             '[[examples]]\nrule = "promo"\ninput = "Keep me"\nremoved = ["Keep me"]\n')


def test_rules_list_shows_id_kind_file_origin_and_overrides(tmp_path):
    listing = run("rules", "list").stdout.decode()
    assert "defense.gov/header\tcut-before\t" in listing and "\tbuilt-in" in listing
    (tmp_path / "defense.gov.toml").write_text('[site]\ndomains = ["defense.gov"]\n[rules.mine]\nkind = "drop"\ntext = "x"\n')
    listing = run("rules", "list", "--rules", tmp_path).stdout.decode().splitlines()
    header = next(line for line in listing if line.startswith("defense.gov/header\t"))
    assert header.endswith(f"\toverridden by {tmp_path / 'defense.gov.toml'}")
    mine = next(line for line in listing if line.startswith("defense.gov/mine\t"))
    assert mine.split("\t") == ["defense.gov/mine", "drop", str(tmp_path / "defense.gov.toml"), "--rules"]
    assert not any(line.startswith("defense.gov/html\t") for line in listing)
    (tmp_path / "defense.gov.toml").write_text('[site]\ndomains = ["defense.gov"]\n[html]\ndrop = ["aside"]\n')
    listing = run("rules", "list", "--rules", tmp_path).stdout.decode().splitlines()
    html = next(line for line in listing if line.startswith("defense.gov/html\t"))
    assert html.split("\t") == ["defense.gov/html", "html", str(tmp_path / "defense.gov.toml"), "--rules"]


def test_rules_test_reports_failing_examples(tmp_path):
    (tmp_path / "example.org.toml").write_text(RULE_FILE, encoding="utf-8")
    done = run("rules", "test", tmp_path)
    assert done.returncode == 1
    out = done.stdout.decode().splitlines()
    assert out[-1] == "1 passed, 1 failed"
    assert out[0] == f"{tmp_path / 'example.org.toml'}: example 2 (example.org/promo): expected removed: 'Keep me'"
    everything = run("rules", "test")
    assert everything.returncode == 0 and everything.stdout.decode().splitlines()[-1].endswith(" passed, 0 failed")


def test_rules_test_of_a_path_with_no_rule_files_is_not_a_pass(tmp_path):
    done = run("rules", "test", tmp_path)
    assert done.returncode == 1 and b"no loaded rule file here" in done.stderr


@pytest.mark.parametrize(("body", "named"), [
    ('[site]\ndomains = ["bad.example"]\n[rules.x]\nkind = "drop"\npattern = "("\n', ("rule 'x'", "key 'pattern'", "bad regex")),
    ('[rules.x]\nkind = "drop"\ntext = "X"\ncolour = "red"\n', ("rule 'x'", "key 'colour'", "unknown")),
    ('[rules.x\nkind = ', ("cannot read rule file",)),
])
def test_a_broken_rule_file_is_an_error_before_any_input_is_read(tmp_path, body, named):
    (tmp_path / "bad.example.toml").write_text(body)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "1", "text": DOC}) + "\n")
    out = tmp_path / "out.jsonl"
    done = run("normalize", "--rules", tmp_path, source, "-o", out)
    assert done.returncode == 2 and not out.exists()
    error = next(line for line in done.stderr.decode().splitlines() if "bad.example.toml" in line)
    assert error.startswith("cleaner: error: ") and all(part in error for part in named), error
    assert run("check", "--rules", tmp_path, source).returncode == 2
    listed = run("rules", "list", "--rules", tmp_path)  # the diagnostic commands report and go on
    assert listed.returncode == 1 and b"cleaner: warning: " in listed.stderr and b"generic/" in listed.stdout
    assert run("rules", "test", tmp_path).returncode == 1  # a load problem fails the test run


def test_a_rules_path_that_is_not_there_is_an_error(tmp_path):
    done = run("normalize", "--rules", tmp_path / "no-such-rules", stdin=json.dumps({"id": "1", "text": DOC}))
    assert done.returncode == 2 and done.stdout == b""
    assert b"no-such-rules: no such file or folder (--rules)" in done.stderr


def test_rules_takes_a_single_rule_file(tmp_path):
    rule_file = tmp_path / "example.org.toml"
    rule_file.write_text('[site]\ndomains = ["example.org"]\n[rules.promo]\nkind = "drop"\ntext = "Buy now"\n')
    record = {"id": "1", "url": "https://example.org/a", "text": DOC + "\n\nBuy now"}
    done = run("normalize", "--rules", rule_file, stdin=json.dumps(record))
    assert done.returncode == 0, done.stderr
    assert {"line": DOC.count("\n") + 3, "text": "Buy now", "rule": "example.org/promo"} in lines(done.stdout)[0]["removed"]


# --- in process -------------------------------------------------------------------------------

@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    return feed


def test_normalize_raising_gives_an_error_record_and_the_run_goes_on(stdin, monkeypatch, capsys):
    real = cleaner.batch.normalize

    def fussy(doc, **kwargs):
        if "poison" in doc:
            raise ValueError("unsupported input")
        return real(doc, **kwargs)

    monkeypatch.setattr(cleaner.batch, "normalize", fussy)
    stdin(jsonl({"id": "1", "text": DOC}, {"id": "2", "text": "poison " + DOC}, {"id": "3", "text": DOC2}))
    assert main(["normalize"]) == 1
    out, err = capsys.readouterr()
    assert [a["id"] for a in lines(out)] == ["1", "3"]
    assert error_records(err) == [{"id": "2", "source": "<stdin>", "line": 2, "error": "ValueError: unsupported input"}]
    assert "cleaner: 3 documents, 2 articles, 1 error, " in err


def test_the_rule_book_is_loaded_once_per_run_with_the_rules_dirs(tmp_path, stdin, monkeypatch, capsys):
    calls = []
    real = cleaner.cli.load_rulebook

    def counting(*args, **kwargs):
        calls.append((args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(cleaner.cli, "load_rulebook", counting)
    (tmp_path / "b").mkdir()
    stdin(jsonl(*({"id": str(i), "text": DOC} for i in range(3))))
    assert main(["normalize", "--rules", str(tmp_path), "--rules", str(tmp_path / "b"), "--quiet"]) == 0
    assert calls == [((), {"extra_dirs": [str(tmp_path), str(tmp_path / "b")], "keep_going": False})]
    out, err = capsys.readouterr()
    assert len(lines(out)) == 3 and err == ""


def test_site_is_passed_on_and_an_unknown_site_is_a_usage_error(stdin, capsys):
    stdin(jsonl({"id": "1", "text": DOC}))
    assert main(["normalize", "--site", "defense.gov", "-q"]) == 0
    assert lines(capsys.readouterr().out)[0]["site"] == "defense.gov"
    with pytest.raises(SystemExit) as exit_:
        main(["normalize", "--site", "defense.gvo"])
    assert exit_.value.code == 2 and "--site defense.gvo: no such site rule file" in capsys.readouterr().err


def test_writing_over_an_input_file_is_refused(tmp_path, capsys):
    source = tmp_path / "dump.jsonl"
    source.write_text(jsonl({"id": "1", "text": DOC}), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["normalize", str(source), "-o", str(source)])
    assert exit_.value.code == 2 and "is also an input file" in capsys.readouterr().err
    assert lines(source.read_text(encoding="utf-8")) == [{"id": "1", "text": DOC}]


def test_an_unsupported_input_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "dump.json").write_text("[]")
    with pytest.raises(SystemExit) as exit_:
        main(["normalize", str(tmp_path / "dump.json")])
    assert exit_.value.code == 2 and "dump.json: not a .txt" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_only_on_a_terminal_and_error_records_go_above_it():
    assert cleaner.cli._progress(io.StringIO(), quiet=False) is None  # a pipe or a log file
    terminal = _Terminal()
    assert cleaner.cli._progress(terminal, quiet=True) is None
    bar = cleaner.cli._progress(terminal, quiet=False)
    from cleaner.inputs import InputError

    results = ['{"id": "1"}\n', InputError("2", "<stdin>", 2, "bad JSON"), '{"id": "3"}\n']
    out = io.StringIO()
    assert cleaner.cli._write(iter(results), out, terminal, False, bar) == (2, 1)
    assert out.getvalue() == '{"id": "1"}\n{"id": "3"}\n'
    shown = terminal.getvalue()
    # the bar is cleared from its line, the record written, the bar drawn again below it
    assert '\r{"id": "2", "source": "<stdin>", "line": 2, "error": "bad JSON"}\n' in shown
    assert bar.n == 3
