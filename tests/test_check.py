"""`cleaner check`: findings, their places and codes, --fix, selection, exit codes, the hook."""

from __future__ import annotations

import difflib
import gzip
import json
import os
import random
import shutil
import subprocess
import sys

import ftfy
import pytest

from cleaner import check, kinds
from cleaner.cli import main
from cleaner.pipeline import default_rulebook
from cleaner.repair import FTFY_CONFIG
from tests.conftest import BENCH_DATA, DANIEL_DATA, REPO

# A corpus text with one of each common problem: a UI line, an entity and mojibake, a caption.
DIRTY = ("Great news today.\n\nShare this\n\n"
         "The minister said the plan&rsquo;s cost was \u00e2\u20ac\u0153high\u00e2\u20ac\u009d.\n\n"
         "Photo: Reuters\n")
DIRTY_FIXED = "Great news today.\n\nThe minister said the plan\u2019s cost was \u201chigh\u201d.\n"
DIRTY_FINDINGS = [
    "{p}:3:1: CL101 a line of page furniture: 'Share this' [generic/ui-phrases]",
    "{p}:5:27: CL202 HTML entity '&rsquo;' (→ '’') [generic/entity]",
    "{p}:5:45: CL201 mojibake: 'â€œ' (→ '“') [generic/mojibake]",
    "{p}:5:52: CL201 mojibake: 'â€\\x9d' (→ '”') [generic/mojibake]",
    "{p}:7:1: CL301 caption in the body: 'Photo: Reuters' [generic/caption-shapes]",
]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_each_finding_is_one_line_with_its_place_code_and_rule(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    code, out, err = run(capsys, str(path))
    assert code == 1
    assert out.splitlines() == [line.format(p=path) for line in DIRTY_FINDINGS]
    assert "5 findings (5 fixable with --fix)" in err


def test_clean_text_exits_zero_and_says_nothing_on_stdout(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text("The council met on Tuesday.\n\nIt voted to keep the library open.\n", encoding="utf-8")
    assert run(capsys, str(path))[:2] == (0, "")


def test_fix_rewrites_the_file_and_then_check_passes_and_a_second_fix_changes_nothing(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    path.chmod(0o640)
    code, out, err = run(capsys, "--fix", str(path))
    assert (code, out) == (0, "")
    assert "0 findings left, 5 fixed" in err
    assert path.read_text(encoding="utf-8") == DIRTY_FIXED
    assert path.stat().st_mode & 0o777 == 0o640
    assert run(capsys, str(path))[:2] == (0, "")
    before = path.read_bytes()
    run(capsys, "--fix", str(path))
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]  # no temporary file left behind


def test_fix_keeps_what_it_does_not_fix_byte_for_byte(tmp_path, capsys):
    # Windows line ends, a byte-order mark, indentation and double spaces are the file's layout.
    text = "\ufeffFirst  paragraph stays.\r\n\r\nBookmark and Share\r\n\r\n    Indented  line stays.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    run(capsys, "--fix", str(path))
    assert path.read_bytes().decode("utf-8") == "\ufeffFirst  paragraph stays.\r\n\r\n    Indented  line stays.\r\n"


@pytest.mark.parametrize("text, fixed", [
    ("A.\n\nShare\n\nB.\n", "A.\n\nB.\n"),  # paragraphs stay one blank line apart
    ("A.\nShare\nB.\n", "A.\nB.\n"),
    ("Share\n\nA.\n", "A.\n"),
    ("A.\n\nShare\n", "A.\n"),  # no blank line left at the end
    ("A.\n\nShare", "A."),
    ("A.\n\nShare\n\nPrint\n\nB.", "A.\n\nB."),
])
def test_a_dropped_line_takes_one_blank_line_with_it(text, fixed):
    assert check.check_text(text, default_rulebook())[1] == fixed


def test_a_comment_section_is_one_finding_at_its_heading_and_the_fix_cuts_it_all():
    article = "\n\n".join(["Word " * 40 + "end."] * 3)
    text = article + "\n\nLeave a Reply\n\nGreat post!\n\nThanks for sharing.\n"
    findings, fixed = check.check_text(text, default_rulebook())
    assert [(f.line, f.code, f.rule) for f in findings] == [(7, "CL103", "generic/comment-section")]
    assert "from here to the end (3 lines)" in findings[0].message
    assert fixed == article + "\n"


# A Russian article with the furniture its page left in it: a print link, the "select a mistake
# and press Ctrl+Enter" notice, the comment form and the readers' comments.
RUSSIAN_ARTICLE = [
    "Ученые выяснили, что натуральное, не пастеризованное молоко помогает бросить курить: курильщики,"
    " которые пили его каждый день, реже тянулись к сигарете, сообщает британская газета.",
    "По словам авторов исследования, молоко меняет вкус табачного дыма, и многие участники опыта"
    " называли его неприятным уже через неделю после начала эксперимента.",
]
RUSSIAN_PAGE = "\n\n".join([
    RUSSIAN_ARTICLE[0], "Версия для печати", RUSSIAN_ARTICLE[1],
    'Ошибка в тексте? Пожалуйста, выделите ее и нажмите "Ctrl + Enter"',
    "Имя (обязательно)", "E-Mail (не публикуется)", "Комментарии читателей",
    "Игорь Миронов [27/11/11 06:14]", "Ерунда полная. У многих взрослых молоко не усваивается.",
]) + "\n"


def test_the_furniture_of_a_russian_page_is_found_and_fixed():
    findings, fixed = check.check_text(RUSSIAN_PAGE, default_rulebook())
    assert [(f.line, f.code, f.rule) for f in findings] == [
        (3, "CL101", "generic/ui-phrases"),
        (7, "CL101", "generic/report-error"),
        (9, "CL101", "generic/comment-form"),
        (11, "CL101", "generic/comment-form"),
        (13, "CL103", "generic/comment-section"),
    ]
    assert "from here to the end (3 lines)" in findings[-1].message
    assert fixed == "\n\n".join(RUSSIAN_ARTICLE) + "\n"


@pytest.mark.parametrize("text, code, rule", [
    ("Харбин ввел режим экономии тепла, сообщили власти города.\n\nПросмотров: 114\n", "CL101", "generic/counters"),
    ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την ακρίβεια.\n\nΕκτύπωση\n", "CL101", "generic/ui-phrases"),
    ("Rząd przedstawił nowy plan dla szpitali.\n\nDrukuj | Wyślij | Skomentuj\n", "CL101", "generic/toolbar"),
    ("政府公布了新的医院改革方案。\n\n大\n中\n小\n", "CL102", "generic/font-size-widget"),
    ("政府公布了新的医院改革方案。\n\n( 编辑： 张轶群 ) 【字号： 大 中 小 】【 打印 】\n", "CL105", "generic/font-size-inline"),
])
def test_furniture_in_other_languages_is_found(text, code, rule):
    findings = check.check_text(text, default_rulebook())[0]
    assert findings and {(f.code, f.rule) for f in findings} == {(code, rule)}


def test_a_related_list_below_a_chinese_article_is_one_finding():
    article = ["港口管理局周一表示，今年冬天港口比往年提前三周结冰，十几艘渔船被困在码头，渔民们只能等待破冰船前来开辟航道。",
               "周五晚上气温降至零下十八度，东码头首先结冰，到周日早上整个港池都被冰层覆盖，前往各岛的轮渡也因此停航。"]
    text = "\n\n".join([*article, "相关新闻", "冬季轮渡时刻表缩减", "新码头历时两年建成启用"]) + "\n"
    findings, fixed = check.check_text(text, default_rulebook())
    assert [(f.line, f.code, f.rule) for f in findings] == [(5, "CL103", "generic/related-section")]
    assert fixed == "\n\n".join(article) + "\n"


@pytest.mark.parametrize("text", [
    # Russian: the words of the lists inside sentences, and a short line of the article
    "Депутаты обсудили поправки в закон о печати. Комментарии к законопроекту дали эксперты.\n\n"
    "Читайте также, что сказал министр, в завтрашнем номере.\n\nГолосование прошло в среду.\n",
    # Chinese: a subheading, a line that starts with a count word, and 字体大小 in a sentence
    "记者从市政府获悉，全市供暖改造工程已全面完工。\n\n相关背景\n\n评论员认为，这项工程将惠及十万户居民。\n\n"
    "新版网站允许读者调整字体大小。\n",
    # Greek: a short line and an accented word of the lists inside a sentence
    "Η εκτύπωση των νέων διαβατηρίων ξεκινά τον Μάρτιο.\n\nΣχόλια του υπουργού\n\nΤο υπουργείο θα ανακοινώσει τις λεπτομέρειες.\n",
])
def test_clean_articles_in_other_languages_give_no_finding(text):
    assert check.check_text(text, default_rulebook()) == ([], text)


def test_jsonl_findings_name_the_record_line_and_the_offset_in_its_text(tmp_path, capsys):
    text = "Para one is here.\n\nBookmark and Share\n\nPara two &amp; more."
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": 1, "text": text}) + "\n\n" + json.dumps({"id": 2, "text": "Fine."}) + "\n"
                    + "not json\n" + json.dumps([1, 2]) + "\n" + json.dumps({"id": 3, "text": 7}) + "\n"
                    + json.dumps({"id": 4}) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "--output-format", "json", str(path))
    found = json.loads(out)
    assert code == 1
    assert [(f["line"], f["code"], f["text_line"]) for f in found] == [
        (1, "CL101", 3), (1, "CL202", 5), (4, "CL902", None), (5, "CL902", None), (6, "CL903", None),
        (7, "CL903", None)]
    assert text[found[0]["col"] - 1:].startswith("Bookmark and Share")
    assert text[found[1]["col"] - 1:].startswith("&amp;")
    assert not found[2]["fixable"]


def test_jsonl_fix_rewrites_only_the_text_field(tmp_path, capsys):
    lines = [
        # other fields spelled in their own way: spaces around ":", escapes, key order, "1.50"
        '{"url" : "https://example.org/a",  "title": "Caf\\u00e9", "text": "Good.\\n\\nShare this", "n": 1.50}',
        '{"id":2,"text":"Clean."}',
        # an escaped (ASCII-only) text stays escaped; an unescaped one stays unescaped
        '{"id":3,"text":"Caf\\u00e9 \\u00e2\\u20ac\\u0153ok\\u00e2\\u20ac\\u009d."}',
        '{"id":4,"text":"Caf\u00e9 &amp; bar."}',
        "broken {",
    ]
    path = tmp_path / "c.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "--fix", str(path))
    assert code == 1  # the broken line is a finding no fix can mend
    assert path.read_text(encoding="utf-8").split("\n") == [
        '{"url" : "https://example.org/a",  "title": "Caf\\u00e9", "text": "Good.", "n": 1.50}',
        '{"id":2,"text":"Clean."}',
        '{"id":3,"text":"Caf\\u00e9 \\u201cok\\u201d."}',
        '{"id":4,"text":"Caf\u00e9 & bar."}',
        "broken {",
        "",
    ]
    assert "1 finding left, 4 fixed" in err  # a UI line, two mojibake quotes, an entity


def test_text_field_option_and_a_site_from_the_record_url(tmp_path, capsys):
    record = {"url": "https://www.defense.gov/news/1", "body": "Click photo for screen-resolution image\nA caption."}
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "--text-field", "body", str(path))
    assert code == 1
    assert [line.split(" [")[-1] for line in out.splitlines()] == [
        "defense.gov/photo-widget]", "defense.gov/photo-after-widget]"]


