"""Per-line features of a flattened page, for the line model (:mod:`cleaner.linemodel`).

A whole-page dump keeps the page's structure as the shape of its lines: menus are runs of short
Title Case lines, the body is a dense run of long lines that end in sentence punctuation, the
footer is short lines again, often repeated from the header. Each feature below is cheap, needs
no HTML and assumes no language: stopwords come from jusText's stoplists (about 100 languages;
the page's list is the one its longest lines hit most), punctuation classes cover Latin, CJK,
Devanagari and Arabic full stops. The signals are those of jusText (length, stopword density)
and of boilerpipe's shallow text features (Kohlschütter et al., WSDM 2010: the same features of
the previous and next block), plus where a line sits relative to the headline and to the page's
densest run of paragraphs.

:data:`FEATURES` names the columns; the model file lists the names it was trained on, and loading
refuses a model whose names differ, so code and weights cannot drift apart silently.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from cleaner.document import FIELD, REMOVED, Line

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# Sentence-final punctuation, closing quotes and brackets allowed after it.
_TERMINAL = re.compile(r"[.!?…。！？।؟][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…。！？।؟][\"'”’»)\]]*(?:\s|$)")
_BULLET = re.compile(r"^(?:[•·*▪●◦‣–—-]|\d{1,3}[.)])\s")
_URLISH = re.compile(r"https?://|www\.|\w@\w|\.(?:com|org|net)\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[|•·»›/>]")
_DATE_LIKE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright", re.IGNORECASE)
# Words of page furniture in the languages news scrapes come in: sharing, accounts, comments,
# promotion, legal. A hit is one feature among many, never a decision on its own.
_FURNITURE = re.compile(
    r"\b(?:share|tweet|subscribe|subscription|newsletter|sign\s?in|sign\s?up|log\s?in|login|register|"
    r"comments?|reply|replies|advertisement|advertising|sponsored|cookies?|privacy|terms|copyright|"
    r"rights reserved|related|recommended|trending|popular|follow|download|app|menu|search|"
    r"partager|abonnez|connexion|publicité|commentaires?|"
    r"teilen|abonnieren|anmelden|werbung|kommentare?|datenschutz|"
    r"compartir|suscr[ií]bete|publicidad|comentarios?|"
    r"condividi|abbonati|pubblicità|commenti|"
    r"partilhar|compartilhar|publicidade|coment[áa]rios?|"
    r"delen|reacties|"
    r"поделиться|подписаться|реклама|комментарии)\b",
    re.IGNORECASE,
)

SHORT_WORDS = 5  # a line of fewer words is "short": a menu item, a tag, a button
DENSE_WORDS = 10  # a line of this many words ending in a full stop is a paragraph

FEATURES = (
    # the line itself
    "log_words", "log_chars", "terminal", "ends_colon", "sentences", "stop_frac", "cap_frac",
    "digit_frac", "alpha_frac", "mean_word_len", "bullet", "urlish", "separators", "date_like",
    "copyright", "furniture", "indent", "repeated",
    # what the rules before the model said
    "is_title", "rule_removed", "after_title", "lines_from_title",
    # where it sits
    "position", "mass_before", "mass_after", "in_dense_region", "region_distance",
    "dense_distance", "short_run", "block_lines",
    # its neighbours
    "prev_log_words", "prev_terminal", "prev_stop_frac", "prev_removed",
    "next_log_words", "next_terminal", "next_stop_frac", "next_removed",
    "prev2_log_words", "next2_log_words",
    "window_terminal", "window_log_words", "window_furniture",
)


@lru_cache(maxsize=1)
def _stoplists() -> tuple[dict[str, frozenset], dict[str, tuple[str, ...]]]:
    """jusText's stoplists by language, and each stopword's languages (loaded once)."""
    import justext

    lists = {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}
    languages: dict[str, list[str]] = {}
    for name, words in lists.items():
        for word in words:
            languages.setdefault(word, []).append(name)
    return lists, {word: tuple(names) for word, names in languages.items()}


def page_stoplist(texts: list[str]) -> frozenset:
    """The stoplist of the page's language: the one its 20 longest lines hit most (English when
    nothing hits, as on a page of CJK text that ``\\w+`` does not split into words)."""
    lists, languages = _stoplists()
    sample = sorted(texts, key=len, reverse=True)[:20]
    hits: Counter = Counter()
    for word, count in Counter(w.lower() for t in sample for w in _WORD.findall(t)).items():
        for name in languages.get(word, ()):
            hits[name] += count
    if not hits:
        return lists.get("English", frozenset())
    best = max(sorted(hits), key=hits.__getitem__)
    return lists[best]


def word_count(text: str) -> int:
    """``\\w+`` tokens of a line, as the features and the benchmark's metrics count them."""
    return len(_WORD.findall(text))


def _log1(x: float) -> float:
    return math.log1p(x)


