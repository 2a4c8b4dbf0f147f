"""The ``line-model`` kind: what no rule decided, a trained model judges (:mod:`cleaner.linemodel`
holds the model; :mod:`cleaner.linefeatures` the features). :func:`undecided_lines` is the one place a
page's lines become the model's rows: the rule runs it, and ``bench/train.py`` fits on what it gives."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from itertools import compress
from pathlib import Path
from typing import Any

import numpy as np

from cleaner import linemodel
from cleaner.document import BODY, REMOVED, Document
from cleaner.errors import RuleError
from cleaner.kinds.registry import Key, Rule, rule_kind
from cleaner.linefeatures import PageText, line_words, read_page


@dataclass(frozen=True)
class UndecidedLines:
    """The lines of a page that no rule decided, as the model reads them."""

    undecided: list[int]  # their indices in ``doc.lines``
    rows: np.ndarray  # their feature rows (:data:`cleaner.linefeatures.FEATURES`)
    words: np.ndarray  # their word counts
    texts: list[str]
    language: str  # the page's language (:func:`cleaner.linefeatures.page_language`)
    read: PageText | None = None  # their texts as the features read them, for the lexicon


def undecided_lines(doc: Document) -> UndecidedLines:
    """The feature rows of the lines no rule has decided yet; every line of the page, decided or
    not, shapes them (neighbours, the title line, what was dropped)."""
    title_line = doc.field_lines.get("title", (None,))[0]
    rows, language, read = read_page(doc.lines, doc.raw_lines(), title_line, raw_text=doc.text)
    undecided = [i for i, line in enumerate(doc.lines) if line.state == BODY]
    undecided_rows = rows.T[:, undecided].T  # laid out a feature at a time, as the tree walks read them
    return UndecidedLines(undecided, undecided_rows, line_words(undecided_rows),
                          [doc.lines[i].text for i in undecided], language, read.lines(undecided))


def _prepare(params: dict[str, Any], base: Path) -> None:
    threshold, extend, bridge = params["threshold"], params["extend"], params["bridge"]
    if extend > threshold:
        raise RuleError(f"key 'extend': a run carries on through lines scoring less than the threshold that starts"
                        f" it, so extend must not be above threshold ({extend} > {threshold})")
    if bridge > extend:
        raise RuleError(f"key 'bridge': a gap between runs closes on lines the runs would not extend to, so bridge"
                        f" must not be above extend ({bridge} > {extend})")
    for shift in params["shifts"]:
        if not (0 < threshold + shift <= 1 and bridge + shift >= 0):
            raise RuleError(f"key 'shifts': {shift} moves the threshold ({threshold}) or bridge ({bridge}) out of"
                            f" the scores' range 0 to 1")
    try:
        params["model"] = linemodel.load(base / params["model"])
    except linemodel.ModelError as exc:
        raise RuleError(f"key 'model': {exc}") from None


@rule_kind("line-model", prepare=_prepare, generic=True, required=(("model",),), keys=(
    Key("model", "path", "the model file (`make train` writes `rules/line-model.json`)"),
    Key("threshold", "float", "a line scoring at least this starts a run of article text", default=0.5,
        minimum=0, maximum=1),
    Key("extend", "float", "a run carries on through the undecided lines next to it while they score at least"
        " this (not above `threshold`)", same_as="threshold", minimum=0, maximum=1),
    Key("bridge", "float", "a gap between two runs closes when all its lines score at least this (not above"
        " `extend`)", same_as="extend", minimum=0, maximum=1),
    Key("keep_best", "float", "when no line reaches the threshold, the lines scoring at least this times the best"
        " score start the runs, and `warnings` says so (0: an empty body instead)", default=0.9, minimum=0,
        maximum=1),
    Key("shifts", "floatlist", "each page may take all three scores moved by one of these (such as"
        " `[-0.2, -0.1, 0.1, 0.2]`), whichever setting (the unshifted one first) its scores expect to serve best",
        default=()),
    Key("precision_weight", "float", "with `shifts`: a page's setting maximises the expected `precision_weight` ×"
        " precision + (1 − `precision_weight`) × recall, reading scores as probabilities and weighting lines by"
        " their words", default=0.5, minimum=0, maximum=1),
    Key("min_lines", "int", "a text with fewer undecided lines is a snippet, not a page, and is left alone",
        default=8),
    Key("site_pages", "bool", "judge pages a hand-written site file handled too (a learned file's pages are judged"
        " anyway)", default=False)),
    summary="On text dumps that no site file handled and that have at least `min_lines` undecided lines, scores"
            " every line no rule above decided with a trained model and keeps runs of article text: a line scoring"
            " at least `threshold` starts a run, the run carries on while its neighbours score at least `extend`,"
            " and a gap between runs closes when its lines score at least `bridge`; every other line goes, with"
            " its score in `removed`. Put it last. The model holds the trees and a lexicon of word log-odds for"
            " each language whose training pages come from at least 16 sites; on a page in a language with no"
            " lexicon the page is judged by its shape. A model trained on other features than the running code"
            " computes is refused as a rule problem.")
def line_model(rule: Rule, doc: Document) -> None:
    """Drop the lines a trained model scores as page furniture: menus, teasers of other articles,
    comment threads, footers, on sites nobody wrote rules for. ``model`` names the model file
    (``bench/train.py`` writes it; :mod:`cleaner.linemodel` says what it holds). Every line is
    scored from its own shape and its neighbours' and from what the rules above decided (a
    headline found, UI lines dropped); only lines no rule decided are judged, and each removal
    records its score. Put it last: it sees the work of every rule before it.

    Which lines stay is a hysteresis (:func:`cleaner.linemodel.kept`): a line scoring at least
    ``threshold`` (0.5) starts a run of article text; the run carries on through the undecided
    lines next to it while they score at least ``extend``; and a gap between two runs closes when
    all its lines score at least ``bridge`` (``extend`` defaults to the threshold, ``bridge`` to
    ``extend``). A line scoring
    between them stays beside article text and goes among menus.

    How strict to be is the page's own: with ``shifts``, each shift moves all three scores up or
    down by that much, and the page keeps the lines of whichever setting (the unshifted one
    first) its scores expect to serve best (:func:`cleaner.linemodel.choose`):
    ``precision_weight`` (0.5) times the expected share of kept words that are article text, plus
    the rest times the expected share of the article kept. A page whose scores are sure keeps
    about the same lines under every setting; on a page with a band of middling scores the
    choice decides whether that band stays. A removed line's score is to be read against the
    setting its page took.

    A page has an article: when no line reaches the threshold, the lines scoring at least
    ``keep_best`` (0.9) times the best score start the runs instead, rather than an empty body,
    and ``warnings`` says so (0 turns this off).

    The model is trained on whole-page dumps (an HTML page is flattened into one), and on text
    that is already an article it takes the last paragraphs for a footer. So it leaves alone
    pages that a site file handled unless ``site_pages`` (false) is set, and a text of fewer than
    ``min_lines`` (8) undecided lines: a snippet, not a page, with no menus or footers to find."""
    if doc.site is not None and not doc.site.learned and not rule.params["site_pages"]:
        return  # a hand-written site file has done the work; a learned one only took the template
    if sum(1 for line in doc.lines if line.state == BODY) < rule.params["min_lines"]:
        return
    page = undecided_lines(doc)
    scores = rule.params["model"].scores(page.rows, page.words, page.texts, page.language, read=page.read)
    if not scores:  # min_lines = 0 on a page with nothing left to judge
        return
    threshold, keep = linemodel.decide(scores, page.words.tolist(), rule.params)
    if linemodel.cut_off(scores, threshold, rule.params["keep_best"]) != threshold:
        doc.warnings.append(f"{rule.id}: no line reached the threshold; kept the best-scored ones"
                            f" (best {max(scores):.3f})")
    dropped = list(map(operator.not_, keep))
    doc.decide_scored([doc.lines[i] for i in compress(page.undecided, dropped)], REMOVED, rule.id,
                      linemodel.rounded(list(compress(scores, dropped))))
