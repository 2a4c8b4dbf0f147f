"""cleaner.lang: deterministic, bounded language identification (py3langid or langdetect), ISO 639-1 codes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import lang
from cleaner.lang import BACKENDS, SAMPLE_CHARS, detect_language, language_sample, normalize_code

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))

FRENCH = (
    "Le secrétaire américain à la Défense, Robert Gates, et son homologue russe, Anatoli Serdioukov, "
    "se sont engagés mercredi à développer la coopération militaire entre leurs deux pays, signe de "
    "l'amélioration des relations entre Moscou et Washington."
)
GERMAN = (
    "US-Verteidigungsminister Robert Gates und sein russischer Amtskollege Anatoli Serdjukow haben am "
    "Mittwoch vereinbart, die militärische Zusammenarbeit beider Länder auszubauen."
)
SPANISH = (
    "El secretario de Defensa de Estados Unidos, Robert Gates, y su homólogo ruso, Anatoli Serdiukov, "
    "se comprometieron el miércoles a ampliar la cooperación militar entre ambos países."
)
RUSSIAN = (
    "Министр обороны США Роберт Гейтс и его российский коллега Анатолий Сердюков договорились в среду "
    "расширять военное сотрудничество между двумя странами."
)
# Names only: unseeded langdetect answers id, sk or sw here from call to call.
NAMES_ONLY = "Anatoliy Serdyukov Nikolai Makarov"
CHINESE = "美国国防部长盖茨和俄罗斯国防部长谢尔久科夫星期三在五角大楼签署了两份军事合作文件，双方同意扩大两国之间的军事合作。"
# Site navigation: English, but py3langid is unsure of it (0.67; 0.47 before its labels are cut to 639-1).
NAVIGATION = "Skip to main content Menu Search Subscribe"

# Invented paragraphs on one subject, for the backends to agree on.
ENGLISH = (
    "The town council voted on Tuesday evening to keep the public library open on Sundays, after more "
    "than four hundred residents signed a letter saying that its reading rooms are the only quiet place "
    "where many students can work after school."
)
FRENCH_LIBRARY = (
    "Le conseil municipal a voté mardi soir pour que la bibliothèque reste ouverte le dimanche, après "
    "qu'une pétition signée par plus de quatre cents habitants a rappelé que ses salles de lecture sont "
    "le seul endroit calme où beaucoup d'élèves peuvent travailler."
)
GERMAN_LIBRARY = (
    "Der Gemeinderat hat am Dienstagabend beschlossen, dass die Stadtbibliothek auch sonntags geöffnet "
    "bleibt, nachdem mehr als vierhundert Einwohner in einem Brief geschrieben hatten, dass die Lesesäle "
    "für viele Schüler der einzige ruhige Ort zum Lernen sind."
)
RUSSIAN_LIBRARY = (
    "Городской совет во вторник вечером проголосовал за то, чтобы библиотека оставалась открытой по "
    "воскресеньям: более четырёхсот жителей подписали письмо о том, что её читальные залы — единственное "
    "тихое место, где многие школьники могут заниматься."
)
ARABIC_LIBRARY = (
    "صوّت المجلس البلدي مساء الثلاثاء على إبقاء المكتبة العامة مفتوحة أيام الأحد، بعد أن وقّع أكثر من "
    "أربعمئة من السكان رسالة تقول إن قاعات المطالعة فيها هي المكان الهادئ الوحيد الذي يستطيع فيه كثير "
    "من الطلاب أن يدرسوا."
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_seed_scrapes_are_english(backend):
    assert len(SEEDS) == 5
    assert [detect_language(p.read_text(encoding="utf-8"), backend=backend) for p in SEEDS] == ["en"] * 5


def test_default_backend_is_py3langid():
    # The backends disagree on a list of names (see below), so the default shows which one ran.
    assert detect_language(NAMES_ONLY) == detect_language(NAMES_ONLY, backend="py3langid")
    assert detect_language(NAMES_ONLY) != detect_language(NAMES_ONLY, backend="langdetect")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"), (FRENCH_LIBRARY, "fr"), (GERMAN_LIBRARY, "de"), (RUSSIAN_LIBRARY, "ru"),
        (ARABIC_LIBRARY, "ar"),
        (FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (RUSSIAN, "ru"), (CHINESE, "zh"),
    ],
)
def test_detects_languages_as_iso_639_1(text, code, backend):
    assert detect_language(text, backend=backend) == code


def test_py3langid_answers_only_iso_639_1():
    # Its model also has "pcm", "bcl", "wuu", "zxx" …, which no caller of detect_language expects.
    labels = lang._identifier().labels
    assert "en" in labels and "zh" in labels
    assert [code for code in labels if len(code) != 2] == []
    assert detect_language(NAVIGATION) == "en"


def test_py3langid_none_below_its_probability_floor():
    # langdetect names a language for a list of names; py3langid's probability (~0.08) says it cannot tell.
    assert detect_language(NAMES_ONLY, backend="langdetect") is not None
    assert detect_language(NAMES_ONLY, backend="py3langid") is None


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Bookmark and Share",  # fewer than 20 letters
        "12345 67890 !!! ---- 2010-09-15 © 2010",
        # langdetect strips URLs: no features; py3langid: probability 0.02.
        "http://example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",
    ],
)
def test_none_when_language_cannot_be_told(text, backend):
    assert detect_language(text, backend=backend) is None


# Texts each backend is unsure of, where a random or order-dependent step would show.
UNSURE = [("langdetect", NAMES_ONLY), ("py3langid", NAVIGATION)]


@pytest.mark.parametrize(("backend", "text"), UNSURE)
def test_same_answer_twice_in_one_process(backend, text):
    first = detect_language(text, backend=backend)
    assert first is not None
    assert all(detect_language(text, backend=backend) == first for _ in range(20))


@pytest.mark.parametrize(("backend", "text"), UNSURE)
def test_same_answer_in_fresh_processes(backend, text):
    # Loads lang.py by path so the check does not depend on the rest of the package.
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('lang', {str(ROOT / 'cleaner' / 'lang.py')!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        f"print(mod.detect_language({text!r}, backend={backend!r}))\n"
    )
    answers = set()
    for hashseed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        answers.add(out.stdout.strip())
    assert answers == {detect_language(text, backend=backend)}


@pytest.mark.parametrize("text", [ENGLISH, ""])
def test_unknown_backend_is_an_error(text):
    with pytest.raises(ValueError, match="'langid'"):
        detect_language(text, backend="langid")


def test_sample_is_bounded_and_prefers_long_lines():
    text = "Breaking News\nUSA\n" + "\n".join([FRENCH] * 40)
    sample = language_sample(text)
    assert len(sample) <= SAMPLE_CHARS
    assert "Breaking News" not in sample
    assert sample.startswith(FRENCH[:100])


def test_sample_keeps_short_text_whole():
    assert language_sample("Gates, Serdyukov Renew Ties\nUSA") == "Gates, Serdyukov Renew Ties\nUSA"


def test_normalize_code():
    assert [normalize_code(c) for c in ("zh-cn", "zh-tw", "en", "fr")] == ["zh", "zh", "en", "fr"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_sample_needs_min_letters_letters_to_be_identified(monkeypatch, backend):
    """Exactly MIN_LETTERS letters (the digits and spaces between them do not count) go to the
    identifier; one fewer does not."""
    asked = []

    class Stub:
        def classify(self, sample):
            asked.append(sample)
            return "fr", 1.0

        def create(self):
            return self

        def append(self, sample):
            asked.append(sample)

        def detect(self):
            return "fr"

    monkeypatch.setattr(lang, "_identifier", lambda: Stub())
    monkeypatch.setattr(lang, "_factory", lambda: Stub())
    letters = "é" + "a1 " * (lang.MIN_LETTERS - 1)  # MIN_LETTERS letters, and digits and spaces
    assert sum(map(str.isalpha, letters)) == lang.MIN_LETTERS
    assert detect_language(letters, backend=backend) == "fr" and asked == [language_sample(letters)]
    assert detect_language(letters[1:], backend=backend) is None and len(asked) == 1
