"""Site templates learned from a corpus (cleaner.learn, `cleaner rules learn`)."""

from __future__ import annotations

import json
import tomllib

import pytest

import cleaner
from cleaner.cli import main
from cleaner.examples import run_examples
from cleaner.learn import Learner, decide, learn_records, rule_files, write_rule_files
from cleaner.rulebook import load_rule_file, load_rulebook

MENU = ["Главная", "Новости", "Политика", "Экономика", "Версия для печати"]
FOOTER = ["Комментарии", "Войти через соцсети", "© 2012 Пример Новости"]
# A sentence that recurs inside every article (a disclaimer): article text, never learned.
DISCLAIMER = "Мнение автора может не совпадать с позицией редакции, которая не несёт за него ответственности."
LONG_INSIDE = "Читайте также наши специальные репортажи о жизни регионов"  # 8 words, between paragraphs


def page(n: int) -> str:
    paragraphs = [f"Статья номер {n} рассказывает о событиях в городе, где жители обсуждают новые правила {i}."
                  for i in range(3)]
    lines = [f"Заголовок статьи {n} | Пример Новости", *MENU, f"Заголовок статьи {n}", paragraphs[0], LONG_INSIDE,
             paragraphs[1], DISCLAIMER, paragraphs[2], f"Просмотрено: {100 + n * 7}", *FOOTER,
             f"Комментарий читателя {n}"]
    return "\n\n".join(lines)


def learner_of(pages: int, url: str | None = "https://primer.ru/{n}") -> Learner:
    learner = Learner()
    for n in range(pages):
        learner.add(page(n), url.format(n=n) if url else None)
    return learner


def test_the_template_is_learned_and_article_text_is_not():
    learned = decide(learner_of(8).sites["primer.ru"])
    dropped = {e.text for e in learned.header + learned.inside + learned.footer}
    assert set(MENU) <= dropped and {"Войти через соцсети"} <= dropped
    assert DISCLAIMER not in dropped  # prose: never learned, however often it recurs
    assert LONG_INSIDE not in dropped  # more than a few words, between paragraphs: position says article
    numbered = [e.text for e in learned.numbered]
    assert "Просмотрено: 100" in numbered  # "Просмотрено: 107", "Просмотрено: 114", …
    assert "Заголовок статьи 1" not in numbered  # a page's headline (in its title) is article text there
    assert learned.cut is not None and learned.cut.text == "Комментарии"


def test_a_line_on_less_than_half_of_the_pages_is_not_learned():
    learner = learner_of(6)
    for n in range(6, 14):
        learner.add(page(n).replace("Экономика", f"Раздел {n}"), f"https://primer.ru/{n}")
    dropped = {e.text for e in (lambda d: d.header + d.inside + d.footer)(decide(learner.sites["primer.ru"]))}
    assert "Экономика" not in dropped and "Главная" in dropped


def test_the_file_loads_passes_its_example_and_cleans_the_site(tmp_path):
    learner = learner_of(8)
    paths = write_rule_files(learner, tmp_path / "learned", min_pages=5)
    assert [p.name for p in paths] == ["primer.ru.learned.toml"]
    text = paths[0].read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["site"] == {"domains": ["primer.ru"], "description": "Template of primer.ru, learned from 8 pages",
                            "learned": True}
    assert "# on 8 of 8 pages" in text and data["examples"]
    book = load_rulebook([tmp_path / "learned"], env=False, entry_points=False)
    results = run_examples(book, [tmp_path / "learned"])
    assert results and all(r.ok for r in results), results
    article = cleaner.normalize(page(99), url="https://primer.ru/99", rules=book)
    assert "Версия для печати" not in article.text and DISCLAIMER in article.text
    assert article.title == "Заголовок статьи 99"  # taken by the headline rule before the template went
    alone = cleaner.normalize(page(99), url="https://primer.ru/99", rules=book,
                              config=cleaner.Config()._replace(generic=False))
    learned_removals = {r.text for r in alone.removed if r.rule.startswith("primer.ru.learned/")}
    assert set(MENU) <= learned_removals and DISCLAIMER in alone.text


def test_the_same_input_writes_the_same_bytes(tmp_path):
    first = rule_files(learner_of(7), tmp_path)
    second = rule_files(learner_of(7), tmp_path)
    assert first == second and first


def test_partitions_merged_learn_what_one_pass_learns(tmp_path):
    pages = [(page(n), f"https://primer.ru/{n}", None) for n in range(9)]
    whole = learn_records(pages)
    parts = Learner()
    for chunk in (pages[:4], pages[4:]):
        parts.merge(learn_records(chunk))
    assert rule_files(whole, tmp_path) == rule_files(parts, tmp_path)


def test_memory_is_bounded_per_site():
    learner = Learner(epsilon=0.05)  # lines seen on fewer than 1 page in 20 are let go
    for n in range(400):
        learner.add_lines(["Menu", "Home", f"a line of page {n} alone", f"another line {n}"], "https://big.example/")
    site = learner.sites["big.example"]
    assert site.pages == 400 and len(site.lines) < 60  # not the 800 one-page lines
    assert {"Menu", "Home"} <= set(site.lines)


