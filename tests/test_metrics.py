"""Hand-computed checks of bench/metrics.py (definitions: /work/shared/bench/README.md, "Metrics"),
plus a few end-to-end checks of bench/run.py on a tiny data file with a stub cleaner."""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import types
from collections import Counter
from pathlib import Path

import pytest

from bench.metrics import (
    ShingleScore,
    accuracy,
    author_match,
    corpus_prf,
    date_match,
    doc_precision,
    doc_recall,
    has_gold,
    shingle_counts,
    shingles,
    title_match,
    tokens,
    word_f1,
)

# ---------------------------------------------------------------- tokens / shingles


def test_tokens_are_word_runs_case_kept():
    assert tokens("Hello, World! it's 2025-09-04") == ["Hello", "World", "it", "s", "2025", "09", "04"]
    assert tokens("") == [] and tokens(None) == [] and tokens(" -- !! ") == []


def test_empty_text_has_no_shingles_not_one_empty_shingle():
    assert shingles("") == Counter()
    assert shingles("  ... ") == Counter()
    assert shingles(None) == Counter()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a", {("a",): 1}),
        ("a b", {("a", "b"): 1}),
        ("a b c", {("a", "b", "c"): 1}),  # < 4 tokens: one short shingle
        ("a b c d", {("a", "b", "c", "d"): 1}),  # exactly 4: one shingle, not two
        ("a b c d e", {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}),  # n - 3 = 2
    ],
)
def test_shingle_boundaries(text, expected):
    assert shingles(text) == Counter(expected)


def test_repeated_shingles_form_a_multiset():
    # 8 tokens -> 5 shingles; "a b c d" occurs twice
    sh = shingles("a b c d a b c d")
    assert sum(sh.values()) == 5
    assert sh[("a", "b", "c", "d")] == 2
    assert sh[("b", "c", "d", "a")] == 1


# ---------------------------------------------------------------- TP / FP / FN


def test_counts_identical():
    assert shingle_counts("a b c d e", "a b c d e") == (2, 0, 0)


def test_counts_are_multiset_min_and_excess():
    # pred abcd x2 + bcda, cdab, dabc ; gold abcd x1
    assert shingle_counts("a b c d a b c d", "a b c d") == (1, 4, 0)
    assert shingle_counts("a b c d", "a b c d a b c d") == (1, 0, 4)
    # both repeat: min(2, 2) = 2 for abcd, 3 others shared once each
    assert shingle_counts("a b c d a b c d", "a b c d a b c d") == (5, 0, 0)


def test_counts_case_sensitive_and_short_texts():
    assert shingle_counts("Hello world", "Hello world") == (1, 0, 0)
    assert shingle_counts("Hello world", "hello world") == (0, 1, 1)
    # a 3-token prediction's short shingle never matches a 4-token gold shingle
    assert shingle_counts("a b c", "a b c d") == (0, 1, 1)


def test_counts_with_empty_sides():
    assert shingle_counts("", "a b c d e") == (0, 0, 2)
    assert shingle_counts("x y", "") == (0, 1, 0)
    assert shingle_counts("", "") == (0, 0, 0)
    assert shingle_counts(None, "p q r s t u") == (0, 0, 3)


def test_partial_overlap():
    # pred shingles: abcd bcde cdef ; gold: abcd bcde cdeX deXY
    assert shingle_counts("a b c d e f", "a b c d e X Y") == (2, 1, 2)


# ---------------------------------------------------------------- per-doc P / R


def test_doc_precision_recall_rules():
    assert doc_precision(3, 1, 0) == 0.75 and doc_recall(3, 1, 0) == 1.0
    assert doc_precision(2, 0, 6) == 1.0 and doc_recall(2, 0, 6) == 0.25
    assert doc_precision(0, 0, 0) == 1.0 and doc_recall(0, 0, 0) == 1.0  # FP = FN = 0
    assert doc_precision(0, 0, 2) == 0.0  # TP = FP = 0
    assert doc_recall(0, 1, 0) == 0.0  # TP = FN = 0
    # scaling by the sum (README: "divide the three by their sum") changes nothing
    assert doc_precision(3 / 4, 1 / 4, 0) == 0.75


# ---------------------------------------------------------------- corpus means


