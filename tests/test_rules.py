"""Rule files: every example they carry, validation messages, precedence and site resolution."""

from __future__ import annotations

import importlib.metadata
import textwrap

import pytest

import cleaner
from cleaner.examples import run_examples
from cleaner.rulebook import builtin_rules_dir, load_rule_file, load_rulebook

BUILTIN = load_rulebook(env=False, entry_points=False)
EXAMPLES = [(f, i, ex) for f in BUILTIN.files for i, ex in enumerate(f.examples, 1)]


def test_builtin_rules_load_without_problems():
    assert BUILTIN.problems == ()
    assert {f.name for f in BUILTIN.sites} == {"defense.gov", "voanews.com", "expatica.com", "sputniknews.com"}
    assert [f.name for f in BUILTIN.generic] == ["generic"]


def test_every_rule_file_carries_examples():
    assert all(f.examples for f in BUILTIN.files)


@pytest.mark.parametrize(("rule_file", "index", "example"), EXAMPLES,
                         ids=[f"{f.name}#{i}:{ex.get('rule', '')}" for f, i, ex in EXAMPLES])
def test_rule_file_example(rule_file, index, example):
    from cleaner.examples import check_example

    assert check_example(rule_file, example) == []


def write(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_example_that_does_not_hold_is_reported(tmp_path):
    write(tmp_path, "example.org.toml", """
        [site]
        domains = ["example.org"]
        [rules.promo]
        kind = "drop"
        text = "Buy now"
        [[examples]]
        rule = "promo"
        input = "Buy now\\nSomething else entirely"
        removed = ["Something else entirely"]
    """)
    results = run_examples(load_rulebook([tmp_path], env=False, entry_points=False), [tmp_path])
    assert len(results) == 1 and not results[0].ok
    assert "expected removed: 'Something else entirely'" in results[0].message


@pytest.mark.parametrize(("rule_body", "expected"), [
    ('kind = "drop"\npattern = "(unclosed"', "rule 'bad': key 'pattern': bad regex"),
    ('kind = "drop"\ntext = "x"\ncolour = "red"', "rule 'bad': key 'colour': unknown for kind 'drop'"),
    ('kind = "drop"\ntext = 3', "rule 'bad': key 'text': must be a string or a list of strings"),
    ('kind = "drop-block"\npattern = "^X$"\nmin_run = "two"', "rule 'bad': key 'min_run': must be a non-negative integer"),
    ('kind = "vanish"', "rule 'bad': key 'kind': 'vanish' is not a rule kind"),
    ('kind = "drop"', "rule 'bad': key 'text': required for kind 'drop' (or pattern)"),
    ('kind = "extract"\npattern = "(?P<colour>x)"', "rule 'bad': key 'pattern': named groups must be among"),
    ('kind = "cut-after"\ntext = "x"\noccurrence = "middle"', "rule 'bad': key 'occurrence': must be one of first, last"),
])
def test_malformed_rule_is_an_error_naming_file_rule_and_key_or_skipped_when_asked(tmp_path, rule_body, expected):
    path = write(tmp_path, "example.org.toml", f"""
[site]
domains = ["example.org"]

[rules.bad]
{rule_body}

[rules.good]
kind = "drop"
text = "Buy now"
""")
    with pytest.raises(cleaner.RuleError) as raised:
        load_rulebook([tmp_path], env=False, entry_points=False)
    assert any(p.startswith(f"{path.resolve()}: ") and expected in p for p in raised.value.problems), raised.value
    assert expected in str(raised.value)
    rulebook = load_rulebook([tmp_path], env=False, entry_points=False, keep_going=True)
    assert rulebook.problems == raised.value.problems
    article = cleaner.normalize("A headline for a test page\n\nBuy now\n\nBody text of the page goes here, said the editor.",
                                url="https://example.org/a", rules=rulebook)
    assert article.site == "example.org"
    assert {"line": 3, "text": "Buy now", "rule": "example.org/good"} in article.to_dict()["removed"]


def test_unreadable_toml_is_an_error_or_skipped_when_asked(tmp_path):
    write(tmp_path, "broken.toml", "[rules.x\nkind = ")
    with pytest.raises(cleaner.RuleError, match="broken.toml: cannot read rule file"):
        load_rulebook([tmp_path], env=False, entry_points=False)
    rulebook = load_rulebook([tmp_path], env=False, entry_points=False, keep_going=True)
    assert any("broken.toml: cannot read rule file" in p for p in rulebook.problems)
    assert {f.name for f in rulebook.active} >= {"generic", "defense.gov"}


def test_user_file_overrides_builtin_file_of_the_same_name(tmp_path):
    write(tmp_path, "expatica.com.toml", """
        [site]
        domains = ["expatica.com"]
        [rules.mine]
        kind = "drop"
        text = "Mine to drop"
    """)
    rulebook = load_rulebook([tmp_path], env=False, entry_points=False)
    builtin = next(f for f in rulebook.files if f.name == "expatica.com" and f.origin == "built-in")
    assert builtin.overridden_by == str(tmp_path / "expatica.com.toml")
    article = cleaner.normalize("Expatica news\n\nA headline for the page\n\nMine to drop\n\nThe body of it, she said.",
                                url="https://www.expatica.com/x", rules=rulebook)
    assert {r.text: r.rule for r in article.removed} == {"Mine to drop": "expatica.com/mine"}
    assert article.text.startswith("Expatica news")  # the built-in file that dropped it is overridden


def test_rules_path_env_var_adds_folders(tmp_path, monkeypatch):
    write(tmp_path, "example.net.toml", '[site]\ndomains = ["example.net"]\n[rules.x]\nkind = "drop"\ntext = "X"\n')
    monkeypatch.setenv("CLEANER_RULES_PATH", str(tmp_path))
    rulebook = load_rulebook(entry_points=False)
    assert [f.origin for f in rulebook.files if f.name == "example.net"] == ["CLEANER_RULES_PATH"]


def test_entry_point_rule_packs_load_and_a_broken_one_is_reported(tmp_path, monkeypatch):
    write(tmp_path, "example.com.toml", '[site]\ndomains = ["example.com"]\n[rules.x]\nkind = "drop"\ntext = "X"\n')
    good = importlib.metadata.EntryPoint("pack", "os.path:curdir", "cleaner.rules")
    broken = importlib.metadata.EntryPoint("broken", "no_such_module_xyz:rules", "cleaner.rules")
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: [good, broken] if group == "cleaner.rules" else [])
    monkeypatch.chdir(tmp_path)  # os.path.curdir is "." : the folder of the rule pack
    with pytest.raises(cleaner.RuleError, match="entry point 'broken'"):
        load_rulebook(env=False)
    rulebook = load_rulebook(env=False, keep_going=True)
    assert [f.origin for f in rulebook.files if f.name == "example.com"] == ["entry-point:pack"]
    assert any(p.startswith("entry point 'broken'") for p in rulebook.problems)


