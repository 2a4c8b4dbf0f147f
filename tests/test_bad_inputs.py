"""Bad input never crashes a run and never loses a record (issue 7).

Each case of the matrix goes through the Python API (``normalize``, ``normalize_batch``) and the
command line (.txt, .html, .jsonl, .jsonl.gz and .warc.gz inputs, with ``-j 1`` and with ``-j 2``,
where JSONL lines are parsed in worker processes), and gives either an article whose text is right
or an error record whose reason says what is wrong. Records in = articles out + errors, and every
output line is valid UTF-8 JSON, one object a line.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass

import pytest

import cleaner
from cleaner.cli import main
from cleaner.inputs import InputError, iter_records
from tests.conftest import BENCH_DATA, DANIEL_DATA, RecordedStream

BODY = "The harbour froze three weeks early, the port’s café owner said on “Monday”."
TEXT = "Harbour freezes early\n\n" + BODY + "\n"
LATIN = "Café crème à la française\n\nLe port a gelé trois semaines plus tôt, a dit le garçon du café.\n"
LIMIT = 64 * 1024  # --max-document-size in the CLI runs, so that a too-large case stays small


def png() -> bytes:
    """A PNG's signature, header chunk and a compressed (so random-looking) image stream."""
    pixels = zlib.compress(random.Random(1).randbytes(3000))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) + pixels


@dataclass(frozen=True)
class Case:
    """A document, and what it must give: an article whose text holds ``text``, or an error
    whose reason starts with ``error``."""

    name: str
    doc: bytes | str
    text: str | None = None
    error: str | None = None