def test_corpus_means_skip_documents_per_rules():
    docs = [
        (3, 1, 0),  # P 0.75, R 1
        (0, 0, 2),  # empty prediction: no P (TP+FP = 0), R 0
        (0, 1, 0),  # empty gold: P 0, no R (TP+FN = 0)
        (0, 0, 0),  # both empty: in neither mean (would be 1 and 1)
        (2, 0, 0),  # P 1, R 1
    ]
    p, r, f1 = corpus_prf(docs)
    assert p == pytest.approx(7 / 12)  # (0.75 + 0 + 1) / 3
    assert r == pytest.approx(2 / 3)  # (1 + 0 + 1) / 3
    assert f1 == pytest.approx(28 / 45)  # 2PR/(P+R) of the means, not a mean of F1s


def test_corpus_f1_is_from_means_not_mean_of_f1():
    docs = [(1, 0, 3), (1, 3, 0)]  # P: 1, 0.25 ; R: 0.25, 1
    p, r, f1 = corpus_prf(docs)
    assert (p, r) == (0.625, 0.625)
    assert f1 == pytest.approx(0.625)  # mean of per-doc F1s would be 0.4


def test_corpus_all_skipped_gives_nan_and_zero_means_give_zero_f1():
    p, r, f1 = corpus_prf([(0, 0, 0), (0, 0, 0)])
    assert math.isnan(p) and math.isnan(r) and math.isnan(f1)
    assert corpus_prf([(0, 1, 1)]) == (0.0, 0.0, 0.0)


def test_shingle_score_accumulates_texts():
    sc = ShingleScore()
    assert sc.add("a b c d e", "a b c d e") == (2, 0, 0)
    assert sc.add("", "a b c d") == (0, 0, 1)
    assert sc.add("junk words only here", "") == (0, 1, 0)
    p, r, f1 = sc.prf()
    assert p == 0.5  # (1 + 0) / 2: the empty prediction is skipped
    assert r == 0.5  # (1 + 0) / 2: the empty gold is skipped
    assert f1 == 0.5


# ---------------------------------------------------------------- word F1


def test_word_f1_lowercased_bag():
    # pred {the: 2, cat: 1}, gold {the, cat, sat}: overlap min = 2 -> P 2/3, R 2/3
    assert word_f1("The cat the", "the cat sat") == pytest.approx(2 / 3)  # a set would give 0.8
    assert word_f1("Hello, WORLD", "hello world") == 1.0
    # P = 1/1, R = 1/4 -> 0.4
    assert word_f1("a", "a b c d") == pytest.approx(0.4)


def test_word_f1_empty_cases():
    assert word_f1("", "") == 1.0
    assert word_f1("", "a b") == 0.0
    assert word_f1("a b", "") == 0.0
    assert word_f1("x", "y") == 0.0
    assert word_f1(None, "!!") == 1.0  # neither side has a word


# ---------------------------------------------------------------- title / author / date


def test_title_match():
    assert title_match("The  Big-Day!", "the big day")
    assert not title_match("Big day the", "the big day")  # order matters
    assert not title_match("The big day | Site", "The big day")
    assert not title_match(None, "x") and not title_match("", "x")


def test_author_match_bag_equality():
    assert author_match(["Ann Lee", "Bo Chan"], "Bo Chan, Ann Lee")
    assert author_match("ann LEE", "Ann Lee")
    assert not author_match(["Ann Lee", "Bo Chan"], "Ann Lee")  # extra person
    assert not author_match(["Ann Lee"], "Ann Lee, MD")  # missing token
    assert not author_match(["Ann Lee", "Ann Lee"], "Ann Lee")  # a bag, not a set
    assert not author_match(["Ann Lee", "Bo Chan"], "Ann Lee and Bo Chan")  # documented strictness
    assert not author_match([], "Ann Lee") and not author_match(None, "Ann Lee")


def test_date_match_first_ten_chars():
    assert date_match("2025-09-04T10:00:00+00:00", "2025-09-04")
    assert date_match("2025-09-04", "2025-09-04 08:00")
    assert not date_match("2025-09-05", "2025-09-04")
    assert not date_match(None, "2025-09-04") and not date_match("", "2025-09-04")


