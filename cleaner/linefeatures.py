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

# A line that continues the one before it: it opens with closing punctuation or in lower case
# after a line that did not end a sentence. BeautifulSoup's get_text("\n") cuts a paragraph at
# every link ("… on" / "the Bleu Garten website" / ". The Bar Pod …").
_CONTINUES = tuple(",.;:)!?’”»%")
_OPENS = ("(", "“", "«", ",")

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
    "dense_distance", "dense_before", "dense_after", "short_run", "block_lines",
    "furniture_since_body", "window_dates",
    # its neighbours
    "prev_log_words", "prev_terminal", "prev_stop_frac", "prev_removed",
    "next_log_words", "next_terminal", "next_stop_frac", "next_removed",
    "prev2_log_words", "next2_log_words",
    "window_terminal", "window_log_words", "window_furniture",
    # the paragraph a line belongs to, when the dump split it at inline elements
    "chain_log_words", "chain_terminal", "chain_log_lines", "in_chain",
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


def best_run(scores: list[float]) -> tuple[int, int]:
    """First and last index of the run of lines with the highest total score, the maximum-subarray
    search that boilerpipe-style extractors use to find the body; ``(0, -1)`` when no run scores
    above zero."""
    best, best_start, best_end, run, run_start = 0.0, 0, -1, 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_start, best_end = run, run_start, i
    return best_start, best_end


def paragraph_chains(lines: list[Line]) -> list[tuple[int, int]]:
    """(first, last) index of the chain of each line: adjacent lines (no blank line between)
    that read as one paragraph cut into pieces, by the shape of each join."""
    n = len(lines)
    joined = [False] * n  # joined[i]: line i + 1 continues line i
    for i in range(n - 1):
        a, b = lines[i].text, lines[i + 1].text
        if lines[i + 1].number == lines[i].number + 1 and a and b:
            joined[i] = (b.startswith(_CONTINUES) or a.endswith(_OPENS)
                         or (b[0].islower() and not _TERMINAL.search(a)))
    chains = []
    start = 0
    for i in range(n):
        if not joined[i]:
            chains.extend([(start, i)] * (i - start + 1))
            start = i + 1
    return chains


_log1 = math.log1p


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
        firsts = [t[0] for t in toks if t[0].isalpha()]
        nonspace = len(text) - text.count(" ")
        digits = len(_DIGIT.findall(text))
        word_chars = sum(map(len, toks))
        base.append((
            _log1(w),
            float(bool(_TERMINAL.search(text))),
            sum(map(stoplist.__contains__, map(str.lower, toks))) / w if w else 0.0,
            float(bool(_FURNITURE.search(text))) if w <= 12 else 0.0,
            len(firsts), sum(map(str.isupper, firsts)), nonspace, digits, word_chars,
            float(bool(_DATE_LIKE.search(text))) if w <= 12 else 0.0,
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
    # other line costs a little.
    best_start, best_end = best_run([words[i] if dense[i] else -2.0 - (words[i] < SHORT_WORDS)
                                     for i in range(n)])

    # Distance to the previous and to the next paragraph line, in lines (n when there is none).
    dense_before = [float(n)] * n
    dense_after = [float(n)] * n
    last = None
    for i in range(n):
        if last is not None:
            dense_before[i] = float(i - last)
        if dense[i]:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None:
            dense_after[i] = float(last - i)
        if dense[i]:
            last = i

    # Furniture lines seen since the first paragraph: a comment thread below an article comes
    # after "Leave a reply", "12 comments", "Reply", where the article's own run has none.
    furniture_since_body = []
    seen_body, furniture_count = False, 0
    for i in range(n):
        furniture_since_body.append(_log1(furniture_count) if seen_body else -1.0)
        seen_body = seen_body or dense[i]
        furniture_count += seen_body and base[i][3] > 0

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

    # Window sums over the 3 lines either side, from running sums.
    running = [(0.0, 0.0, 0.0, 0.0)]
    for b in base:
        last_sum = running[-1]
        running.append((last_sum[0] + b[0], last_sum[1] + b[1], last_sum[2] + b[3], last_sum[3] + b[9]))

    chain_of = paragraph_chains(lines)
    chain_shape = {}
    for first, last in set(chain_of):
        chain_words = sum(words[first:last + 1])
        chain_shape[first, last] = (_log1(chain_words), base[last][1], _log1(last - first), float(last > first))

    rows = []
    for i, line in enumerate(lines):
        log_w, term, stop, furn, n_alpha, n_upper, nonspace, digits, word_chars, date_like = base[i]
        text = texts[i]
        raw = raw_lines[line.number - 1] if line.number - 1 < len(raw_lines) else text
        prev = base[i - 1] if i > 0 else None
        nxt = base[i + 1] if i + 1 < n else None
        lo, hi = max(0, i - 3), min(n, i + 4)
        span = hi - lo
        rows.append([
            log_w,
            _log1(len(text)),
            term,
            float(text.endswith(":")),
            _log1(len(_SENTENCE_END.findall(text))),
            stop,
            n_upper / n_alpha if n_alpha else 0.0,
            digits / nonspace if nonspace else 0.0,
            (word_chars - digits) / nonspace if nonspace else 0.0,
            word_chars / words[i] if words[i] else 0.0,
            float(bool(_BULLET.match(text))),
            float(bool(_URLISH.search(text))),
            _log1(len(_SEPARATORS.findall(text))),
            date_like,
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
            1.0 - before[i] - (words[i] / total if dense[i] else 0.0),
            float(best_start <= i <= best_end),
            _log1(best_start - i if i < best_start else i - best_end if i > best_end else 0),
            0.0 if dense[i] else _log1(min(dense_before[i], dense_after[i])),
            _log1(dense_before[i]),
            _log1(dense_after[i]),
            short_run[i],
            block_lines[i],
            furniture_since_body[i],
            running[hi][3] - running[lo][3] - date_like,
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
            (running[hi][1] - running[lo][1]) / span,
            (running[hi][0] - running[lo][0]) / span,
            running[hi][2] - running[lo][2],
            *chain_shape[chain_of[i]],
        ])
    return rows