# Whole documents as bytes: a .txt file, or bytes given to normalize().
BYTES_CASES = [
    Case("random-bytes", random.Random(7).randbytes(4000), error="binary data, not text"),
    Case("png", png(), error="binary data, not text"),
    Case("gzip-as-txt", gzip.compress(TEXT.encode("utf-8") * 50), error="binary data, not text"),
    Case("nul-bytes", TEXT.replace("froze", "fro\x00ze").encode("utf-8"), text=BODY),
    Case("utf8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8"), text=BODY),
    Case("utf16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), text=BODY),
    Case("utf16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), text=BODY),
    Case("utf32-bom", TEXT.encode("utf-32"), text=BODY),
    Case("cp1252", TEXT.encode("cp1252"), text=BODY),
    Case("latin-1", LATIN.encode("latin-1"), text="a dit le garçon du café."),
    Case("empty", b"", text=""),
    Case("blank", b" \n\n\t\n", text=""),
    Case("too-large", (TEXT * 2000).encode("utf-8")[:LIMIT + 100], error=f"document too large: {LIMIT + 100:,} bytes"),
]

# Documents as str: a JSONL record's text, or a str given to normalize() or normalize_batch().
STR_CASES = [
    Case("lone-surrogates", TEXT.replace("said on", "said \udc00\ud83d on"), text="owner said \ufffd\ufffd on “Monday”."),
    Case("c0-c1-controls", TEXT.replace("froze", "\x01fro\x1fze\x7f"), text="The harbour froze three weeks early"),
    Case("line-separators", TEXT.replace("early,", "early,\u2028\u2029\x85"), text="The harbour froze three weeks early"),
    Case("nul-in-str", TEXT.replace("froze", "fro\x00ze"), text=BODY),
    Case("binary-str", random.Random(3).randbytes(3000).decode("latin-1"), error="binary data, not text"),
    Case("html-lone-surrogate",
         "<html><body><h1>Quay opens</h1>" + "".join(f"<p>{p}</p>" for p in (
             "The harbour authority said \ud83d on Tuesday that the new quay would open to ships next spring.",
             "Work on the quay took two years, and the first ship is due in April, the authority said.")) + "</body></html>",
         text="the first ship is due in April"),
    # A str is measured in characters; as a JSONL record, in the bytes of its line.
    Case("too-large-str", "x" * (LIMIT + 1), error="document too large: "),
]

# JSONL lines that are not a usable record.
BAD_LINES = [
    (b'{"id": "broken", "text": ', "bad JSON: Expecting value at column 26"),
    (b'["a", "list"]', "record is not a JSON object (got array)"),
    (b'{"id": "n", "text": 42}', "'text' must be a string, not number"),
    (b'{"id": "none"}', "no 'text' or 'html' field"),
    (b'{"id": "latin", "text": "caf\xe9"}', "bad JSON: not UTF-8"),
    (b'{"id": "raw-nul", "text": "a\x00b"}', "bad JSON: Invalid control character at column 29"),
    (b'{"id": "huge", "text": "' + b"x" * LIMIT + b'"}', f"document too large: {LIMIT + 26:,} bytes > limit {LIMIT:,}"),
]


CONFIG = cleaner.Config(max_document_size=LIMIT)


def check_text(text: str, case: Case) -> None:
    assert (case.text in text) if case.text else text == "", case.name


def check_article(line: str, case: Case) -> None:
    """An article's JSON: one line of UTF-8, whose text is the case's."""
    data = line.encode("utf-8")  # strict: raises on a lone surrogate
    assert b"\n" not in data and not any(c.encode() in data for c in "\x85\u2028\u2029")
    assert len(line.splitlines()) == 1
    check_text(json.loads(data)["text"], case)


# --- the Python API -----------------------------------------------------------------------------

@pytest.mark.parametrize("case", BYTES_CASES + STR_CASES, ids=lambda c: c.name)
def test_normalize_gives_the_right_article_or_says_why_not(case):
    html = True if case.name.startswith("html") else None
    if case.error:
        with pytest.raises(cleaner.RejectedDocument, match=f"^{case.error}"):
            cleaner.normalize(case.doc, html=html, config=CONFIG)
    else:
        check_article(cleaner.normalize(case.doc, html=html, config=CONFIG).to_json(), case)


def test_a_lone_surrogate_in_html_no_longer_ends_the_page():
    (case,) = [c for c in STR_CASES if c.name == "html-lone-surrogate"]
    article = cleaner.normalize(case.doc, html=True)
    assert "said \ufffd on Tuesday" in article.text and "due in April" in article.text
    assert "html: 1 lone surrogate replaced by U+FFFD before parsing" in article.warnings


def test_the_size_limit_is_a_config_field_and_0_turns_it_off():
    assert cleaner.Config().max_document_size == 16 * 1024 * 1024
    doc = TEXT * 10
    with pytest.raises(cleaner.RejectedDocument, match=f"^document too large: {len(doc):,} characters > limit 100$"):
        cleaner.normalize(doc, config=cleaner.Config(max_document_size=100))
    assert BODY in cleaner.normalize(doc, config=cleaner.Config(max_document_size=0)).text


def test_normalize_batch_gives_a_row_for_every_row_whatever_its_shape():
    rows = [{"id": c.name, "html" if c.name.startswith("html") else "text": c.doc} for c in STR_CASES]
    rows += [["a", "list"], "a string", None, {"id": "n", "text": 42}]
    out = cleaner.normalize_batch(rows, config=CONFIG)
    assert len(out) == len(rows)
    for case, row in zip(STR_CASES, out):
        if case.error:
            assert row["article"] is None and row["error"].startswith(case.error), case.name
        else:
            assert row["error"] is None, case.name
            check_article(row["article"], case)
    assert [row["error"] for row in out[len(STR_CASES):]] == [
        "row is not a dict of columns (got list)", "row is not a dict of columns (got str)",
        "row is not a dict of columns (got NoneType)", "no string in 'text' or 'html'"]


# --- the readers: sizes before reading -----------------------------------------------------------

def test_a_file_over_the_limit_is_rejected_by_its_size_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "disk.img.txt"
    with open(path, "wb") as sparse:
        sparse.truncate(10 * LIMIT)  # a sparse file: its size on disk is nothing
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("read a file over the limit"))
    (error,) = iter_records([str(path)], max_size=LIMIT)
    assert error == InputError(str(path), str(path), None, f"document too large: {10 * LIMIT:,} bytes > limit {LIMIT:,}")


def test_a_jsonl_line_over_the_limit_is_counted_in_pieces_and_the_next_line_is_read(monkeypatch):
    huge = b'{"text": "' + b"x" * (5 * LIMIT) + b'"}\n'
    stream = RecordedStream(huge + b'{"id": "next", "text": "Quay\\n\\nIt opens."}\n' + huge[:-1])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream))
    first, second, third = iter_records(["-"], max_size=LIMIT)
    assert (first.line, first.error) == (1, f"document too large: {len(huge) - 1:,} bytes > limit {LIMIT:,}")
    assert (second.id, second.line) == ("next", 2)
    assert (third.line, third.error) == (3, first.error)  # the last line has no "\n"
    assert -1 not in stream.sizes and max(stream.sizes) <= max(LIMIT + 1, 1 << 20)