def test_accuracy_skips_records_without_gold():
    assert accuracy([True, None, False, True]) == (pytest.approx(2 / 3), 3)
    mean, n = accuracy([None, None])
    assert math.isnan(mean) and n == 0
    assert not has_gold(None) and not has_gold("") and not has_gold(" — ")
    assert has_gold("Ann")


# ---------------------------------------------------------------- runner, end to end


def _write_data(path: Path) -> None:
    recs = [
        {  # id chosen freely; split decided by sha1
            "id": "t-1",
            "url": "https://example.org/a",
            "html": "<p>x</p>",
            "dumps": {"html_text": "Menu\n\nOne two three four five", "bs4": "One two three four five", "resiliparse": ""},
            "gold": {"body": "One two three four five", "title": "Hello There", "author": "Ann Lee", "date": "2025-01-02"},
        },
        {
            "id": "t-2",
            "url": "https://example.com/b",
            "html": "<p>y</p>",
            "dumps": {"html_text": "alpha beta", "bs4": "alpha beta", "resiliparse": "alpha beta"},
            "gold": {"body": "alpha beta gamma delta", "title": "T", "author": None, "date": None},
        },
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r) + "\n")


def test_run_missing_data_exits_2(tmp_path, capsys):
    from bench import run

    assert run.main(["--data", str(tmp_path / "nope.jsonl.gz")]) == 2
    assert "data file not found" in capsys.readouterr().err


def test_run_no_cleaning_and_ftfy(tmp_path, capsys):
    from bench import run

    data = tmp_path / "d.jsonl.gz"
    _write_data(data)
    md = tmp_path / "out" / "last-run.md"
    rc = run.main(["--data", str(data), "--systems", "none,ftfy", "--kinds", "bs4", "--markdown", str(md)])
    out = capsys.readouterr().out
    assert rc == 0
    # doc 1: (2, 0, 0) -> P 1, R 1 ; doc 2: ("alpha","beta") vs 1 gold shingle -> (0, 1, 1): P 0, R 0
    # corpus P = R = F1 = 0.5 ; word F1: 1 and 2/3 (P 1, R 0.5) -> 0.833
    line = next(ln for ln in out.splitlines() if ln.startswith("bs4") and "no cleaning" in ln)
    assert line.split()[4:9] == ["2", "0.500", "0.500", "0.500", "0.833"]
    text = md.read_text()
    assert "| bs4 | no cleaning | all | 2 | 0.500 | 0.500 | 0.500 | 0.833 |" in text
    assert "command: `python bench/run.py --data" in text


def test_run_each_set_in_a_process_of_its_own_gives_each_alone_table(tmp_path, capsys, monkeypatch):
    from bench import run

    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    _write_data(first)
    with gzip.open(second, "wt", encoding="utf-8") as fh:  # two languages: the per-language table
        for i, (lang, text) in enumerate([("Polish", "jeden dwa trzy cztery"), ("English", "one two three four"),
                                          ("Polish", "pięć sześć")]):
            fh.write(json.dumps({"id": f"b-{i}", "url": f"https://site{i}.example/x", "lang": lang,
                                 "dumps": {"bs4": text}, "gold": {"body": "jeden dwa trzy cztery pięć"}}) + "\n")
    alone = []
    for path in (first, second):
        md = tmp_path / f"{path.stem}.md"
        assert run.main(["--data", str(path), "--systems", "none,ftfy", "--kinds", "bs4", "--markdown", str(md)]) == 0
        alone.append(md.read_text().split("### ", 1)[1])
    capsys.readouterr()

    def no_records_here(*args, **kwargs):
        raise AssertionError("with several sets, the records are read in the set's own process")

    monkeypatch.setattr(run, "load_records", no_records_here)
    md = tmp_path / "both.md"
    assert run.main(["--data", str(first), "--data", str(second), "--systems", "none,ftfy", "--kinds", "bs4",
                     "--markdown", str(md)]) == 0
    text = md.read_text()
    assert "`a.jsonl.gz` (2 records), `b.jsonl.gz` (3 records)" in text
    # the same tables, but for the speed (docs/s and MB/s of ftfy), and the per-language one of the
    # second set: the records came back with their splits and languages
    unclocked = [re.sub(r"\| [\d,.]+ \| [\d.]+ \| 0 \| n/a \|", "| t | t | 0 | n/a |", part)
                 for part in ["\n### ".join(alone), text.split("### ", 1)[1]]]
    assert unclocked[0] == unclocked[1]
    assert "By language:" in unclocked[1] and "| metric | all | pl | en |" in unclocked[1]


