"""WARC input: response records with HTML are documents; the rest is accounted for."""

from __future__ import annotations

import io
import json

import pytest

from cleaner.cli import main
from cleaner.inputs import InputError, Record, iter_records

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

PAGE = ("<html><head><title>Quay opens | Port News</title></head><body><h1>The new quay opens in spring</h1>"
        + "".join(f"<p>Paragraph {i}: the harbour authority said the new quay would open to ships next spring,"
                  f" after two years of building work and many delays.</p>" for i in range(4))
        + "</body></html>").encode("utf-8")


def write_warc(path, gz: bool = True) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
        request = writer.create_warc_record("https://portnews.example/quay", "request",
                                            payload=io.BytesIO(b"GET /quay HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        for url, kind, body in (("https://portnews.example/quay", "text/html; charset=utf-8", PAGE),
                                ("https://portnews.example/logo.png", "image/png", b"\x89PNG\r\n")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_a_warcs_html_responses_are_documents_and_other_responses_error_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = list(iter_records([str(path)]))
    assert [type(i) for i in items] == [Record, InputError]
    page, image = items
    assert (page.url, page.html, page.line, page.doc) == ("https://portnews.example/quay", True, 3, PAGE)
    assert page.id.startswith("<urn:uuid:")
    assert (image.line, image.error) == (4, "response is image/png, not HTML")


def test_normalize_reads_a_warc_and_counts_every_response(tmp_path, capsys):
    path = tmp_path / "crawl.warc"
    write_warc(path, gz=False)
    assert main(["normalize", str(path)]) == 1  # the image is an error record
    out, err = capsys.readouterr()
    [article] = [json.loads(line) for line in out.splitlines()]
    assert article["url"] == "https://portnews.example/quay"
    assert article["title"] == "The new quay opens in spring"
    assert article["text"].startswith("Paragraph 0: the harbour authority said")
    assert "cleaner: 2 documents, 1 article, 1 error" in err


def test_a_truncated_warc_gz_keeps_the_records_before_the_damage(tmp_path):
    whole = tmp_path / "crawl.warc.gz"
    write_warc(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 40])
    items = list(iter_records([str(cut)]))
    assert isinstance(items[0], Record)
    assert isinstance(items[-1], InputError) and "truncated or corrupt WARC" in items[-1].error