# --- the command line ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    """One input record: the article id it must give (for a case with text), or the place of its
    error record (source, line)."""

    key: str | tuple[str, int | None]
    case: Case


def warc_cases(path) -> list[Expected]:
    """A .warc.gz whose responses are an HTML page, an image, an image that says it is HTML and a
    page with no content type; a WARC article's id is its record id, so it is known by its url."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = ("<html><head><title>Quay opens | Port News</title></head><body><h1>Quay opens</h1>"
            + "".join(f"<p>Paragraph {i}: the harbour authority said the new quay would open to ships next spring,"
                      f" after two years of work.</p>" for i in range(3)) + "</body></html>").encode("utf-8")
    responses = [("https://port.example/quay", "text/html", page, Case("warc-html", page, text="Paragraph 2: the harbour")),
                 ("https://port.example/logo.png", "image/png", png(), Case("warc-png", b"", error="response is image/png, not HTML")),
                 ("https://port.example/fake.html", "text/html", png(), Case("warc-fake", b"", error="binary data, not text")),
                 ("https://port.example/bare", None, page, Case("warc-bare", b"", error="response is of no content type"))]
    expected = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))  # record 1
        for number, (url, kind, body, case) in enumerate(responses, 2):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)] if kind else [], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
            expected.append(Expected(url if case.text else (str(path), number), case))
    return expected


def build_inputs(folder) -> list[Expected]:
    """Every case as an input under ``folder``, and what each record must give, in input order (a
    folder is read in name order). The .jsonl holds more than a chunk of records, so that -j 2
    parses and normalizes them in worker processes."""
    files: dict[str, list[Expected]] = {}
    for case in BYTES_CASES:
        path = folder / f"{case.name}.txt"
        path.write_bytes(case.doc)
        files[path.name] = [Expected(str(path) if case.text is not None else (str(path), None), case)]
    deep = folder / "deep.html"  # nested past libxml2's 255 levels: read without the markup, with a warning
    deep.write_text("<html><body>" + "<div>" * 3000 + f"<p>{BODY}</p>" + "</div>" * 3000 + "</body></html>")
    files[deep.name] = [Expected(str(deep), Case("deep-html", b"", text=BODY))]
    (folder / "png.html").write_bytes(png())
    files["png.html"] = [Expected((str(folder / "png.html"), None), Case("png-html", b"", error="binary data, not text"))]

    path, lines, expected = folder / "records.jsonl", [], []
    for case in STR_CASES:
        field = "html" if case.name.startswith("html") else "text"
        lines.append(json.dumps({"id": case.name, field: case.doc}).encode("ascii"))  # surrogates as "\ud83d"
        expected.append(Expected(case.name if case.text is not None else (str(path), len(lines)), case))
    for line, error in BAD_LINES:
        lines.append(line)
        expected.append(Expected((str(path), len(lines)), Case("bad-line", line, error=error)))
    while len(lines) < 80:
        lines.append(json.dumps({"id": f"fill-{len(lines)}", "text": TEXT}).encode("ascii"))
        expected.append(Expected(f"fill-{len(lines) - 1}", Case("fill", TEXT, text=BODY)))
    path.write_bytes(b"\n".join(lines) + b"\n")
    files[path.name] = expected
    (folder / "zz-empty.jsonl").write_bytes(b"")  # no records: nothing in, nothing out
    files["crawl.warc.gz"] = warc_cases(folder / "crawl.warc.gz")
    return [e for name in sorted(files) for e in files[name]]


def truncated_gzip(folder) -> None:
    """A .jsonl.gz cut short: the records before the damage, then one error record."""
    records = b"".join(json.dumps({"id": f"cut-{i}", "text": TEXT}).encode() + b"\n" for i in range(1, 200))
    (folder / "truncated.jsonl.gz").write_bytes(gzip.compress(records)[:-200])


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """The matrix's folder, run once with -j 1 and once with -j 2: (expected, {workers: run})."""
    pytest.importorskip("warcio")
    folder = tmp_path_factory.mktemp("bad") / "in"
    folder.mkdir()
    expected = build_inputs(folder)
    truncated_gzip(folder)
    runs = {}
    for workers in ("1", "2"):
        out, errors = folder.parent / f"out-{workers}.jsonl", folder.parent / f"errors-{workers}.jsonl"
        done = subprocess.run([sys.executable, "-m", "cleaner", "normalize", str(folder), "-o", str(out),
                               "--errors", str(errors), "-j", workers, "--max-document-size", "64K"],
                              capture_output=True, timeout=300)
        runs[workers] = (done, out.read_bytes(), errors.read_bytes())
    return folder, expected, runs