def test_run_cleaner_column_with_stub(tmp_path, capsys, monkeypatch):
    from bench import run

    def normalize(text, url=None):
        lines = [ln for ln in text.splitlines() if ln.strip() and ln != "Menu"]
        return types.SimpleNamespace(text="\n".join(lines), title="hello there", authors=["Ann Lee"],
                                     published="2025-01-02T00:00:00")

    monkeypatch.setitem(sys.modules, "cleaner", types.SimpleNamespace(normalize=normalize, __version__="stub"))
    data = tmp_path / "d.jsonl.gz"
    _write_data(data)
    rc = run.main(["--data", str(data), "--systems", "cleaner", "--kinds", "html_text", "--split", "both"])
    out = capsys.readouterr().out
    assert rc == 0
    rows = [ln.split() for ln in out.splitlines() if ln.startswith("html_text")]
    # one page a site: the site first by sha1 (example.com, t-2) goes to tune; rows: tune, holdout, all
    assert run.assign_splits([("English", "example.com"), ("English", "example.org")]) == {
        ("English", "example.com"): "tune", ("English", "example.org"): "holdout"}
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("cleaner", "tune", "1"), ("cleaner", "holdout", "1"), ("cleaner", "all", "2")]
    tune, holdout, both = rows
    # t-2: prediction "alpha beta" vs gold "alpha beta gamma delta": (0, 1, 1) -> P 0, R 0, F1 0;
    # title "hello there" vs "T": miss; no author/date gold -> nan over 0 records
    assert tune[4:11] == ["0.000", "0.000", "0.000", "0.667", "0.000", "nan", "nan"]
    # t-1: "Menu" dropped, text equals gold; title, author and date all match
    assert holdout[4:11] == ["1.000", "1.000", "1.000", "1.000", "1.000", "1.000", "1.000"]
    # all: P = R = (1 + 0) / 2; word F1 (1 + 2/3) / 2; title 1 of 2; author, date 1 of 1
    assert both[4:11] == ["0.500", "0.500", "0.500", "0.833", "0.500", "1.000", "1.000"]


def test_run_cleaner_import_failure_is_reported(tmp_path, capsys, monkeypatch):
    from bench import run

    monkeypatch.setitem(sys.modules, "cleaner", None)  # makes `import cleaner` raise ImportError
    data = tmp_path / "d.jsonl.gz"
    _write_data(data)
    rc = run.main(["--data", str(data), "--kinds", "bs4"])
    cap = capsys.readouterr()
    assert rc == 1
    assert "cleaner" in cap.err and "import failed" in cap.err
    assert "no cleaning" in cap.out and "not run" in cap.out


def test_split_keeps_sites_whole_and_balances_each_language():
    from bench import run

    pages = ([("Greek", "big.gr")] * 9 + [("Greek", f"s{i}.gr") for i in range(6)]
             + [("Polish", "a.pl")] * 2 + [("Polish", "b.pl")] * 2)
    halves = run.assign_splits(pages)
    assert set(halves) == set(pages)
    # the big site weighs 3 (the square root of its 9 pages): it goes first, to tune, and the six
    # one-page sites share the rest, 3 to holdout before tune takes any
    greek = [halves[("Greek", f"s{i}.gr")] for i in range(6)]
    assert halves[("Greek", "big.gr")] == "tune" and greek.count("holdout") == 4
    assert sorted(halves[("Polish", s)] for s in ("a.pl", "b.pl")) == ["holdout", "tune"]
    assert run.assign_splits(list(reversed(pages))) == halves  # the order of the records does not matter


def test_site_of_reads_the_url_or_a_daniel_id():
    from bench import run

    assert run.site_of("x", "https://WWW.Example.com:8080/a") == "example.com"
    assert run.site_of("daniel-20111128_www.gazeta.ru_5be5", None) == "gazeta.ru"
    assert run.site_of("wcxb-dev-0001", None) == "wcxb-dev-0001"
