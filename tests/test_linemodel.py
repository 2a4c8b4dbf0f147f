"""The line model: tree walking, model files, the ``line-model`` kind's guards and its audit trail."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import textwrap
import warnings
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import compiled, linefeatures
from cleaner.document import Line
from cleaner.linefeatures import (
    FEATURES, best_run, line_features, line_words, page_language, paragraph_chains, stoplist,
)
from cleaner.linemodel import (
    CONTEXT_FEATURES, FORMAT, LEXICAL_FEATURES, Forest, Lexicon, LineModel, ModelError, choose, cut_off,
    expected_utility, kept, lexical_tokens, line_key, load, rounded,
)
from cleaner.prefilter import found_in
from cleaner.rulebook import RuleBook, builtin_rules_dir, load_rulebook
from cleaner.scripts import letter_count

SCHEMA = json.loads((Path(cleaner.__file__).parent / "schema" / "article.schema.json").read_text())
MENU = ["News", "Sport", "Business", "Opinion", "Weather"]
PARAGRAPHS = [
    "The harbour froze three weeks earlier than usual this winter, the port authority said on Monday,"
    " leaving a dozen fishing boats stuck at their moorings.",
    "Ice first formed along the eastern quay on Friday night, when temperatures fell to minus eighteen"
    " degrees, and by Sunday morning it covered the whole basin.",
    '"We have not seen anything like this since 1987," said harbour master Tom Hale, who has worked at'
    " the port for thirty years.",
    "The authority has asked an icebreaker from the coast guard to open a channel so that the ferry to"
    " the islands can run again by Wednesday.",
]
PAGE = "\n\n".join(["Harbour freezes three weeks early | The Northport Courier", *MENU,
                    "Harbour freezes three weeks early", "By Jane Doe", *PARAGRAPHS, "Related stories",
                    "Ferry timetable cut for winter", "New quay opens after two years of works"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(-10**7, 10**7).map(lambda k: k / 2000)), max_size=40),
       st.integers(0, 24))
def test_scores_rounded_at_once_are_the_floats_round_gives(scores, digits):
    assert rounded(scores, digits) == pytest.approx([round(s, digits) for s in scores], nan_ok=True, rel=0, abs=0)
    assert [repr(x) for x in rounded(scores, digits)] == [repr(round(s, digits)) for s in scores]


def test_scores_rounded_past_the_array_operations_warn_of_nothing():
    """Huge, infinite and missing scores go to round; numpy's pass over them says nothing."""
    scores = [float("inf"), -float("inf"), float("nan"), 1e308, -1e308, 0.5]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [repr(x) for x in rounded(scores)] == [repr(round(s, 3)) for s in scores]


def test_scores_rounded_on_and_around_every_halfway_point():
    halves = [k / 2000 for k in range(2001)]  # 0, 0.0005, 0.001, ...: the ties of rounding to thousandths, and the thousandths
    near = [np.nextafter(h, d) for h in halves for d in (0.0, 2.0)]
    scores = halves + near + random.Random(7).sample(range(10**6), 2000) + [x / 10**6 for x in range(10**6)]
    assert rounded(scores) == [round(s, 3) for s in scores]


def test_forest_walks_every_tree_to_its_leaf_and_sums_them():
    # Tree 1: x0 <= 0.5 ? -1 : (x1 <= 2 ? 2 : 3). Tree 2: a single leaf, 0.25.
    forest = Forest({"depth": 2, "roots": [0, 5], "feature": [0, 0, 1, 0, 0, 0],
                     "threshold": [0.5, 0, 2.0, 0, 0, 0], "left": [1, 1, 3, 3, 4, 5],
                     "right": [2, 1, 4, 3, 4, 5], "value": [0, -1.0, 0, 2.0, 3.0, 0.25]}, n_features=2)
    margins = forest.margin(np.array([[0.0, 9.0], [1.0, 2.0], [1.0, 2.5], [0.5, 0.0]]))
    assert margins.tolist() == [-0.75, 2.25, 3.25, -0.75]


def test_forest_with_an_index_out_of_range_is_refused():
    with pytest.raises(ModelError, match="feature index out of range"):
        Forest({"depth": 0, "roots": [0], "feature": [7], "threshold": [0.0], "left": [0], "right": [0],
                "value": [1.0]}, n_features=2)


def test_builtin_model_matches_the_running_features():
    model = load(builtin_rules_dir() / "line-model.json")
    assert isinstance(model, LineModel) and "tune halves" in model.trained_on


@pytest.mark.parametrize(("change", "message"), [
    ({"format": "something-else/9"}, f"not a {FORMAT} file"),
    ({"features": list(FEATURES[:-1])}, "retrain it with `make train`"),
    ({"context_features": list(CONTEXT_FEATURES) + ["extra"]}, "other context features"),
    ({"lexical_features": list(LEXICAL_FEATURES[1:])}, "other lexical features"),
    ({"lexicons": {"English": {"tokens": {}}}}, "bad lexicon"),
    ({"lexicons": ["English"]}, "bad lexicons"),
])
def test_a_model_that_does_not_fit_the_code_is_a_rule_problem(tmp_path, change, message):
    data = json.loads((builtin_rules_dir() / "line-model.json").read_text())
    data.update(change)
    (tmp_path / "m.json").write_text(json.dumps(data))
    (tmp_path / "mine.toml").write_text(textwrap.dedent("""
        [rules.model]
        kind = "line-model"
        model = "m.json"
        [[examples]]
        input = "x"
    """))
    book = load_rulebook([tmp_path], env=False, entry_points=False, keep_going=True)
    problem = next(p for p in book.problems if "mine.toml" in p)
    assert "rule 'model': key 'model':" in problem and message in problem


def test_unreadable_model_file_is_a_rule_problem(tmp_path):
    (tmp_path / "mine.toml").write_text('[rules.model]\nkind = "line-model"\nmodel = "missing.json"\n')
    book = load_rulebook([tmp_path], env=False, entry_points=False, keep_going=True)
    assert any("key 'model':" in p and "cannot read model" in p for p in book.problems)


def test_page_furniture_goes_with_its_score_and_the_article_stays():
    article = cleaner.normalize(PAGE)
    scored = {r.text: r.score for r in article.removed if r.rule == "generic/line-model"}
    assert set(MENU) <= set(scored)
    assert all(0 <= score < 0.5 for score in scored.values())
    for paragraph in PARAGRAPHS[:3]:
        assert paragraph in article.text
    assert article.title == "Harbour freezes three weeks early"


def test_score_is_in_the_json_only_where_a_score_decided():
    data = json.loads(cleaner.normalize(PAGE).to_json())
    jsonschema.validate(data, SCHEMA)
    for removal in data["removed"]:
        assert ("score" in removal) == (removal["rule"] == "generic/line-model")


def test_the_model_output_is_the_same_bytes_every_run():
    assert cleaner.normalize(PAGE).to_json() == cleaner.normalize(PAGE).to_json()


def test_an_html_page_is_read_by_the_line_model_as_a_dump_would_be():
    more = [f"Harbour report {i}: the port authority said that crews will keep working on the eastern"
            " quay until the ice is gone." for i in range(1, 7)]
    menu = "".join(f"<li><a href='/{w.lower()}'>{w}</a></li>" for w in ("Home", "World", "Business", "Sport", "Weather"))
    html = ("<html><head><title>Harbour freezes</title></head><body><nav><ul>" + menu + "</ul></nav><article>"
            "<h1>Harbour freezes three weeks early</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS + more) + "</article>"
            "<footer><p>About us</p><p>Contact</p><p>Advertise with us</p></footer></body></html>")
    article = cleaner.normalize(html, html=True)
    assert article.text.split("\n\n") == PARAGRAPHS + more
    scored = [r for r in article.removed if r.rule == "generic/line-model"]
    assert scored and all(r.score is not None for r in scored)