def output_lines(data: bytes) -> list[dict]:
    """Each line of an output file as JSON; the file must be UTF-8 and one object a line."""
    text = data.decode("utf-8")  # strict
    assert text.endswith("\n") and "\u2028" not in text and "\u2029" not in text
    return [json.loads(line) for line in text[:-1].split("\n")]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_cli_gives_every_record_an_article_or_an_error_record(cli_runs, workers):
    folder, expected, runs = cli_runs
    done, out, errors = runs[workers]
    assert done.returncode == 1 and done.stdout == b"" and b"Traceback" not in done.stderr
    articles, error_records = output_lines(out), output_lines(errors)

    # The truncated .jsonl.gz: its first records, then one error where the damage starts.
    cut_source = str(folder / "truncated.jsonl.gz")
    cut = [a for a in articles if a["id"].startswith("cut-")]
    assert 0 < len(cut) < 199 and [a["id"] for a in cut] == [f"cut-{i}" for i in range(1, len(cut) + 1)]
    (cut_error,) = [e for e in error_records if e["source"] == cut_source]
    assert cut_error["line"] == len(cut) + 1 and cut_error["error"].startswith("truncated or corrupt gzip")

    wanted_articles = [e for e in expected if e.case.text is not None]
    wanted_errors = [e for e in expected if e.case.error]
    assert len(articles) + len(error_records) == len(expected) + len(cut) + 1  # in = out + errors
    assert f"cleaner: {len(expected) + len(cut) + 1} documents, {len(articles)} articles" in done.stderr.decode()

    others = [a for a in articles if a not in cut]
    assert [a["id"] if a["url"] is None else a["url"] for a in others] == [e.key for e in wanted_articles]
    for article, wanted in zip(others, wanted_articles):
        check_text(article["text"], wanted.case)

    places = [(e["source"], e["line"]) for e in error_records if e["source"] != cut_source]
    assert places == [e.key for e in wanted_errors]
    for record, wanted in zip([e for e in error_records if e["source"] != cut_source], wanted_errors):
        assert set(record) == {"id", "source", "line", "error"}
        assert record["error"].startswith(wanted.case.error), (wanted.case.name, record["error"])


def test_workers_give_the_same_bytes_as_one_process(cli_runs):
    _, _, runs = cli_runs
    assert runs["1"][1:] == runs["2"][1:]


def test_the_size_option_takes_units_and_refuses_nonsense(capsys):
    for bad in ("lots", "-1", "12X"):
        with pytest.raises(SystemExit) as exit_:
            main(["normalize", "--max-document-size", bad, "-"])
        assert exit_.value.code == 2 and "--max-document-size" in capsys.readouterr().err


# --- cleaner check ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "finding"), [
    ("random.txt", random.Random(7).randbytes(2000), "CL901 not UTF-8"),
    ("latin.txt", LATIN.encode("latin-1"), "CL901 not UTF-8: byte 0xe9"),
    ("utf16.txt", TEXT.encode("utf-16"), "CL901 not UTF-8: byte 0xff"),
    ("controls.txt", bytes(range(1, 32)) * 20, "CL901 binary data, not text"),  # valid UTF-8, still binary
    ("broken.jsonl", b'{"text": "fine"}\n{"text": \n', "CL902 not a JSON object"),
    ("list.jsonl", b'["a", "list"]\n', "CL902 not a JSON object but a JSON list"),
    ("number.jsonl", b'{"text": 42}\n', "CL903 the 'text' field holds a int"),
])
def test_check_reports_an_unreadable_file_or_record_and_never_rewrites_it(tmp_path, capsys, name, data, finding):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["check", "--fix", str(path)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert f" {finding}" in line and line.endswith("[input]")
    assert path.read_bytes() == data


def test_check_fix_writes_a_lone_surrogate_it_was_not_asked_to_fix_as_its_escape(tmp_path, capsys):
    path = tmp_path / "surrogate.jsonl"
    path.write_bytes('{"id": 1, "text": "Café \\ud83d &amp; more"}\n'.encode("utf-8"))
    assert main(["check", "--fix", "--ignore", "CL201", str(path)]) == 0
    assert path.read_bytes() == '{"id": 1, "text": "Café \\ud83d & more"}\n'.encode("utf-8")


def test_a_short_text_with_a_control_character_is_text_not_binary():
    # Two control characters in 21 are 10%, as in random bytes, but too few to judge by.
    article = cleaner.normalize("Harbour\x00 opens\x01 today")
    assert [article.title, article.text] == ["Harbour opens today", ""]  # a one-line page: its headline
    with pytest.raises(cleaner.RejectedDocument, match="binary data, not text: 8 control characters"):
        cleaner.normalize("Harbour" + "\x01" * 8 + " opens today")


@pytest.mark.skipif(not (BENCH_DATA.exists() and DANIEL_DATA.exists()), reason="needs ../shared/bench")
def test_every_bench_document_with_a_unicode_line_break_gives_one_line_of_json():
    """The dev sets' documents holding U+0085, U+2028 or U+2029 (44 of their dumps and pages):
    each article is one line for str.splitlines(), as for a split on "\\n"."""
    from bench.run import load_records

    seen = 0
    for path in (BENCH_DATA, DANIEL_DATA):
        for record in load_records(path):
            for kind, text in record.dumps.items():
                if any(c in text for c in "\x85\u2028\u2029"):
                    line = cleaner.normalize(text, url=record.url).to_json()
                    assert line.splitlines() == [line], f"{record.id} {kind}"
                    seen += 1
    assert seen >= 40
