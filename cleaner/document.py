"""The working state of one document as it flows through the pipeline.

Every non-blank input line is a :class:`Line` whose ``state`` starts as ``BODY`` and is decided at
most once: the first rule that claims a line wins, which is what lets a site file override the
generic rules simply by running first. Fields (title, authors, …) likewise keep the first value set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from cleaner.article import Fix, Removal
from cleaner.errors import CleanerError

if TYPE_CHECKING:  # rulebook imports the rule kinds, which import this module
    from cleaner.rulebook import RuleFile

_T = TypeVar("_T")
_TEXT = attrgetter("text")

BODY = "body"
REMOVED = "removed"
CAPTION = "caption"
FIELD = "field"  # the line became a field (title, byline, source line) and is not body text


class RejectedDocument(CleanerError, ValueError):
    """A document :func:`cleaner.normalize` will not read (too large, binary data). The message is
    the whole reason, as an error record gives it: no article could be right, so none is made."""


def too_large(size: int, limit: int, unit: str = "bytes") -> str:
    """Why a document over ``Config.max_document_size`` is rejected, worded the same by every
    reader that finds out (a file's size, a JSONL line's, a WARC payload's, ``normalize`` itself)."""
    return f"document too large: {size:,} {unit} > limit {limit:,}"


class Fields(TypedDict, total=False):
    """The article's fields as the rules find them, by name (:meth:`Document.set_field`): the
    contract between the steps that set them and :mod:`cleaner.steps.assemble`, which reads them."""

    title: str
    authors: list[str]
    source: str
    dateline: str
    published: str  # YYYY-MM-DD
    lang: str | None  # set by the metadata step, None when the language cannot be told


FieldValue = str | list[str]  # a value of Fields: list[str] for authors, str for the others


class HtmlMeta(TypedDict, total=False):
    """An HTML page's own title and authors (:mod:`cleaner.htmlmeta`), read by the extract_html
    step: defaults for the fields, set by the metadata step when no rule set them."""

    title: str | None
    authors: list[str]


@dataclass(slots=True)
class Line:
    """One non-blank line of the decoded input. Its text changes only through
    :meth:`Document.rewrite`, which the views of the page's texts (:meth:`Document.texts`) rely on."""

    number: int  # 1-based, in the decoded input
    text: str  # after repair and inline rules
    state: str = BODY
    rule: str = ""  # the rule that decided the line; "" while it is undecided (BODY)
    caption: str | None = None  # the caption text when state is CAPTION (may be part of the line)
    score: float | None = None  # the model's score, when a score decided the line


@dataclass
class Document:
    """Mutable per-document state; only the pipeline's steps touch it."""

    raw: str | bytes
    url: str | None = None
    id: str | None = None
    forced_site: str | None = None
    is_html: bool | None = None
    text: str = ""  # decoded text (for HTML, the page flattened a block a line)
    repaired: list[str] = field(default_factory=list)  # text's lines after repair, same numbering
    lines: list[Line] = field(default_factory=list)
    site: RuleFile | None = None  # the site rule file that applied
    fields: Fields = field(default_factory=Fields)
    # field name -> (number of the line it came from, None when no line; the rule that set it)
    field_lines: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    fixes: list[Fix] = field(default_factory=list)
    removed_blank: list[Removal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    html_meta: HtmlMeta = field(default_factory=HtmlMeta)  # defaults from the HTML extractor
    page_title: str | None = None  # an HTML page's <title>, whitespace collapsed
    # what texts() and view() made, for the texts as they were at that count of rewrites
    _views: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _rewrites: int = field(default=0, init=False, repr=False, compare=False)
    _raw_lines: tuple[str, list[str]] | None = field(default=None, init=False, repr=False, compare=False)

    def raw_lines(self) -> list[str]:
        """``text`` split at its line breaks, made once for the steps that read the lines as they
        came (repair, split_lines, the line model's indents), and made again if ``text`` changes.
        Shared: not to be changed."""
        made = self._raw_lines
        if made is None or made[0] is not self.text:
            made = self._raw_lines = (self.text, self.text.split("\n"))
        return made[1]

    def texts(self) -> list[str]:
        """Every line's text, in order, made once for the rules that read them all, and made
        again once a text changes (:meth:`rewrite`) or the lines do. Shared: not to be changed."""
        key = (self._rewrites, id(self.lines), len(self.lines))
        if self._views.get("") != key:
            self._views = {"": key, "texts": list(map(_TEXT, self.lines))}
        texts: list[str] = self._views["texts"]
        return texts

    def view(self, name: str, make: Callable[[list[str]], _T]) -> _T:
        """``make(self.texts())``, made once for the texts as they are (a page's lower-cased
        text, for every rule that searches it)."""
        texts = self.texts()
        if name not in self._views:
            self._views[name] = make(texts)
        made: _T = self._views[name]
        return made

    def made(self, name: str) -> Any:
        """The view ``name`` (:meth:`view`) when it is made for the texts as they are, else None."""
        self.texts()
        return self._views.get(name)

    def decide(self, line: Line, state: str, rule: str, caption: str | None = None,
               score: float | None = None) -> bool:
        """Claim an undecided line; returns False when an earlier rule already decided it."""
        if line.state != BODY:
            return False
        line.state, line.rule, line.caption, line.score = state, rule, caption, score
        return True

    def decide_scored(self, lines: list[Line], state: str, rule: str, scores: list[float]) -> None:
        """:meth:`decide` each of ``lines`` with its score: one call for the hundred lines or more a
        model drops from a page."""
        for line, score in zip(lines, scores):
            if line.state == BODY:
                line.state, line.rule, line.caption, line.score = state, rule, None, score

    def set_field(self, name: str, value: FieldValue | None, rule: str, line: Line | None = None) -> bool:
        """Set a field unless an earlier rule set it; empty values never count. ``name`` is one of
        :class:`Fields`' keys; it comes from a rule (an ``extract`` rule's named groups), so only
        here is it a plain string."""
        if not value or self.fields.get(name):
            return False
        self.fields[name] = value  # type: ignore[literal-required]
        self.field_lines[name] = (line.number if line else None, rule)
        return True

    def rewrite(self, line: Line, new_text: str, rule: str) -> None:
        """Replace a line's text in place and record the fix (the smallest changed span)."""
        if new_text == line.text:
            return
        before, after = changed_span(line.text, new_text)
        self.fixes.append(Fix(line.number, rule, before, after))
        line.text = new_text
        self._rewrites += 1


def changed_span(old: str, new: str) -> tuple[str, str]:
    """The differing middle of two strings, the fragments a :class:`~cleaner.article.Fix` records.

    >>> changed_span("a (photo: X) b", "a b")
    ('(photo: X) ', '')
    """
    limit = min(len(old), len(new))
    start = _common_prefix(old, new, limit)
    end = _common_prefix(old[::-1], new[::-1], limit - start)
    return old[start : len(old) - end], new[start : len(new) - end]


def _common_prefix(old: str, new: str, limit: int) -> int:
    """How many characters the two strings start with alike, ``limit`` at most. Found by halving,
    with comparisons of slices (a memory compare in C): a fix's line is often a paragraph changed
    far from its start (mojibake), which a character at a time took 10.7 us for 300 characters
    against 2.6 us so."""
    low, high = 0, limit  # alike up to low, not beyond high
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
