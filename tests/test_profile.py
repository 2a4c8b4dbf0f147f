"""bench/profile.py: the per-step report adds up and its wrappers leave the library as it was."""

from __future__ import annotations

from bench.profile import instrument, profile_kind, size_curve, step_rows, Timers
from bench.run import Record
from cleaner import htmlmeta, linemodel
from cleaner.kinds import KINDS, model

PAGE = "\n".join(
    ["Harbour freezes early | Daily Post", "Home", "News", "Sport", "Harbour freezes early"]
    + [f"The harbour froze on day {i} of the cold spell, and the ferries stayed in port until noon." for i in range(12)]
    + ["Share this article", "Comments", "© 2025 Daily Post"]
)
HTML = f"<html><head><title>Quay opens</title></head><body><h1>Quay opens</h1><p>{PAGE}</p></body></html>"


def _records(n: int) -> list[Record]:
    return [Record(id=f"r{i}", url=f"https://example.com/news/{i}", dumps={"html_text": PAGE * (i + 1), "html": HTML},
                   body="", title=None, author=None, date=None, split="tune") for i in range(n)]


def test_every_step_is_timed_and_the_rows_add_up_to_the_pages_time():
    result = profile_kind(_records(3), "html_text")
    rows = {label.strip(): ms for label, ms, _ in step_rows(result)}
    assert {"repair_text", "generic_rules", "line-model", "features", "trees (2 stages)", "metadata", "assemble"} <= set(rows)
    top = [label for label, _, _ in step_rows(result) if not label.startswith(" ")]
    steps = sum(rows[label] for label in top if not label.startswith(("total", "ftfy")))
    assert 0 < steps <= rows["total (cleaner.normalize)"]  # the steps are disjoint parts of each page's time
    assert rows["line-model"] <= rows["generic_rules"]
    assert len(result["pages"]) == len(result["ftfy"]) == len(result["sizes"]) == 3


def test_html_pages_time_the_parse_the_markup_and_the_flattening():
    rows = {label.strip() for label, _, _ in step_rows(profile_kind(_records(2), "html"))}
    assert {"extract_html", "parse", "metadata (markup)", "flatten (html-text)"} <= rows


def test_the_size_curve_has_a_row_a_quarter_and_a_fitted_line():
    curve, fit = size_curve({"sizes": [1000, 2000, 3000, 4000], "pages": [0.001, 0.002, 0.003, 0.004],
                             "ftfy": [0.001] * 4})
    assert [row[0] for row in curve] == ["Q1", "Q2", "Q3", "Q4"]
    assert fit.startswith("ms = 0.00 + 1.000 × KB (R² 1.00")


def test_the_wrappers_come_off():
    before = (dict(KINDS), model.read_page, linemodel.Forest.margin, htmlmeta.fallback_date)
    timers = Timers()
    instrument(timers)
    assert model.read_page is not before[1]
    assert KINDS["drop"] is not before[0]["drop"]
    timers.unwrap()
    assert (dict(KINDS), model.read_page, linemodel.Forest.margin, htmlmeta.fallback_date) == before


def test_several_sets_are_profiled_each_in_a_process_of_its_own(tmp_path, monkeypatch, capsys):
    import gzip
    import json

    from bench import profile

    paths = []
    for name, pages in (("a", 2), ("b", 3)):
        paths.append(tmp_path / f"{name}.jsonl.gz")
        with gzip.open(paths[-1], "wt", encoding="utf-8") as fh:
            for i in range(pages):
                fh.write(json.dumps({"id": f"{name}{i}", "url": f"https://example.com/{i}",
                                     "dumps": {"html_text": PAGE}, "gold": {"body": ""}}) + "\n")

    def no_records_here(*args, **kwargs):
        raise AssertionError("with several sets, the records are read in the set's own process")

    monkeypatch.setattr(profile, "load_records", no_records_here)
    assert profile.main(["--data", str(paths[0]), "--data", str(paths[1]), "--kinds", "html_text"]) == 0
    out = capsys.readouterr().out
    assert out.index("a.jsonl.gz, html_text (2 pages)") < out.index("b.jsonl.gz, html_text (3 pages)")