def test_a_snippet_is_left_to_the_rules():
    article = cleaner.normalize("A headline about a visit\n\nGates said the first visit went well.")
    assert article.text == "Gates said the first visit went well."
    assert not any(r.rule == "generic/line-model" for r in article.removed)


def _model_rules(tmp_path, **params) -> object:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "line-model.json").symlink_to(builtin_rules_dir() / "line-model.json")
    settings = "".join(f"{key} = {value}\n" for key, value in params.items())
    (tmp_path / "mine.toml").write_text(f'[rules.model]\nkind = "line-model"\nmodel = "line-model.json"\n{settings}')
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False)
    assert not book.problems
    return book


def test_when_no_line_reaches_the_threshold_the_best_scored_lines_stay(tmp_path):
    article = cleaner.normalize(PAGE, rules=_model_rules(tmp_path, threshold=1.0))
    scores = [r.score for r in article.removed if r.rule == "mine/model"]
    kept = article.text.split("\n\n")
    assert kept and all(line in PAGE.split("\n\n") for line in kept)
    best = float(article.warnings[-1].rsplit(" ", 1)[1].rstrip(")"))
    assert article.warnings[-1].startswith("mine/model: no line reached the threshold; kept the best-scored ones")
    assert all(score < 0.9 * best for score in scores) and len(scores) + len(kept) >= len(MENU) + len(PARAGRAPHS)


def test_a_page_with_nothing_left_to_judge_is_no_error(tmp_path):
    (tmp_path / "line-model.json").symlink_to(builtin_rules_dir() / "line-model.json")
    (tmp_path / "mine.toml").write_text('[rules.everything]\nkind = "drop"\npattern = "."\n'
                                        '[rules.model]\nkind = "line-model"\nmodel = "line-model.json"\nmin_lines = 0\n')
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False)
    article = cleaner.normalize("Share\n\nMenu", rules=book)
    assert article.text == "" and [r.rule for r in article.removed] == ["mine/everything"] * 2


def test_keeping_the_best_lines_can_be_turned_off(tmp_path):
    article = cleaner.normalize(PAGE, rules=_model_rules(tmp_path, threshold=1.0, keep_best=0))
    assert article.text == "" and not article.warnings


@pytest.mark.parametrize(("scores", "keep_best", "cut"), [
    ([0.2, 0.7, 0.4], 0.9, 0.5),  # a line reaches the threshold: the threshold stands
    ([0.2, 0.3, 0.4], 0.9, 0.9 * 0.4),  # none does: the lines near the best stay
    ([0.2, 0.3, 0.4], 0.0, 0.5),  # unless keep_best is off
])
def test_cut_off_is_the_threshold_unless_no_line_reaches_it(scores, keep_best, cut):
    assert cut_off(scores, 0.5, keep_best) == pytest.approx(cut)


@pytest.mark.parametrize(("scores", "extend", "bridge", "keep"), [
    ([0.9, 0.5, 0.9], 0.4, None, [True, True, True]),  # a line between two article lines stays with them
    ([0.1, 0.5, 0.9, 0.5], 0.4, None, [False, True, True, True]),  # a run carries on both ways
    ([0.5, 0.1, 0.9], 0.4, None, [False, False, True]),  # ... but not past a line below extend
    ([0.5, 0.6, 0.5], 0.4, None, [False, False, False]),  # nothing starts a run: no line reaches 0.7
    ([0.9, 0.5, 0.9], None, None, [True, False, True]),  # no extend: one threshold
    ([0.9, 0.5, 0.9], 0.8, None, [True, False, True]),  # extend above the threshold: the same
    ([0.9, 0.35, 0.35, 0.9], 0.4, 0.3, [True, True, True, True]),  # a gap between runs closes at bridge
    ([0.9, 0.35, 0.35], 0.4, 0.3, [True, False, False]),  # ... but an edge does not carry on at it
    ([0.9, 0.35, 0.2, 0.35, 0.9], 0.4, 0.3, [True, False, False, False, True]),  # one line below bridge: open
    ([], 0.4, 0.3, []),
])
def test_runs_start_at_the_threshold_extend_and_bridge_gaps(scores, extend, bridge, keep):
    assert kept(scores, 0.7, 0.0, extend, bridge) == keep


def test_on_a_page_where_no_line_reaches_the_threshold_the_best_lines_start_the_runs():
    # the cut is 0.9 x 0.40 = 0.36: 0.40 and 0.37 start runs, 0.33 joins the second (extend 0.3)
    assert kept([0.40, 0.1, 0.37, 0.33], 0.7, 0.9, 0.3) == [True, False, True, True]
    assert kept([0.40, 0.1, 0.37, 0.33], 0.7, 0.0, 0.3) == [False, False, False, False]  # keep_best off


def test_a_run_carries_on_through_the_rule_s_extend(tmp_path):
    """extend = 0 carries every run over the whole page; extend = threshold is one threshold."""
    whole = cleaner.normalize(PAGE, rules=_model_rules(tmp_path / "a", threshold=0.75, extend=0.0))
    assert not any(r.rule == "mine/model" for r in whole.removed)
    single = cleaner.normalize(PAGE, rules=_model_rules(tmp_path / "b", threshold=0.75, extend=0.75, bridge=0.75))
    plain = cleaner.normalize(PAGE, rules=_model_rules(tmp_path / "c", threshold=0.75))
    assert single.to_json() == plain.to_json()
    assert any(r.rule == "mine/model" for r in single.removed)


@pytest.mark.parametrize(("settings", "problem"), [
    ("threshold = 0.5\nextend = 0.6\n", "extend must not be above threshold"),
    ("threshold = 0.7\nextend = 0.4\nbridge = 0.5\n", "bridge must not be above extend"),
    ("threshold = 0.5\nbridge = 0.6\n", "bridge must not be above extend"),
])
def test_extend_and_bridge_above_what_they_follow_are_rule_problems(tmp_path, settings, problem):
    (tmp_path / "line-model.json").symlink_to(builtin_rules_dir() / "line-model.json")
    (tmp_path / "mine.toml").write_text(f'[rules.model]\nkind = "line-model"\nmodel = "line-model.json"\n{settings}')
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False, keep_going=True)
    assert any(problem in p for p in book.problems)


def test_expected_utility_mixes_expected_precision_and_recall_by_words():
    # 30 words of which 15 are expected article text; keeping the first two lines keeps 14 of them in 20
    assert expected_utility([0.9, 0.5, 0.1], [10, 10, 10], [True, True, False], 0.65) == pytest.approx(
        0.65 * 14 / 20 + 0.35 * 14 / 15)
    assert expected_utility([0.9, 0.5], [0, 0], [True, False], 1.0) == pytest.approx(0.9)  # a line weighs 1 at least
    assert expected_utility([0.9, 0.5], [10, 10], [False, False], 0.5) == 0.0


STRICT = [(0.7, 0.4, 0.3), (0.9, 0.6, 0.5)]


@pytest.mark.parametrize(("weight", "chosen"), [(0.5, 0), (0.9, 1)])
def test_choose_takes_the_setting_the_page_s_scores_expect_to_serve_best(weight, chosen):
    # two sure lines and a band of middling ones: the usual setting keeps the band, the strict one
    # does not, and which pays depends on how much precision weighs against recall
    scores, words = [0.95, 0.95, 0.55, 0.55, 0.55, 0.55], [10] * 6
    index, keep = choose(scores, words, STRICT, 0.9, weight)
    assert index == chosen
    assert keep == kept(scores, *STRICT[chosen][:1], 0.9, *STRICT[chosen][1:])