def line_features(lines: list[Line], raw_lines: list[str], title_line: int | None) -> list[list[float]]:
    """One row of :data:`FEATURES` for every line of ``lines`` (all non-blank lines, in order,
    whatever the rules decided); ``raw_lines`` are the unrepaired input lines, for indentation;
    ``title_line`` is the headline's line number when a rule found it."""
    n = len(lines)
    if n == 0:
        return []
    texts = [line.text for line in lines]
    stoplist = page_stoplist(texts)
    counts = Counter(texts)

    words = []
    base = []
    for text in texts:
        toks = _WORD.findall(text)
        w = len(toks)
        words.append(w)
        alpha = [t for t in toks if t[0].isalpha()]
        nonspace = len(text) - text.count(" ")
        digits = len(_DIGIT.findall(text))
        word_chars = sum(map(len, toks))
        base.append((
            _log1(w),
            float(bool(_TERMINAL.search(text))),
            sum(1 for t in toks if t.lower() in stoplist) / w if w else 0.0,
            float(bool(_FURNITURE.search(text))) if w <= 12 else 0.0,
            alpha, nonspace, digits, word_chars,
        ))
    dense = [words[i] >= DENSE_WORDS and base[i][1] > 0 for i in range(n)]
    removed = [float(line.state == REMOVED) for line in lines]

    # Mass of paragraph words above and below each line.
    total = sum(w for w, d in zip(words, dense) if d) or 1
    before = []
    acc = 0
    for i in range(n):
        before.append(acc / total)
        if dense[i]:
            acc += words[i]

    # The densest region: the best-scoring run of lines where a paragraph scores its words and any
    # other line costs a little (the maximum-subarray search boilerpipe-style extractors use).
    best, best_start, best_end, run, run_start = 0.0, 0, -1, 0.0, 0
    for i in range(n):
        score = words[i] if dense[i] else -2.0 - (words[i] < SHORT_WORDS)
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_start, best_end = run, run_start, i

    # Distance to the nearest paragraph line, in lines.
    dense_distance = [float(n)] * n
    last = None
    for i in range(n):
        if dense[i]:
            last = i
        if last is not None:
            dense_distance[i] = float(i - last)
    last = None
    for i in range(n - 1, -1, -1):
        if dense[i]:
            last = i
        if last is not None:
            dense_distance[i] = min(dense_distance[i], float(last - i))

    # Runs of short lines, and blocks of lines between blank lines.
    short_run = [0.0] * n
    i = 0
    while i < n:
        if words[i] < SHORT_WORDS:
            j = i
            while j < n and words[j] < SHORT_WORDS:
                j += 1
            for k in range(i, j):
                short_run[k] = _log1(j - i)
            i = j
        else:
            i += 1
    block_lines = [0.0] * n
    start = 0
    for i in range(1, n + 1):
        if i == n or lines[i].number != lines[i - 1].number + 1:
            for k in range(start, i):
                block_lines[k] = _log1(i - start)
            start = i

    title_at = None
    if title_line is not None:
        title_at = next((i for i, line in enumerate(lines) if line.number == title_line), None)

    rows = []
    for i, line in enumerate(lines):
        log_w, term, stop, furn, alpha, nonspace, digits, word_chars = base[i]
        text = texts[i]
        raw = raw_lines[line.number - 1] if line.number - 1 < len(raw_lines) else text
        prev = base[i - 1] if i > 0 else None
        nxt = base[i + 1] if i + 1 < n else None
        lo, hi = max(0, i - 3), min(n, i + 4)
        window = base[lo:hi]
        rows.append([
            log_w,
            _log1(len(text)),
            term,
            float(text.endswith(":")),
            _log1(len(_SENTENCE_END.findall(text))),
            stop,
            sum(1 for t in alpha if t[0].isupper()) / len(alpha) if alpha else 0.0,
            digits / nonspace if nonspace else 0.0,
            (word_chars - digits) / nonspace if nonspace else 0.0,
            word_chars / words[i] if words[i] else 0.0,
            float(bool(_BULLET.match(text))),
            float(bool(_URLISH.search(text))),
            _log1(len(_SEPARATORS.findall(text))),
            float(bool(_DATE_LIKE.search(text))) if words[i] <= 12 else 0.0,
            float(bool(_COPYRIGHT.search(text))),
            furn,
            _log1(min(len(raw) - len(raw.lstrip()), 40)),
            _log1(counts[text] - 1),
            float(line.state == FIELD and title_at == i),
            removed[i],
            -1.0 if title_at is None else float(i > title_at),
            0.0 if title_at is None else math.copysign(_log1(abs(i - title_at)), i - title_at),
            i / (n - 1) if n > 1 else 0.0,
            before[i],
            1.0 - before[i],  # the line's own words count: the last paragraph is not a footer
            float(best_start <= i <= best_end),
            _log1(best_start - i if i < best_start else i - best_end if i > best_end else 0),
            _log1(dense_distance[i]),
            short_run[i],
            block_lines[i],
            prev[0] if prev else -1.0,
            prev[1] if prev else -1.0,
            prev[2] if prev else -1.0,
            removed[i - 1] if i > 0 else -1.0,
            nxt[0] if nxt else -1.0,
            nxt[1] if nxt else -1.0,
            nxt[2] if nxt else -1.0,
            removed[i + 1] if i + 1 < n else -1.0,
            base[i - 2][0] if i > 1 else -1.0,
            base[i + 2][0] if i + 2 < n else -1.0,
            sum(b[1] for b in window) / len(window),
            sum(b[0] for b in window) / len(window),
            sum(b[3] for b in window),
        ])
    return rows