def test_default_selection_leaves_odd_spaces_out_and_select_brings_them_in(tmp_path, capsys):
    path = tmp_path / "s.txt"
    path.write_text("Price:\u00a010\u00a0000 euros.\n", encoding="utf-8")
    assert run(capsys, str(path))[0] == 0
    code, out, _ = run(capsys, "--select", "CL204", str(path))
    assert code == 1 and out.count("CL204") == 2
    assert run(capsys, "--select", "CL2", "--ignore", "generic/odd-space", str(path))[0] == 0


def test_select_and_ignore_by_code_and_by_rule_prefix(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    assert [l.split()[1] for l in run(capsys, "--select", "CL2", str(path))[1].splitlines()] == ["CL202", "CL201", "CL201"]
    assert [l.split()[1] for l in run(capsys, "--ignore", "CL2,generic/caption", str(path))[1].splitlines()] == ["CL101"]
    # A fix applies only what is selected.
    run(capsys, "--fix", "--select", "CL101", str(path))
    assert path.read_text(encoding="utf-8") == DIRTY.replace("Share this\n\n", "")


def test_exit_codes(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")
    assert run(capsys, "--exit-zero", str(path))[0] == 0
    with pytest.raises(SystemExit) as exc:
        main(["check", str(tmp_path / "missing.txt")])
    assert exc.value.code == 2
    (tmp_path / "x.csv").write_text("a", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["check", str(tmp_path / "x.csv")])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["check", "--select", "CL999", str(path)])
    assert exc.value.code == 2
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.toml").write_text("[rules.x]\nkind = 'nope'\n", encoding="utf-8")
    assert run(capsys, "--rules", str(rules), str(path))[0] == 2


def test_a_file_that_is_not_utf8_is_a_finding_and_never_rewritten(tmp_path, capsys):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 ok.\nShare\n")
    code, out, _ = run(capsys, "--fix", str(path))
    assert code == 1
    assert out.strip() == f"{path}:1:4: CL901 not UTF-8: byte 0xe9 at offset 3 [input]"
    assert path.read_bytes() == b"Caf\xe9 ok.\nShare\n"


def test_a_failed_write_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(DIRTY, encoding="utf-8")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(check.os, "replace", fail)
    with pytest.raises(OSError):
        check.check_text_file(str(path), default_rulebook(), check.Selection(), fix=True)
    assert path.read_text(encoding="utf-8") == DIRTY
    assert os.listdir(tmp_path) == ["a.txt"]


def test_folders_are_walked_for_corpus_files_in_name_order_skipping_hidden_ones(tmp_path):
    # The order normalize reads a folder in (cleaner.files.walk): a subfolder where its name falls.
    for name in ("b.txt", "a/c.jsonl", "a/d.ndjson", "a/e.json", "a/f.jsonl.gz", ".git/f.txt", "g.TXT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('{"text": "Fine."}' if "json" in name else "Fine.", encoding="utf-8")
    results = list(check.check_paths([str(tmp_path)], default_rulebook()))
    assert [os.path.relpath(r.path, tmp_path) for r in results] == [
        os.path.join("a", "c.jsonl"), os.path.join("a", "d.ndjson"), "b.txt", "g.TXT"]
    assert [r.findings for r in results] == [()] * 4  # g.TXT is text, as .txt is, not a JSONL file


def test_ftfy_changes_are_told_apart():
    rules = default_rulebook()
    found = check.check_text("Caf\u00c3\u00a9 \ufeffnews at 5\u212a.", rules, check.Selection(("ALL",)))[0]
    assert [(f.code, f.offset) for f in found] == [("CL201", 3), ("CL206", 6), ("CL205", 16)]



def test_lines_without_a_character_a_repair_acts_on_are_not_repaired_one_by_one(monkeypatch):
    """check reads a text once for the characters a repair acts on and only strips the lines
    without any: on texts dense in entities, mojibake, odd and zero-width spaces, C1 controls,
    carriage returns, tabs, runs of spaces, text not in NFC and furniture, its rules see the lines
    they see, and it finds and fixes what it does, when every line goes through the repairs."""
    rng = random.Random(20260611)
    pieces = (["&amp;", "& ldquo;", "&#8217;", "AT&T;", "\u00a0", "\u200b", "\ufeff", "\u3000", "\x85", "\r",
               "\u2028", "e\u0301", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00e2\u20ac\u009d", "\x92", "\t",
               "  ", "\ud800", "\x0c", " ", " ", "\u212b", "Share this", "Share\tthis", " Share  this ", "Photo: Reuters",
               "Comments"]
              + list("abc XYZ.,;é”“Москва日本語 ελληνικά ") * 4)
    plain = [" ", "\t", "\x0c", " \t"]
    texts = []
    for _ in range(1000):
        lines = []
        for _ in range(rng.randint(1, 12)):
            line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
            kept = rng.choice(plain)  # the spaces a line without a character to repair may hold
            lines.append(line if rng.random() < 0.3 else "".join(c for c in line if c.isalnum() or c in kept))
        texts.append("\n".join(lines))
    texts.append("ok\n" + "é" * (FTFY_CONFIG.max_decode_length + 1) + "\n\nok")  # a line ftfy cuts
    rules = default_rulebook()
    selections = (check.Selection(), check.Selection(("ALL",)))
    seen: list[list[tuple[int, str]]] = []

    def apply_rule(rule, doc):
        seen.append([(line.number, line.text) for line in doc.lines])
        kinds.apply_rule(rule, doc)

    monkeypatch.setattr(check, "apply_rule", apply_rule)
    screened = [check.check_text(text, rules, selection) for text in texts for selection in selections]
    screened_lines, seen = seen, []
    monkeypatch.setattr(check, "lines_to_repair", lambda text, lines: None)
    assert [check.check_text(text, rules, selection) for text in texts for selection in selections] == screened
    assert seen == screened_lines


def test_the_spaces_check_knows_are_those_str_split_splits_at():
    assert check._SPACES == "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())

def test_the_compiled_diff_finds_the_changes_difflib_does():
    """The changes ftfy made in a long line are placed by compiled code; they are difflib's, ties
    between matches of one length included (few letters, so many ties), in any script, with lone
    surrogates, and in lines ftfy repaired."""
    rng = random.Random(20260612)
    pairs = []
    for _ in range(3000):
        letters = rng.choice(["ab", "abc ", "ab\u00e2\u20ac\u2122\u2019", "xyz\ud800é日", "the cat sat on a mat"])
        old = "".join(rng.choice(letters) for _ in range(rng.randint(0, 160)))
        new = "".join(rng.choice(letters) for _ in range(rng.randint(0, 160)))
        pairs.append((old, new))
    for _ in range(300):
        words = ["Today\u00e2\u20ac\u2122s", "caf\u00c3\u00a9", "\u00e2\u20ac\u0153high\u00e2\u20ac\u009d", "\x92",
                 "news", "of", "the", "day", "and", "a"]
        old = " ".join(rng.choice(words) for _ in range(rng.randint(20, 200)))
        pairs.append((old, ftfy.fix_text(old)))
    compiled = 0
    for old, new in pairs:
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        expected = [(i1, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
        assert check._changes(old, new) == expected, (old, new)
        compiled += len(old) * len(new) > check._COMPILED_DIFF
    assert compiled > 1000

@pytest.mark.skipif(not BENCH_DATA.exists(), reason="needs ../shared/bench")
def test_clean_article_text_gives_almost_no_findings():
    """The benchmark's gold bodies are clean article text, but not all of it: 9 hold mojibake,
    entities or a byte-order mark, and 5 hold captions or photo credits. Those are findings
    check must make; the rest (UI words, an author box, a list in Cyrillic) are the arguable
    ones. docs/check.md reports the figures."""
    rules = default_rulebook()
    with gzip.open(BENCH_DATA, "rt", encoding="utf-8") as lines:
        bodies = [json.loads(line)["gold"]["body"] for line in lines]
    flagged = [i for i, body in enumerate(bodies) if check.check_text(body, rules)[0]]
    assert len(bodies) == 793
    assert len(flagged) <= 19


@pytest.mark.skipif(not DANIEL_DATA.exists(), reason="needs ../shared/bench")
def test_clean_news_text_in_five_languages_gives_almost_no_findings():
    """The 955 gold bodies of news in English, Chinese, Polish, Russian and Greek. 19 have a
    finding: 5 hold mojibake or control characters; 9 hold furniture (a text-size widget, a
    related list, a teaser widget, a promotion line) or a photo caption; and 5 a line in Latin
    letters that other-script takes for another script ('2012-01-11 HKT 21:43' in Chinese, an
    English list item in Greek), the false alarms. docs/check.md reports the figures."""
    rules = default_rulebook()
    with gzip.open(DANIEL_DATA, "rt", encoding="utf-8") as lines:
        bodies = [json.loads(line)["gold"]["body"] for line in lines]
    flagged = [i for i, body in enumerate(bodies) if check.check_text(body, rules, fix=False)[0]]
    assert len(bodies) == 955
    assert len(flagged) <= 19


@pytest.mark.skipif(not BENCH_DATA.exists(), reason="needs ../shared/bench")
def test_fix_is_idempotent_on_whole_page_dumps():
    rules = default_rulebook()
    with gzip.open(BENCH_DATA, "rt", encoding="utf-8") as lines:
        pages = [json.loads(line)["dumps"]["html_text"] for _, line in zip(range(60), lines)]
    for selection in (check.Selection(), check.Selection(("ALL",))):
        flagged = 0
        for page in pages:
            findings, fixed = check.check_text(page, rules, selection)
            flagged += bool(findings)
            assert check.check_text(fixed, rules, selection) == ([], fixed)
        assert flagged >= 40  # pages, not articles: most have something to fix


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout")
def test_pre_commit_try_repo_runs_both_hooks(tmp_path):
    pytest.importorskip("pre_commit")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (corpus / "clean.jsonl").write_text('{"text": "All fine here."}\n', encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}

    def git(*args):
        subprocess.run(["git", *args], cwd=corpus, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")

    def try_repo(hook):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files"],
                              cwd=corpus, env=env, capture_output=True, text=True, timeout=600)

    checked = try_repo("cleaner-check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "dirty.txt:3:1: CL101" in checked.stdout
    assert "clean.jsonl" not in checked.stdout.replace("files checked", "")
    fixed = try_repo("cleaner-fix")
    assert fixed.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in fixed.stdout
    assert (corpus / "dirty.txt").read_text(encoding="utf-8") == DIRTY_FIXED
    git("add", ".")
    assert try_repo("cleaner-check").returncode == 0


def test_jsonl_is_read_a_line_at_a_time_and_a_bad_line_spoils_only_itself(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "Share\\n\\nGood."}\r\n'  # a byte-order mark, Windows line ends
                     b'{"text": "Caf\xe9 latin-1."}\r\n'
                     b'{"text": "Good &amp; fine."}\r\n')
    code, out, _ = run(capsys, "--fix", str(path))
    assert code == 1
    assert out.strip() == f"{path}:2:14: CL901 not UTF-8: byte 0xe9 at byte 14 of the line [input]"
    assert path.read_bytes() == (b'\xef\xbb\xbf{"text": "Good."}\r\n'
                                 b'{"text": "Caf\xe9 latin-1."}\r\n'
                                 b'{"text": "Good & fine."}\r\n')


def test_a_users_rule_that_runs_past_its_time_limit_is_a_finding_and_the_run_goes_on(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    # Nested quantifiers on a run of "a" that does not end the line: 2**29 ways to try (24 s).
    (rules / "runaway.toml").write_text("[rules.runaway]\nkind = 'drop'\npattern = '^(a+)+$'\n", encoding="utf-8")
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "a" * 29 + "!"}) + "\n" + json.dumps({"text": "Fine.\n\nShare"}) + "\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "--rules", str(rules), str(path))
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in out.splitlines()] == ["CL904", "CL101"]
    assert "rule 'runaway/runaway' used more than 2 s of CPU time" in out