def test_choose_keeps_the_first_setting_when_all_keep_the_same_lines():
    assert choose([0.99, 0.99, 0.01], [10, 10, 10], STRICT, 0.9, 0.65) == (0, [True, True, False])


@pytest.mark.parametrize(("weight", "related_stay"), [(0.5, True), (0.9, False)])
def test_the_rule_lets_each_page_take_the_shift_its_scores_pay_for(tmp_path, monkeypatch, weight, related_stay):
    related = ["Related stories", "Ferry timetable cut for winter", "New quay opens after two years of works"]
    middling = {"By Jane Doe", *related}
    sure = {"Harbour freezes three weeks early", *PARAGRAPHS}
    monkeypatch.setattr(LineModel, "scores", lambda self, rows, words, texts, language=None, read=None: [
        0.95 if t in sure else 0.55 if t in middling else 0.05 for t in texts])
    book = _model_rules(tmp_path, threshold=0.7, extend=0.4, bridge=0.3, shifts=[0.2], precision_weight=weight)
    article = cleaner.normalize(PAGE, rules=book)
    body = article.text.split("\n\n")
    assert "By Jane Doe" in body and all(p in body for p in PARAGRAPHS)  # bridged under either setting
    assert all(r in body for r in related) == related_stay
    removed = {r.text: r.score for r in article.removed}
    assert [removed.get(r) for r in related] == [None if related_stay else 0.55] * 3
    assert "Weather" in removed and not article.warnings


@pytest.mark.parametrize(("settings", "problem"), [
    ("shifts = [0.4]\n", "key 'shifts': 0.4 moves the threshold (0.7)"),
    ("shifts = [-0.4]\n", "key 'shifts': -0.4 moves the threshold (0.7) or bridge (0.3)"),
    ("shifts = 0.1\n", "key 'shifts': must be a list of numbers"),
    ("precision_weight = 1.5\n", "key 'precision_weight': must be between 0 and 1"),
])
def test_shifts_and_weights_out_of_range_are_rule_problems(tmp_path, settings, problem):
    (tmp_path / "line-model.json").symlink_to(builtin_rules_dir() / "line-model.json")
    (tmp_path / "mine.toml").write_text('[rules.model]\nkind = "line-model"\nmodel = "line-model.json"\n'
                                        f'threshold = 0.7\nextend = 0.4\nbridge = 0.3\n{settings}')
    book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False, keep_going=True)
    assert any(problem in p for p in book.problems), book.problems


# PAGE in languages the lexicon (words of the English tune half) does not know: the model judges
# such a page by its shape, as it was trained to on records fitted with no word known. Chinese
# puts no spaces between words: its Han characters count as words (linefeatures._tokens).
FOREIGN = {
    "es": ("El puerto se congela tres semanas antes | El Correo del Norte",
           ["Noticias", "Deportes", "Economía", "Opinión", "Tiempo"],
           "El puerto se congela tres semanas antes", "Por Juana Pérez",
           ["El puerto se congeló tres semanas antes de lo habitual este invierno, según informó el lunes la autoridad"
            " portuaria, y una docena de barcos de pesca quedaron atrapados en sus amarres.",
            "El hielo se formó primero a lo largo del muelle oriental el viernes por la noche, cuando las temperaturas"
            " bajaron a menos dieciocho grados, y el domingo por la mañana cubría toda la dársena.",
            "«No habíamos visto nada parecido desde 1987», dijo el capitán del puerto, Tomás Hale, que trabaja en el"
            " puerto desde hace treinta años.",
            "La autoridad ha pedido a la guardia costera un rompehielos para abrir un canal y que el transbordador a"
            " las islas pueda volver a funcionar el miércoles."],
           ["Noticias relacionadas", "Horario del transbordador recortado en invierno",
            "El nuevo muelle abre tras dos años de obras"]),
    "ru": ("Гавань замёрзла на три недели раньше | Северный курьер",
           ["Новости", "Спорт", "Экономика", "Мнения", "Погода"],
           "Гавань замёрзла на три недели раньше", "Анна Петрова",
           ["Гавань замёрзла на три недели раньше обычного этой зимой, сообщило в понедельник управление порта, и"
            " дюжина рыболовных судов оказалась заперта у причалов.",
            "Лёд впервые появился у восточного причала в пятницу вечером, когда температура опустилась до минус"
            " восемнадцати градусов, а к утру воскресенья он покрыл всю акваторию.",
            "«Мы не видели ничего подобного с 1987 года», — сказал капитан порта Фёдор Галкин, который работает в"
            " порту тридцать лет.",
            "Управление попросило береговую охрану прислать ледокол, чтобы проложить канал и чтобы паром на острова"
            " снова пошёл к среде."],
           ["Читайте также", "Расписание парома сокращено на зиму", "Новый причал открылся после двух лет работ"]),
    "de": ("Hafen friert drei Wochen früher zu | Der Nordkurier",
           ["Nachrichten", "Sport", "Wirtschaft", "Meinung", "Wetter"],
           "Hafen friert drei Wochen früher zu", "Von Jana Müller",
           ["Der Hafen ist in diesem Winter drei Wochen früher als üblich zugefroren, teilte die Hafenbehörde am"
            " Montag mit, und ein Dutzend Fischerboote sitzt an den Liegeplätzen fest.",
            "Das Eis bildete sich zuerst am Ostkai in der Nacht zum Samstag, als die Temperaturen auf minus achtzehn"
            " Grad fielen, und am Sonntagmorgen bedeckte es das ganze Becken.",
            "„So etwas haben wir seit 1987 nicht gesehen“, sagte Hafenmeister Tom Hale, der seit dreißig Jahren im"
            " Hafen arbeitet.",
            "Die Behörde hat die Küstenwache um einen Eisbrecher gebeten, damit die Fähre zu den Inseln bis Mittwoch"
            " wieder fahren kann."],
           ["Weitere Artikel", "Fährfahrplan im Winter gekürzt", "Neuer Kai nach zwei Jahren Bauzeit eröffnet"]),
    "fr": ("Le port gèle trois semaines plus tôt | Le Courrier du Nord",
           ["Actualités", "Sport", "Économie", "Opinion", "Météo"],
           "Le port gèle trois semaines plus tôt", "Par Jeanne Dupont",
           ["Le port a gelé trois semaines plus tôt que d'habitude cet hiver, a indiqué lundi l'autorité portuaire,"
            " et une douzaine de bateaux de pêche sont restés bloqués à leurs amarres.",
            "La glace s'est d'abord formée le long du quai est vendredi soir, lorsque les températures sont"
            " descendues à moins dix-huit degrés, et dimanche matin elle couvrait tout le bassin.",
            "« Nous n'avions rien vu de tel depuis 1987 », a déclaré le capitaine du port, Tom Hale, qui travaille"
            " au port depuis trente ans.",
            "L'autorité a demandé un brise-glace aux garde-côtes pour ouvrir un chenal afin que le ferry vers les"
            " îles puisse reprendre mercredi."],
           ["Articles liés", "Horaires du ferry réduits pour l'hiver",
            "Le nouveau quai ouvre après deux ans de travaux"]),
    "zh": ("港口提前三周结冰 | 北方信使报",
           ["新闻", "体育", "财经", "观点", "天气"],
           "港口提前三周结冰", "记者 张三",
           ["港务局周一表示，今年冬天港口比往年提前三周结冰，十几艘渔船被困在泊位上无法出海。",
            "周五晚上气温降到零下十八度时，东码头沿岸首先结冰，到周日早上冰层已经覆盖了整个港池。",
            "在港口工作了三十年的港务长哈尔说：“自1987年以来，我们从未见过这样的情况。”",
            "港务局已请求海岸警卫队派出破冰船开辟航道，以便前往岛屿的渡轮能在周三之前恢复运行。"],
           ["相关新闻", "冬季渡轮时刻表缩减", "新码头历时两年建成开放"]),
    "ar": ("تجمد الميناء قبل ثلاثة أسابيع | بريد الشمال",
           ["أخبار", "رياضة", "اقتصاد", "رأي", "طقس"],
           "تجمد الميناء قبل ثلاثة أسابيع", "بقلم سارة علي",
           ["قالت سلطة الميناء يوم الاثنين إن الميناء تجمد هذا الشتاء قبل موعده المعتاد بثلاثة أسابيع، وإن عشرات"
            " من قوارب الصيد علقت في مراسيها.",
            "تشكل الجليد أولا على طول الرصيف الشرقي مساء الجمعة عندما انخفضت درجات الحرارة إلى ثماني عشرة درجة تحت"
            " الصفر، وبحلول صباح الأحد غطى الحوض بأكمله.",
            "وقال قائد الميناء توم هيل، الذي يعمل في الميناء منذ ثلاثين عاما: لم نر شيئا كهذا منذ عام 1987.",
            "وطلبت السلطة من خفر السواحل إرسال كاسحة جليد لفتح قناة حتى تتمكن العبارة المتجهة إلى الجزر من العودة"
            " إلى العمل بحلول الأربعاء."],
           ["أخبار ذات صلة", "تقليص جدول العبارة في الشتاء", "افتتاح الرصيف الجديد بعد عامين من العمل"]),
}