@pytest.mark.parametrize(("url", "site"), [
    ("https://www.defense.gov/News/Article/123", "defense.gov"),
    ("http://archive.defense.gov/news/newsarticle.aspx?id=60844", "defense.gov"),
    ("https://www.voanews.com/a/x.html", "voanews.com"),
    ("https://notdefense.gov/a", None),
    ("https://defense.gov.example.org/a", None),
])
def test_site_resolution_by_url_domain_suffix(url, site):
    found = BUILTIN.site_for(url, [])
    assert (found.name if found else None) == site


@pytest.mark.parametrize("before, found", [(9, True), (10, False)])
def test_a_signature_is_looked_for_in_the_first_ten_lines_that_are_not_blank(before, found):
    """Blank and white-space lines do not count towards the window: the signature's line is the
    tenth that is not blank after nine others, and out of reach after ten."""
    lines = ["", "  \t"] + [f"Menu item {i}" for i in range(before)] + ["\u00a0", "United States Department of Defense"]
    site = BUILTIN.site_for(None, lines)
    assert (site.name if site else None) == ("defense.gov" if found else None)


def test_site_resolution_by_signature_and_forced():
    assert BUILTIN.site_for(None, ["United States Department of Defense", "DoD News"]).name == "defense.gov"
    assert BUILTIN.site_for(None, ["Some other page"]) is None
    article = cleaner.normalize("Expatica news\n\nA headline of some sort here\n\nBody text, he said.", site="voanews.com")
    assert article.site == "voanews.com"
    unknown = cleaner.normalize("A headline of some sort here\n\nBody text, he said.", site="nosuch.example")
    assert unknown.site is None and "no such site rule file" in unknown.warnings[0]


def test_builtin_rules_dir_is_the_top_level_rules_folder_in_a_checkout():
    assert (builtin_rules_dir() / "generic.toml").is_file()
    rule_file, problems = load_rule_file(builtin_rules_dir() / "defense.gov.toml", "built-in")
    assert problems == [] and rule_file.rules[0].id == "defense.gov/photo-after-widget"


