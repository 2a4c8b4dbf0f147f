"""The Python API: normalize's inputs, the Article's JSON and its published schema, determinism."""

from __future__ import annotations

import dataclasses
import json
from importlib.resources import files

import jsonschema
import pytest

import cleaner
from cleaner.article import Removal, removal
from cleaner.encoding import decode_bytes
from cleaner.steps.extract_html import looks_like_html
from conftest import SEEDS

SCHEMA = json.loads(files("cleaner").joinpath("schema/article.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_article_json_validates_against_the_published_schema(seed):
    jsonschema.validate(json.loads(cleaner.normalize(seed.read_bytes()).to_json()), SCHEMA)


def test_schema_lists_exactly_the_article_fields():
    assert list(SCHEMA["properties"]) == list(cleaner.Article().to_dict())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**cleaner.Article().to_dict(), "extra": 1}, SCHEMA)


def test_same_input_gives_the_same_bytes():
    doc = SEEDS[0].read_bytes()
    assert len({cleaner.normalize(doc).to_json() for _ in range(3)}) == 1


def test_a_removal_made_without_init_is_the_same_record():
    for args in [(3, "Share", "generic/toolbar", None), (7, "Menü ×", "model", 0.125), (1, "", "r", 0.0)]:
        made, plain = removal(*args), Removal(*args)
        assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
        assert vars(made) == vars(plain)  # every field, the defaulted one too
    assert removal(2, "x", "r") == Removal(2, "x", "r")  # score left out: None, as Removal's default
    assert [field.name for field in dataclasses.fields(Removal)] == ["line", "text", "rule", "score"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        removal(1, "x", "r").text = "y"  # type: ignore[misc]


def test_article_is_frozen():
    with pytest.raises(AttributeError):
        cleaner.Article().title = "x"


@pytest.mark.parametrize(("data", "text", "encoding"), [
    (b"Serdyukov\x92s first visit", "Serdyukov’s first visit", "cp1252"),
    ("Serdyukov’s first visit".encode("utf-8"), "Serdyukov’s first visit", "utf-8"),
    (b"\xef\xbb\xbfBOM first", "BOM first", "utf-8-sig"),
    ("UTF-16 text".encode("utf-16"), "UTF-16 text", "utf-16"),
    ("Café crème à la française".encode("latin-1"), "Café crème à la française", "cp1252"),
    ("Привет, как дела? Это тестовая строка на русском языке.".encode("cp1251"),
     "Привет, как дела? Это тестовая строка на русском языке.", "cp1251"),
])
def test_bytes_are_decoded(data, text, encoding):
    assert decode_bytes(data) == (text, encoding)


def test_cp1252_bytes_through_normalize_warn_about_the_encoding():
    article = cleaner.normalize(b"A headline about a visit\n\nGates said Serdyukov\x92s first visit went well.")
    assert "Serdyukov’s first visit" in article.text
    assert article.warnings == ("decoded as cp1252",)


def test_normalize_rejects_other_types():
    with pytest.raises(TypeError):
        cleaner.normalize(42)


def test_html_is_detected_and_extracted():
    page = ("<!DOCTYPE html><html><head><title>Harbour freezes early | Daily Post</title></head><body>"
            "<nav><a href='/'>Home</a></nav><article><h1>Harbour freezes early</h1>"
            "<p>The harbour froze three weeks earlier than usual this winter, the port authority said on Monday.</p>"
            "<p>Ships were diverted to the southern terminal while icebreakers cleared the channel.</p>"
            "</article></body></html>")
    assert looks_like_html(page) and not looks_like_html("We use <p> tags in prose sometimes.")
    article = cleaner.normalize(page)
    assert article.title == "Harbour freezes early"
    assert article.text.startswith("The harbour froze three weeks earlier")
    assert "Home" not in article.text


def test_a_page_whose_head_opens_with_a_banner_comment_and_a_meta_tag_is_html():
    # As a Greek CMS writes its pages: a banner comment, the charset <meta> before <html>, and a
    # head of scripts longer than the 4 KB the sniffer reads, so no closing block tag is in view.
    script = "<script type='text/javascript'>\n" + "// calendar popup settings\nvar x = 1;\n" * 200 + "</script>\n"
    page = ("<!-- \n-- Powered by a CMS --\n-->\n\n<meta http-equiv='Content-Type' content='text/html; charset=utf-8'>\n"
            "<html><head><meta charset='utf-8'>" + script + "<title>Οι ευτυχισμένοι άνθρωποι ζούνε περισσότερα χρόνια</title>"
            "</head><body><h1>Οι ευτυχισμένοι άνθρωποι ζούνε περισσότερα χρόνια</h1>"
            "<p>Οι χαρούμενοι και ευτυχισμένοι άνθρωποι όχι μόνο απολαμβάνουν περισσότερο τη ζωή τους, αλλά"
            " είναι επίσης πιθανότερο να ζήσουν πιο πολλά χρόνια, σύμφωνα με μία νέα βρετανική έρευνα.</p>"
            "</body></html>")
    assert looks_like_html(page)
    assert looks_like_html("\ufeff<!-- a -->  <!-- b -->\n<!DOCTYPE html><p>x</p>")
    assert not looks_like_html("<!-- a note --> then prose that mentions a <p> tag once.")
    # a text dump with markup leaked into it, as scrapes of 2011 Russian news sites have
    leaked = "Новости NEWSru.com :: Воры вернули картину\n\nАрхив\n]]> </div>\nМеню </div>\nПоиск </span>\n"
    assert not looks_like_html(leaked)
    paragraphs = cleaner.normalize(leaked + "\n".join(["Текст статьи, длинный абзац новости."] * 3)).text.split("\n\n")
    assert paragraphs[-3:] == ["Текст статьи, длинный абзац новости."] * 3  # its lines stay lines
    article = cleaner.normalize(page)
    assert "calendar popup" not in article.text and "var x" not in article.text
    assert article.text.startswith("Οι χαρούμενοι και ευτυχισμένοι άνθρωποι")


def test_repair_is_exposed():
    assert cleaner.repair("establishments& ldquo;") == "establishments”"


def test_lone_surrogates_in_the_input_still_give_utf8_json():
    article = cleaner.normalize("A headline for the test page\n\nBody with a broken emoji \ud83d here, he said.")
    line = article.to_json().encode("utf-8")  # would raise on a raw surrogate
    assert "\ufffd" in article.text
    assert json.loads(line)["fixes"] == [{"line": 3, "rule": "generic/mojibake", "before": "\\ud83d", "after": "\ufffd"}]


def test_truncated_utf16_still_decodes():
    assert decode_bytes(b"\xff\xfeA\x00B") == ("A\ufffd", "utf-16")  # "B" lost its second byte