def test_pages_without_a_url_are_grouped_by_their_header(tmp_path):
    learner = learner_of(6, url=None)
    assert len(learner.sites) == 1
    paths = write_rule_files(learner, tmp_path, min_pages=5)
    book = load_rulebook([tmp_path], env=False, entry_points=False)
    assert book.site_for(None, page(50).split("\n\n")) is not None
    assert paths[0].name.startswith("site-")


def test_a_hand_written_file_wins_over_a_learned_one(tmp_path):
    write_rule_files(learner_of(6, url="https://news.primer.ru/{n}"), tmp_path / "learned")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "primer.ru.toml").write_text('[site]\ndomains = ["primer.ru"]\n\n[rules.x]\nkind = "drop"\n'
                                                      'text = "Главная"\n', encoding="utf-8")
    book = load_rulebook([tmp_path / "learned", tmp_path / "mine"], env=False, entry_points=False)
    # The learned file's domain (news.primer.ru) is longer, and the hand-written one still wins.
    assert book.site_for("https://news.primer.ru/1", []).name == "primer.ru"
    learned_only = load_rulebook([tmp_path / "learned"], env=False, entry_points=False)
    assert learned_only.site_for("https://news.primer.ru/1", []).learned


def test_learned_must_be_a_boolean(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[site]\ndomains = ["x.org"]\nlearned = "yes"\n', encoding="utf-8")
    assert any("key 'learned'" in p for p in load_rule_file(path)[1])


def _corpus(tmp_path, pages: int = 8) -> str:
    path = tmp_path / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(pages):
            fh.write(json.dumps({"id": str(n), "url": f"https://primer.ru/{n}", "text": page(n)}, ensure_ascii=False)
                     + "\n")
        fh.write("not json\n")  # an unreadable record is counted, not learned from
    return str(path)


def test_cli_rules_learn_writes_files_that_rules_test_passes(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    assert main(["rules", "learn", corpus, "-o", str(tmp_path / "out"), "--min-pages", "5"]) == 0
    assert "learned 1 site file" in capsys.readouterr().err
    assert main(["rules", "test", "--rules", str(tmp_path / "out"), str(tmp_path / "out")]) == 0


def test_cli_normalize_learn_sites_cleans_with_what_it_learned(tmp_path, capsys):
    corpus = _corpus(tmp_path)
    keep = tmp_path / "kept-rules"
    assert main(["normalize", corpus, "--learn-sites", "--learned-rules", str(keep), "-o", str(tmp_path / "a.jsonl"),
                 "--errors", str(tmp_path / "e.jsonl"), "-q"]) == 1  # the bad line is an error record
    articles = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(articles) == 8 and (keep / "primer.ru.learned.toml").exists()
    assert all(a["site"] == "primer.ru.learned" and "Версия для печати" not in a["text"] for a in articles)


def test_cli_learning_refuses_standard_input(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["normalize", "-", "--learn-sites"])
    with pytest.raises(SystemExit):
        main(["normalize", "x.jsonl", "--learned-rules", str(tmp_path)])


def test_dask_counts_in_chunks_and_learns_the_same_files(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from cleaner import learn

    corpus = _corpus(tmp_path, pages=9)
    assert main(["rules", "learn", corpus, "-o", str(tmp_path / "here"), "-q"]) == 0
    monkeypatch.setattr(learn, "LEARN_CHUNK", 2)  # five tasks, merged in order
    assert main(["rules", "learn", corpus, "-o", str(tmp_path / "dask"), "--engine", "dask", "-j", "1", "-q"]) == 0
    here = {p.name: p.read_bytes() for p in (tmp_path / "here").iterdir()}
    assert here and here == {p.name: p.read_bytes() for p in (tmp_path / "dask").iterdir()}


def test_the_first_pass_keeps_counts_only_for_sites_with_enough_pages(tmp_path):
    from cleaner.learn import count_sites

    pages = [(page(n), f"https://primer.ru/{n}", None) for n in range(6)]
    pages += [(f"A one-page site {n}\n\nIts only line.", f"https://site{n}.example/", None) for n in range(50)]
    counts = count_sites(pages)
    assert counts["primer.ru"] == 6 and len(counts) == 51
    only = {key for key, n in counts.items() if n >= 5}
    learner = learn_records(pages, only=only)
    assert set(learner.sites) == {"primer.ru"} and learner.pages == 56
    assert rule_files(learner, tmp_path) == rule_files(learn_records(pages[:6]), tmp_path)


def test_share_sets_how_often_a_line_must_recur(tmp_path):
    corpus = _corpus(tmp_path)
    assert main(["rules", "learn", corpus, "-o", str(tmp_path / "all"), "--share", "1", "-q"]) == 0
    text = (tmp_path / "all" / "primer.ru.learned.toml").read_text(encoding="utf-8")
    assert "at least 100% of the pages" in text and "# on 8 of 8 pages" in text
    assert all(line.endswith("# on 8 of 8 pages") for line in text.splitlines() if "# on " in line)
    with pytest.raises(SystemExit):
        main(["rules", "learn", corpus, "-o", str(tmp_path / "x"), "--share", "0"])