def _without_lexicons():
    """The built-in rules with a line model that knows no language's words: every page is judged
    by its shape, as a page in a language the model has no lexicon for is."""
    data = json.loads((builtin_rules_dir() / "line-model.json").read_text())
    blind = LineModel({**data, "lexicons": {}})
    book = load_rulebook(env=False, entry_points=False)
    files = tuple(dataclasses.replace(f, rules=tuple(
        dataclasses.replace(r, params={**r.params, "model": blind}) if r.kind == "line-model" else r for r in f.rules))
        for f in book.files)
    return RuleBook(files, book.problems)


@pytest.mark.parametrize("lang", sorted(FOREIGN))
@pytest.mark.parametrize("lexicons", ["built-in", "none"])
def test_a_page_in_any_language_keeps_its_article_and_loses_its_furniture(lang, lexicons):
    page_title, menu, headline, byline, paragraphs, related = FOREIGN[lang]
    rules = None if lexicons == "built-in" else _without_lexicons()
    article = cleaner.normalize("\n\n".join([page_title, *menu, headline, byline, *paragraphs, *related]), rules=rules)
    assert (article.lang, article.title) == (lang, headline)
    assert article.text.split("\n\n")[-len(paragraphs):] == paragraphs
    removed = [r.text for r in article.removed]
    assert all(line in removed for line in menu + related)


def test_pages_a_site_file_handled_are_left_alone():
    article = cleaner.normalize(PAGE, site="defense.gov")
    assert not any(r.rule == "generic/line-model" for r in article.removed)
    assert "Weather" in article.text.split("\n\n")


@pytest.mark.parametrize(("scores", "run"), [
    ([-1, 3, -1, 2, -5, 1], (1, 3)),  # a dip inside the body does not split it
    ([2, -5, 1, 1, 1], (2, 4)),  # a deep gap does
    ([-1, -2], (0, -1)),  # nothing scores: no run
])
def test_best_run_finds_the_highest_scoring_run(scores, run):
    assert best_run(scores) == run


def test_lexicon_keys_are_words_with_marked_ends_and_digits_folded():
    assert lexical_tokens("Share on Facebook") == {"share", "on", "facebook", "^share", "facebook$"}
    assert lexical_tokens("12 Comments") == {"00", "comments", "^00", "comments$"}
    assert line_key("Posted March 3, 2024") == "posted march 0 0000"


def test_chinese_lexicon_keys_are_pairs_of_neighbouring_characters():
    # "share to:", then a Latin word and a lone character; no segmenter's dictionary is needed
    assert lexical_tokens("分享到：微博 QQ空间") == {"分享", "享到", "微博", "qq", "空间", "^分享", "空间$"}
    assert lexical_tokens("图") == {"图", "^图", "图$"}


def test_lexicon_features_sum_known_words_and_look_up_whole_lines():
    lexicon = Lexicon({"tokens": {"share": -2.0, "^share": -1.0, "harbour": 1.5}, "lines": {"share": -3.0}})
    rows = lexicon.features(["Share", "The harbour froze", "Zzz"])
    assert rows.shape == (3, len(LEXICAL_FEATURES)) and rows.dtype == np.float64
    share, harbour, unknown = rows.tolist()
    assert share == [-3.0, -1.5, -2.0, -1.0, 2.0, -3.0, 1.0]
    assert harbour == [1.5, 1.5, 1.5, 1.5, 1.0, 0.0, 0.0]
    assert unknown == [0.0] * len(LEXICAL_FEATURES)
    # a line's row depends on its text alone, not on the page around it
    assert lexicon.features(["share", "Zzz", "The harbour froze"]).tolist() == [share, unknown, harbour]
    assert lexicon.features([]).shape == (0, len(LEXICAL_FEATURES))


def test_a_paragraph_cut_at_its_links_is_one_chain():
    lines = [Line(1, "The trucks rotate daily; the calendar is on"), Line(2, "the Bleu Garten website"),
             Line(3, ". The Bar Pod serves craft beer."), Line(4, "Contact"), Line(6, "about us")]
    assert paragraph_chains(lines) == [(0, 2), (0, 2), (0, 2), (3, 3), (4, 4)]


def test_features_of_a_page_are_computed_per_line_from_its_neighbours():
    paragraph = "The port authority said on Monday that the harbour froze three weeks early."
    lines = [Line(1, "Menu"), Line(2, "Home"), Line(4, paragraph), Line(5, "Share"), Line(6, paragraph)]
    rows = line_features(lines, [line.text for line in lines], None)
    assert rows.shape == (5, len(FEATURES))
    col = {name: rows[:, i].tolist() for i, name in enumerate(FEATURES)}
    log1 = np.log1p
    assert line_words(rows).tolist() == [1, 1, 13, 1, 13]
    assert col["short_run"] == [log1(2), log1(2), 0.0, log1(1), 0.0]
    assert col["block_lines"] == [log1(2), log1(2), log1(3), log1(3), log1(3)]
    assert col["dense_before"] == [log1(5), log1(5), log1(5), log1(1), log1(2)]  # 5 lines: "none"
    assert col["dense_after"] == [log1(2), log1(1), log1(2), log1(1), log1(5)]
    assert col["furniture_since_body"] == [-1.0, -1.0, -1.0, 0.0, log1(1)]  # "Share" after the first paragraph
    assert col["prev_log_words"] == [-1.0, *col["log_words"][:-1]]
    assert col["next2_log_words"] == [*col["log_words"][2:], -1.0, -1.0]
    assert col["repeated"] == [0.0, 0.0, log1(1), 0.0, log1(1)]
    assert col["window_terminal"] == [1 / 4, 2 / 5, 2 / 5, 2 / 5, 2 / 4]