def test_an_extract_rule_with_after_takes_only_the_line_below_a_lead_and_consumes_both(tmp_path):
    (tmp_path / "mine.toml").write_text(
        '[rules.split]\nkind = "extract"\nafter = "^By$"\npattern = "^(?P<authors>[^\\\\d]{3,80})$"\n')
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False)
    assert not book.problems
    body = "The harbour froze three weeks earlier than usual this winter, the port authority said."
    article = cleaner.normalize(f"By\n\nJane Doe\n\n{body}", rules=book)
    assert article.authors == ("Jane Doe",) and article.text == body
    alone = cleaner.normalize(f"Jane Doe\n\n{body}", rules=book)  # a name with no "By" above it
    assert alone.authors == () and alone.text == f"Jane Doe\n\n{body}"


@pytest.mark.parametrize(("text", "paragraph"), [
    ("The harbour froze three weeks earlier than usual this winter, the port authority said on Monday.", True),
    ("मानसून इस साल केरल में तय समय से एक सप्ताह पहले पहुंच गया और मौसम विभाग ने कई राज्यों में भारी बारिश की चेतावनी जारी की है।", True),
    ("هل يمكن أن تصل الرياح الموسمية إلى المنطقة قبل موعدها المعتاد هذا العام كما توقع خبراء الأرصاد الجوية في تقريرهم الأخير؟", True),
    ("The harbour froze three weeks earlier than usual this winter, the port authority said on", False),
    ("Too short to be a paragraph.", False),
])
def test_a_paragraph_below_a_headline_ends_like_a_sentence_in_any_script(text, paragraph):
    from cleaner.kinds.headline import _is_paragraph

    assert _is_paragraph(text) is paragraph


def test_a_footer_marker_counts_below_enough_paragraph_words_even_when_the_thread_is_longer(tmp_path):
    """below_share alone misses a comment heading when the comments outweigh the article."""
    article = ["The harbour froze three weeks earlier than usual this winter, the port authority said on"
               " Monday, leaving a dozen fishing boats stuck at their moorings for days.",
               "Ice first formed along the eastern quay on Friday night, when temperatures fell to minus"
               " eighteen degrees, and by Sunday morning it covered the whole of the basin."]
    thread = [f"Reader {n} wrote that the winter of 1987 was colder still, and that the ferry to the islands"
              " did not run for a month while the coast guard tried to open a channel." for n in range(6)]
    page = "\n\n".join(["Harbour freezes", "12 Comments", *article, "6 Comments", *thread])

    def cut(settings: str) -> list[str]:
        folder = tmp_path / str(len(settings))
        folder.mkdir()
        (folder / "mine.toml").write_text('[rules.comments]\nkind = "cut-after"\npattern = "^\\\\d+ Comments$"\n'
                                          f"below_share = 0.3\n{settings}")
        book = load_rulebook([folder], env=False, entry_points=False, builtin=False)
        assert not book.problems
        return [r.text for r in cleaner.normalize(page, rules=book).removed if r.rule == "mine/comments"]

    assert cut("") == []  # 30% of the paragraph words lie inside the thread
    removed = cut("below_words = 40\n")
    assert removed[0] == "6 Comments" and removed[1:] == thread  # not "12 Comments" under the headline


def test_a_footer_marker_counts_paragraph_words_of_chinese_text_by_its_characters(tmp_path):
    """Chinese puts no spaces between words: a paragraph is one run of characters, and each Han
    character counts half a word, so below_share finds the article's words above a heading."""
    article = ["港口管理局周一表示，今年冬天港口比往年提前三周结冰，十几艘渔船被困在码头，渔民们只能等待破冰船前来开辟航道。",
               "周五晚上气温降至零下十八度，东码头首先结冰，到周日早上整个港池都被冰层覆盖，轮渡也因此停航。"]
    thread = ["网友甲：一九八七年的冬天比今年还冷。", "网友乙：希望轮渡早日恢复。"]
    page = "\n\n".join(["港口提前三周结冰", "网友评论", *article, "网友评论", *thread])
    (tmp_path / "mine.toml").write_text('[rules.comments]\nkind = "cut-after"\ntext = "网友评论"\nbelow_share = 0.3\n',
                                        encoding="utf-8")
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False)
    assert not book.problems
    removed = [r.text for r in cleaner.normalize(page, rules=book).removed if r.rule == "mine/comments"]
    assert removed == ["网友评论", *thread]  # not the link under the headline
