"""cleaner.lang: deterministic, bounded langdetect with ISO 639-1 codes."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.lang import SAMPLE_CHARS, detect_language, language_sample, normalize_code

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


def test_seed_scrapes_are_english():
    assert len(SEEDS) == 5
    assert [detect_language(p.read_text(encoding="utf-8")) for p in SEEDS] == ["en"] * 5


@pytest.mark.parametrize(
    ("text", "code"),
    [(FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es"), (RUSSIAN, "ru"), (CHINESE, "zh")],
)
def test_detects_other_languages_as_iso_639_1(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Bookmark and Share",  # fewer than 20 letters
        "12345 67890 !!! ---- 2010-09-15 © 2010",
        "http://example.com/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p",  # langdetect strips URLs: no features
    ],
)
def test_none_when_language_cannot_be_told(text):
    assert detect_language(text) is None


def test_same_answer_twice_in_one_process():
    first = detect_language(NAMES_ONLY)
    assert first is not None
    assert all(detect_language(NAMES_ONLY) == first for _ in range(20))


def test_same_answer_in_fresh_processes():
    # Loads lang.py by path so the check does not depend on the rest of the package.
    text = NAMES_ONLY
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('lang', {str(ROOT / 'cleaner' / 'lang.py')!r})\n"
        "mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)\n"
        f"print(mod.detect_language({text!r}))\n"
    )
    answers = set()
    for hashseed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        answers.add(out.stdout.strip())
    assert answers == {detect_language(text)}


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