@pytest.mark.parametrize("filler", [0, 25])  # fewer lines than the prefilter takes, and more
def test_the_pattern_columns_are_each_line_s_own_search(filler):
    """urlish, copyright and date_like say what a search of each line finds (the page's lines are
    searched at once)."""
    texts = ["Visit WWW.Example.org today", "write to desk@paper.net", "© 2024 The Paper", "COPYRIGHT notice",
             "Posted 12.03.2024 at 10:30", "(c) 1999", "A long line of words with a date 12.03.2024 that is not short "
             "at all, so the date is not looked for", "nothing here", "http://x.co"] + ["filler line"] * filler
    lines = [Line(i + 1, text) for i, text in enumerate(texts)]
    rows = line_features(lines, texts, None)
    col = {name: rows[:, i].tolist() for i, name in enumerate(FEATURES)}
    lowered = [text.lower() for text in texts]
    assert col["urlish"] == [float(bool(linefeatures._URLISH.search(low) or linefeatures._EMAIL_AT.search(text)))
                             for text, low in zip(texts, lowered)]
    assert col["copyright"] == [float(bool(linefeatures.COPYRIGHT.search(low))) for low in lowered]
    assert col["date_like"] == [float(len(linefeatures.words(text)) <= 12 and bool(linefeatures._DATE_LIKE.search(text)))
                                for text in texts]
    assert col["urlish"][:3] == [1.0, 1.0, 0.0] and col["copyright"][2:6] == [1.0, 1.0, 0.0, 1.0]
    assert col["date_like"][4:7] == [1.0, 1.0, 0.0]


# Pieces of lines dense in what the four patterns of pattern_flags look for, and in what sits at
# their edges: Unicode digits ("٣", "５"), word characters that are no letters ("_"), a non-ASCII
# space, "K" (Kelvin, lower-cased to "k") and "İ" (to "i" and a combining dot).
_FLAG_PIECES = ["http", "HTTPS", "://", ":/", "www.", "WwW", ".com", ".ORG", ".net", ".nets", "@", "a@b", "©",
                "(c)", "(C)", " ", "  ", "\u00a0", "\t", "copyright", "COPYRİGHT", "Copy", "right", "19", "20", "2024",
                "1", "12", "123", "12345", ".", "/", "-", ":", "٣", "５", "_", "x", "İ", "K", "é", "Ж", "s", "w", "c",
                "\n"]


# Lines at the edges of the patterns: a part of a date one digit too long, a scheme in capitals,
# a copyright mark before a non-ASCII space.
_FLAG_EDGES = ["1.123.4", "1.12.4", "1.1.12345", "1.1.1234", "12345/1/1", "1234/1/1", "HTTPS://x", "Https://",
               "(c)\u00a02024", "(C)\t2024", "(c) 202", "1:234", "1:23", "123:45", "19999", "1999", "x2020", "2020x",
               "2020_", "12-1-2124", "1-1-1", "1-12-2124x", "a@_", "@b", "a@", "x.COM", "x.comb", "x.com_", "x.com.", "٣:٣٣", "COPYRİGHT", "Kopyright"]


def _flags_and_searches(texts: list[str], asked: np.ndarray) -> tuple[list[list[float]], list[list[float]]]:
    """compiled.pattern_flags' rows for the texts, and the four patterns' searches of each."""
    shapes = linefeatures._shapes(texts)
    flags = np.zeros((5, len(texts)))
    text = shapes["text"]
    compiled.pattern_flags(text.codes, text.bits, text.starts, text.ends, asked, flags)
    assert not flags[4].any()
    searched = [[float(bool(linefeatures._URLISH.search(text.lower()))) for text in texts],
                [float(bool(linefeatures._EMAIL_AT.search(text))) for text in texts],
                [float(bool(ask and linefeatures._DATE_LIKE.search(text))) for text, ask in zip(texts, asked)],
                [float(bool(linefeatures.COPYRIGHT.search(text.lower()))) for text in texts]]
    return flags[:4].tolist(), searched


@pytest.mark.parametrize("seed", [1, 2])
def test_the_compiled_pattern_flags_are_each_line_s_searches(seed):
    """compiled.pattern_flags finds in each line what its four patterns' searches find: _URLISH and
    COPYRIGHT in the line lower-cased, _EMAIL_AT and _DATE_LIKE (in the lines asked) in the line."""
    flags, searched = _flags_and_searches(_FLAG_EDGES, np.ones(len(_FLAG_EDGES), dtype=bool))
    assert flags == searched
    assert sum(map(sum, flags)) > 10
    rng = random.Random(seed)
    for _ in range(1500):
        texts = ["".join(rng.choices(_FLAG_PIECES, k=rng.randint(0, 12))) for _ in range(rng.randint(1, 8))]
        asked = np.array([rng.random() < 0.7 for _ in texts])
        flags, searched = _flags_and_searches(texts, asked)
        assert flags == searched, texts


def test_lower_casing_the_ascii_capitals_is_all_the_pattern_flags_need():
    """Of all the characters beyond ASCII only "İ" lower-cases to a character that _URLISH or
    COPYRIGHT spells ("i", followed by a combining dot, after which "copyright" cannot go on, as it
    cannot after "İ"); and lower-casing keeps whether a character is \\w, \\d or \\s."""
    spelled = set("https://www.comorgnetcopyright(c)©")
    exceptions = set()
    classes = [re.compile(p).match for p in (r"\w", r"\d", r"\s")]
    for code in range(128, 0x110000):
        char = chr(code)
        low = char.lower()
        if low == char:
            continue
        if spelled & set(low):
            exceptions.add(char)
        assert [bool(test(char)) for test in classes] == [bool(test(low[0])) for test in classes], hex(code)
    assert exceptions == {"\u0130"} and "\u0130".lower() == "i\u0307"


def test_the_page_language_is_the_stoplist_its_longest_lines_hit_most():
    import justext

    german = ["Die Stadt hat am Montag gesagt, dass der Hafen nicht mehr zugefroren ist und wir", "Menü"]
    assert page_language(german) == "German"
    assert stoplist("German") == frozenset(justext.get_stoplist("German"))
    # Marathi's list carries English words from Wikipedia, more of them than English's own list
    english = ["The American and British teams said that they would meet again in the city after the war"]
    assert page_language(english) == "English"


def test_stopword_rows_by_hash_are_the_rows_by_word():
    from cleaner.linefeatures import _stoplists

    stop = _stoplists()
    sample = list(stop.words[::97]) + ["", "zzqx", "Der", "der", "\ud800", "的", "the", "ş"]
    assert stop.rows(sample) == [stop.row.get(word, -1) for word in sample]
    assert stop.rows([]) == []
    # A word whose hash finds a stopword's row that is not its own finds nothing.
    collided = stop.words.index("the")
    stop.hash_rows = stop.hash_rows.copy()
    at, _ = stop.hashes.places(compiled.text_hashes(["the"]))
    stop.hash_rows[at[0]] = collided + 1
    try:
        assert stop.rows(["the"]) == [-1]
        stop.hashes = None  # two stopwords of one hash: no index, the words looked up by text
        assert stop.rows(sample) == [stop.row.get(word, -1) for word in sample]
    finally:
        _stoplists.cache_clear()


def test_chinese_and_japanese_pages_are_told_by_their_characters_and_get_their_own_stoplists():
    assert page_language(["港务局周一表示，今年冬天港口比往年提前三周结冰。", "<script src='http://ads.example.cn/x.js'>"]) == "Chinese"
    assert page_language(["東京都は月曜日に発表した"]) == "Japanese"  # 4 of 12 characters are hiragana
    assert {"的", "了", "們"} <= stoplist("Chinese") and "港" not in stoplist("Chinese")
    assert {"の", "は", "を"} <= stoplist("Japanese") and "東" not in stoplist("Japanese")


def test_the_lexicon_is_left_out_on_a_page_in_another_language_than_its_own():
    data = json.loads((builtin_rules_dir() / "line-model.json").read_text())
    assert "English" in data["lexicons"] and "Spanish" not in data["lexicons"]
    model, blind = LineModel(data), LineModel({**data, "lexicons": {}})
    lines = [Line(i + 1, text) for i, text in enumerate(PAGE.split("\n\n"))]
    rows = line_features(lines, [line.text for line in lines], None)
    texts, words = [line.text for line in lines], line_words(rows)
    assert model.scores(rows, words, texts, "Spanish") == blind.scores(rows, words, texts, "English")
    assert model.scores(rows, words, texts, "English") != blind.scores(rows, words, texts, "English")


def test_letters_are_counted_per_script():
    assert letter_count("Hi Мир, 2024!") == 5
    assert letter_count("Hi Мир", "cyrillic") == 3
    assert letter_count("a1b2_c", "latin") == 3


# The patterns the line features search a page with, and shapes that cross a line break.
_LINE_PATTERNS = [re.compile(p) for p in (
    r"\bsign\s?in\b", r"©|\(c\)\s*\d{4}", r"\b\d{1,2}:\d\d\b", r"https?://|www\.", r"a")] + [
    linefeatures._FURNITURE, linefeatures._DATE_LIKE, linefeatures.COPYRIGHT, linefeatures._URLISH]
# At least 20 lines, or a few holding 500 characters or more: fewer are searched one by one
# (cleaner.prefilter._FEW, _FEW_CHARS).
_LINE_ALPHABET = "sign in(c)2024©:1 0w.a\u00e9shareSHARE"
_LINE_TEXT = st.one_of(
    st.lists(st.text(alphabet=_LINE_ALPHABET, max_size=12), min_size=20, max_size=30),
    st.lists(st.text(alphabet=_LINE_ALPHABET, min_size=250, max_size=400), min_size=2, max_size=4))


@settings(max_examples=300, deadline=None)
@given(texts=_LINE_TEXT, which=st.integers(0, len(_LINE_PATTERNS) - 1))
def test_the_features_patterns_are_found_in_the_lines_a_search_of_each_line_finds(texts, which):
    """One search over the joined page gives each line's own answer, matches across a line break
    ("sign" / "in", "(c)" / "2024") included."""
    pattern = _LINE_PATTERNS[which]
    assert list(found_in(pattern, texts)) == [i for i, text in enumerate(texts) if pattern.search(text)]


def _opening_words(pattern: re.Pattern[str]) -> set[str]:
    """The first run of word characters of every string ``pattern`` matches, when its language is
    finite: literals, character sets, optional parts and alternatives (a ``\\s`` stands for any
    white space, which ends a word the same way)."""
    from re import _constants as c
    from re import _parser

    def strings(items) -> list[str]:
        out = [""]
        for op, arg in items:
            if op is c.LITERAL:
                choices = [chr(arg)]
            elif op is c.IN:
                choices = [" " if o is c.CATEGORY else chr(a) for o, a in arg]
            elif op is c.AT:
                choices = [""]
            elif op is c.SUBPATTERN:
                choices = strings(arg[-1])
            elif op is c.BRANCH:
                choices = [s for branch in arg[1] for s in strings(branch)]
            elif op is c.MAX_REPEAT and arg[:2] == (0, 1):
                choices = ["", *strings(arg[2])]
            else:
                raise AssertionError(f"not a finite pattern: {op}")
            out = [a + b for a in out for b in choices]
        return out

    return {re.match(r"\w+", s).group() for s in strings(_parser.parse(pattern.pattern))}


def test_the_furniture_words_are_the_words_the_furniture_pattern_opens_with():
    assert _opening_words(re.compile(r"\b(?:sign\s?in|comments?|coment[áa]rios?)\b")) == {
        "sign", "signin", "comment", "comments", "comentario", "comentarios", "comentário", "comentários"}
    assert linefeatures._FURNITURE_WORDS == _opening_words(linefeatures._FURNITURE)


_FURNITURE_TEXT = st.lists(st.one_of(
    st.sampled_from(sorted(linefeatures._FURNITURE_WORDS) + ["sign in", "LOG  IN", "Rights Reserved", "SHARE"]),
    st.text(alphabet=" .,-_/İIi\u0307Σ分享éa1", max_size=4)), max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_FURNITURE_TEXT, min_size=1, max_size=25))
def test_furniture_is_found_in_the_lines_a_search_of_each_line_finds(texts):
    """Searched only in the lines holding a furniture word, "İ" (whose lower case is no word)
    and words run into Chinese characters included."""
    lowered = linefeatures.per_page(texts, str.lower)
    found = linefeatures._furniture_lines(linefeatures._shapes(texts, "English"), texts, np.ones(len(texts), bool))
    assert found.tolist() == [float(bool(linefeatures._FURNITURE.search(text))) for text in lowered]


def test_a_match_across_lines_is_checked_against_each_line():
    pattern = re.compile(r"\bsign\s?in\b")
    texts = ["please sign", "in now", "sign in"] + ["filler"] * 20
    assert list(found_in(pattern, texts)) == [2]


# Words whose lower case is not the table's: "İ" (two characters), "Σ" (σ or ς by its place), a
# character beyond the Basic Multilingual Plane (𝐀, a word character), and a lone surrogate.
_WORD_TEXT = st.text(alphabet=st.sampled_from("aBc ΣΟΔσςİiIÉé1_-.𝐀Ωωи\ud800\n"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_WORD_TEXT, min_size=1, max_size=6), title=_WORD_TEXT)
def test_the_words_hashes_are_their_lower_cased_texts_and_the_columns_those_of_the_sets(texts, title):
    """The stopword counts and the title overlap, read from the page's word hashes, are those of
    the lower-cased words as strings: each word's own ``str.lower``, final sigma and "İ" included."""
    texts = [text.replace("\n", " ") for text in texts]
    stop = frozenset({"i", "οδος", "ας", "and"})
    shapes = linefeatures._shapes(texts, stopwords=stop)
    lowered = [[word.lower() for word in linefeatures.words(text)] for text in texts]
    flat = [word for line in lowered for word in line]
    assert shapes["token_hashes"].tolist() == [linefeatures.text_hash(word) for word in flat]
    assert shapes["token_lengths"].tolist() == [len(word) for word in flat]
    assert shapes["stop"].tolist() == [sum(word in stop for word in line) for line in lowered]
    title_keys = {w.lower() for w in linefeatures.words(title) if len(w.lower()) >= 3} - stop
    expected = []
    for line in lowered:
        keys = {word for word in line if len(word) >= 3} - stop
        expected.append(len(keys & title_keys) / len(keys) if keys else 0.0)
    assert linefeatures._title_overlap(shapes, texts, [title], stop, False).tolist() == expected


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(_WORD_TEXT, st.text(alphabet=st.sampled_from("的了は中文abc "), max_size=12)),
                      min_size=1, max_size=6), picks=st.lists(st.integers(0, 5), min_size=1, max_size=2))
# a title of stopwords and short words only; a page read a Han character a word, whose title
# line's words as texts ("中文abcd") are not its words' hashes ("abcd")
@example(texts=["aBc B", "abc b"], picks=[0])
@example(texts=["中文中文中文中文中文abcd", "abcd"], picks=[0])
def test_the_title_lines_own_word_hashes_give_the_overlap_their_texts_give(texts, picks):
    """Where the title texts are lines of the page (the page title, the headline), their topic
    words are taken from the page's word hashes: the same overlap as from the texts, on pages read
    a Han character a word too (which take the texts' way)."""
    texts = [text.replace("\n", " ") for text in texts]
    stop = frozenset({"i", "οδος", "ας", "and", "的", "abc"})
    shapes = linefeatures._shapes(texts, stopwords=stop)
    lines = [pick % len(texts) for pick in picks]
    title_texts = [texts[i] for i in lines]
    assert (linefeatures._title_overlap(shapes, texts, title_texts, stop, False, lines).tolist()
            == linefeatures._title_overlap(shapes, texts, title_texts, stop, False).tolist())


_SHAPE_TEXT = st.text(alphabet=st.sampled_from("a B1٣ .!?…。\"'”»)]-•(“«,;%\t\u3000xé"), max_size=14)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_SHAPE_TEXT, min_size=1, max_size=8), gaps=st.lists(st.booleans(), min_size=8, max_size=8),
       indents=st.lists(st.sampled_from(["", " ", "\t ", "\u3000", " " * 45]), min_size=8, max_size=8))
def test_the_shapes_read_from_code_points_are_those_of_the_patterns_and_string_tests(texts, gaps, indents):
    """Sentence ends, list items, trailing ellipses, paragraph chains and indentation, counted on
    the page's code points, are what the patterns and string tests they were defined by say."""
    lines, raw, number = [], [], 0
    for text, gap, indent in zip(texts, gaps, indents):
        number += 1 + gap
        raw += [""] * gap + [indent + text]
        lines.append(Line(number, text))
    shapes = linefeatures._shapes(texts, stopwords=frozenset())
    assert shapes["sentences"].tolist() == [len(linefeatures._SENTENCE_END.findall(t)) for t in texts]
    assert shapes["bullet"].tolist() == [linefeatures._BULLET.match(t) is not None for t in texts]
    assert shapes["ends_ellipsis"].tolist() == [t.rstrip(linefeatures._CLOSERS).endswith(("...", "…")) for t in texts]
    numbers = np.array([line.number for line in lines])
    first, last = linefeatures._chains(shapes, numbers)
    assert list(zip(first.tolist(), last.tolist())) == paragraph_chains(lines)
    assert linefeatures._indents(raw, numbers, texts).tolist() == [
        min(len(r) - len(r.lstrip()), 40) for r in (raw[n - 1] for n in numbers.tolist())]


def _rows_in_numpy(lines, raw_lines, title_line):
    """page_features' rows as it assembled them in numpy before compiled.feature_rows: the reference
    (the per-line measures, patterns and page_columns as page_features reads them)."""
    n = len(lines)
    texts = [line.text for line in lines]
    lowered = linefeatures.per_page(texts, linefeatures.lower)
    shapes = linefeatures._shapes(texts)
    stopwords = stoplist(shapes["language"])
    words, stop, digits, word_chars = shapes["words"], shapes["stop"], shapes["digits"], shapes["word_chars"]
    short12 = words <= 12
    cjk_page = shapes["language"] in ("Chinese", "Japanese")

    def has(pattern, where=None, source=texts):
        return np.array([1.0 if (where is None or where[i]) and pattern.search(source[i]) else 0.0 for i in range(n)])

    def ratio(num, den):
        return np.divide(num, den, out=np.zeros(n), where=den > 0)

    log_w = np.log1p(words)
    stop_frac = ratio(stop, words)
    furniture = linefeatures._furniture_lines(shapes, texts, short12)
    date_like = has(linefeatures._DATE_LIKE, short12 & (digits > 0))
    removed = np.array([1.0 if line.state == "removed" else 0.0 for line in lines])
    numbers = np.array([line.number for line in lines], dtype=np.int64)
    index = np.arange(n)
    title_at = next((i for i, line in enumerate(lines) if line.number == title_line), None)
    is_title = np.zeros(n)
    if title_at is not None and lines[title_at].state == "field":
        is_title[title_at] = 1.0
    title_texts = [texts[0]] + ([texts[title_at]] if title_at is not None else [])
    chain_first, chain_last = linefeatures._chains(shapes, numbers)
    around = dict(zip(compiled.PAGE_COLUMNS, compiled.page_columns(
        words, shapes["terminal"], stop_frac, removed, furniture, date_like, numbers, log_w, chain_first, chain_last,
        linefeatures.SHORT_WORDS, linefeatures.DENSE_WORDS)))
    counts = {text: texts.count(text) for text in texts}
    columns = {
        "log_words": log_w, "log_chars": np.log1p(shapes["chars"]), "terminal": shapes["terminal"],
        "ends_colon": shapes["ends_colon"], "sentences": np.log1p(shapes["sentences"]), "stop_frac": stop_frac,
        "cap_frac": ratio(shapes["capital_words"], shapes["alpha_words"]),
        "digit_frac": ratio(digits, shapes["nonspace"]), "alpha_frac": ratio(word_chars - digits, shapes["nonspace"]),
        "mean_word_len": ratio(word_chars, words), "bullet": shapes["bullet"],
        "urlish": np.maximum(has(linefeatures._URLISH, source=lowered), has(linefeatures._EMAIL_AT)),
        "separators": np.log1p(shapes["separators"]), "date_like": date_like,
        "copyright": has(linefeatures.COPYRIGHT, source=lowered), "furniture": furniture,
        "indent": np.log1p(linefeatures._indents(raw_lines, numbers, texts).astype(np.float64)),
        "repeated": np.log1p(np.array([counts[text] - 1.0 for text in texts])), "is_title": is_title,
        "rule_removed": removed,
        "after_title": np.full(n, -1.0) if title_at is None else (index > title_at).astype(np.float64),
        "lines_from_title": (np.zeros(n) if title_at is None
                             else np.copysign(np.log1p(np.abs(index - title_at).astype(np.float64)), index - title_at)),
        **around,
        "ends_ellipsis": shapes["ends_ellipsis"],
        "title_overlap": linefeatures._title_overlap(shapes, texts, title_texts, stopwords, cjk_page),
        "cjk_page": np.full(n, float(cjk_page)),
    }
    return np.array([columns[name] for name in FEATURES]).T


_ROW_TEXT = st.sampled_from([
    "Home", "News", "Share", "Reply", "12 comments", "© 2024 Northport Courier", "www.example.com", "mail me: a@b.cd",
    "Updated 12.03.2024 14:05", "• Item one", "3) Third", "and the rest of it.", "(AP) — The port", "Coffee...",
    "Копировать ссылку", "港口今天结冰了。", *PARAGRAPHS, "The harbour froze", "Harbour freezes three weeks early",
    "   ", "»", "Tags: ice, port"])


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(_ROW_TEXT, min_size=1, max_size=30), data=st.data())
def test_the_compiled_rows_are_the_numpy_rows_bit_for_bit(texts, data):
    """compiled.feature_rows (the ratios, chains, page_columns' rows, the title's rows, the log1p
    of the counts) gives page_features' rows exactly as the numpy expressions that defined them."""
    n = len(texts)
    gaps = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    states = data.draw(st.lists(st.sampled_from(["body", "body", "removed", "field"]), min_size=n, max_size=n))
    lines, raw, number = [], [], 0
    for text, gap, state in zip(texts, gaps, states):
        number += 1 + gap
        raw += [""] * gap + [(" " if gap == 2 else "") + text]
        lines.append(Line(number, text.strip() or "x", state=state))
    title_line = data.draw(st.sampled_from([None, *(line.number for line in lines)]))
    got = line_features(lines, raw, title_line)
    assert got.shape == (n, len(FEATURES))
    assert np.array_equal(got.view(np.int64), _rows_in_numpy(lines, raw, title_line).view(np.int64))


# Letters in both cases, Han characters and kana (hiragana among them), digits of two scripts,
# separators, closers and sentence ends, white space and characters that are none of these.
_COUNT_TEXT = st.text(alphabet=st.sampled_from("aZé Σİ1٣_港口の了ア・/|>»:.!?。”)\t\u3000-𝐀\ud800"), max_size=16)


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(_COUNT_TEXT, min_size=1, max_size=8))
def test_the_line_counts_read_from_code_points_are_those_of_the_words_and_string_tests(texts):
    """Each line's counts as its words (``\\w+`` runs, or on a page written mostly in Han
    characters and kana, each of those and the runs of other word characters) and string tests
    give them: the words' characters, the words opening with a letter and with a capital, the
    characters but spaces, digits and separators, and whether it ends a sentence or a colon."""
    shapes = linefeatures._shapes(texts, stopwords=frozenset())
    cjk_written = sum(map(len, map(linefeatures.CJK_CHAR.findall, texts))) * 2 > sum(
        len(re.findall(r"\w", text)) for text in texts)
    split = linefeatures._CJK_WORD.findall if cjk_written else linefeatures.words
    tokens = [list(split(text)) for text in texts]
    assert shapes["words"].tolist() == [len(line) for line in tokens]
    assert shapes["word_chars"].tolist() == [sum(map(len, line)) for line in tokens]
    assert shapes["alpha_words"].tolist() == [sum(word[0].isalpha() for word in line) for line in tokens]
    assert shapes["capital_words"].tolist() == [sum(word[0].isalpha() and word[0].isupper() for word in line)
                                                for line in tokens]
    assert shapes["nonspace"].tolist() == [len(text) - text.count(" ") for text in texts]
    assert shapes["digits"].tolist() == [len(linefeatures._DIGIT.findall(text)) for text in texts]
    assert shapes["separators"].tolist() == [len(linefeatures._SEPARATORS.findall(text)) for text in texts]
    assert shapes["terminal"].tolist() == [linefeatures.ends_sentence(text) for text in texts]
    assert shapes["ends_colon"].tolist() == [text.endswith(":") for text in texts]


def test_the_compiled_hiragana_are_the_page_language_s():
    """page_words counts the hiragana of a page by their code points, page_language by a pattern."""
    first, last = compiled._FIRST_HIRAGANA, compiled._LAST_HIRAGANA
    assert [bool(linefeatures._HIRAGANA.match(chr(code))) for code in (first - 1, first, last, last + 1)] == [
        False, True, True, False]
    assert all(linefeatures._HIRAGANA.match(chr(code)) for code in range(first, last + 1))


def test_list_items_sentence_ends_and_ellipses_on_sample_lines():
    texts = ["1) first", "12. second", "1234. not", "• third", "-no", "٣) fourth", "", "1)", "Done.” Next! Then…",
             "And so...", "e.g.x", "wait...)\""]
    shapes = linefeatures._shapes(texts, stopwords=frozenset())
    assert shapes["bullet"].tolist() == [1, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    assert shapes["sentences"].tolist() == [0, 1, 1, 0, 0, 0, 0, 0, 3, 1, 0, 1]
    assert shapes["ends_ellipsis"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1]


_POOL = ["the", "and", "die", "und", "der", "w", "się", "nie", "и", "в", "не", "και", "το", "ΤΗΣ", "Σας", "İs",
         "el", "los", "et", "le", "Harbour", "港口", "です", "東京都", "ニュース", "の", "x" * 30, "2024"]


@settings(max_examples=200, deadline=None)
@given(pages=st.lists(st.lists(st.lists(st.sampled_from(_POOL), max_size=12).map(" ".join), min_size=1, max_size=30),
                      min_size=1, max_size=3))
def test_the_page_language_from_the_features_words_is_page_language_s(pages):
    """The features tell the page's language from the word hashes they read anyway: the same
    answer as :func:`page_language` from the lines' texts, page after page."""
    for texts in pages:
        lines = [Line(i + 1, text) for i, text in enumerate(texts)]
        assert linefeatures.page_features(lines, texts, None)[1] == page_language(texts)


def test_the_page_language_sample_is_the_first_twenty_of_the_longest_lines():
    """Forty lines of one length: the sample is the first twenty in page order (a stable sort), whose
    twentieth, a sixth Polish line, tips it to Polish; nineteen lines, or twenty others, say German."""
    polish, german = "się nie się nie się", "und die der und die"
    texts = [polish] * 5 + [german] * 14 + [polish] + [german] * 20
    lines = [Line(i + 1, text) for i, text in enumerate(texts)]
    assert linefeatures.page_features(lines, texts, None)[1] == page_language(texts) == "Polish"
    assert page_language(texts[:19]) == page_language(texts[20:]) == "German"


@pytest.mark.parametrize(("texts", "language"), [
    (["東京都港区中央区千の"], "Japanese"),  # one in ten of its Han characters and kana is hiragana
    (["東京都港区中央区千\u3041"], "Japanese"),  # the first hiragana and the last
    (["東京都港区中央区千\u309f"], "Japanese"),
    (["東京都港区中央区千代田"], "Chinese"),
    (["港口abc de"], "Chinese"),  # Han characters are more than a quarter of the word characters
    (["港口abc def"], "English"),  # a quarter: read by its words, and none is a stopword
])
def test_the_page_language_at_the_bounds_of_chinese_and_japanese(texts, language):
    lines = [Line(i + 1, text) for i, text in enumerate(texts)]
    assert linefeatures.page_features(lines, texts, None)[1] == page_language(texts) == language


def test_chains_join_at_opening_punctuation_and_lower_case_after_no_sentence_end():
    texts = ["He said,", "Next line", "A (", "x", "end.", "lower", "open «", "B", "; more"]
    lines = [Line(i + 1, text) for i, text in enumerate(texts)]
    first, last = linefeatures._chains(linefeatures._shapes(texts, stopwords=frozenset()), np.arange(1, 10))
    assert list(zip(first.tolist(), last.tolist())) == paragraph_chains(lines) == [
        (0, 1), (0, 1), (2, 4), (2, 4), (2, 4), (5, 8), (5, 8), (5, 8), (5, 8)]


_CJK_TEXT = st.text(alphabet=st.sampled_from("港口的了分享到東京はをAb Σİ1・。\U00020000"), max_size=20)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_CJK_TEXT, min_size=1, max_size=6), title=_CJK_TEXT)
def test_on_a_page_in_han_characters_and_kana_each_is_a_word_and_the_title_shares_pairs(texts, title):
    """Word counts, stop counts and the title overlap (pairs of neighbouring words, as written) read
    from the hashes are those of the strings, on pages written mostly in Han characters and kana
    and on others."""
    stop = frozenset({"的", "了", "は", "ab"})
    shapes = linefeatures._shapes(texts, stopwords=stop)
    cjk_written = sum(map(len, map(linefeatures.CJK_CHAR.findall, texts))) * 2 > sum(
        len(re.findall(r"\w", text)) for text in texts)
    split = linefeatures._CJK_WORD.findall if cjk_written else linefeatures.words
    tokens = [list(split(text)) for text in texts]
    assert shapes["words"].tolist() == [len(line) for line in tokens]
    assert shapes["stop"].tolist() == [sum(word.lower() in stop for word in line) for line in tokens]
    title_pairs = {a + b for a, b in zip(linefeatures._CJK_WORD.findall(title), linefeatures._CJK_WORD.findall(title)[1:])}
    expected = []
    for line in tokens:
        keys = {a + b for a, b in zip(line, line[1:])}
        expected.append(len(keys & title_pairs) / len(keys) if keys else 0.0)
    assert linefeatures._title_overlap(shapes, texts, [title], stop, True).tolist() == expected
