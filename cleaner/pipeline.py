"""The whole pipeline on one screen: a document goes through these steps, in this order.

    decode → extract_html → repair_text → split_lines → resolve_site → site_rules → generic_rules
    → learned_rules → metadata → assemble

Each step is a module under :mod:`cleaner.steps` whose docstring says what it does and why.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from cleaner.article import Article
from cleaner.config import DEFAULT, Config
from cleaner.document import Document, RejectedDocument, too_large
from cleaner.rulebook import RuleBook, load_rulebook
from cleaner.steps import (
    assemble,
    decode,
    extract_html,
    generic_rules,
    learned_rules,
    metadata,
    repair_text,
    resolve_site,
    site_rules,
    split_lines,
)

Step = Callable[[Document, RuleBook, Config], None]  # a step's contract: it reads and changes the document

STEPS: tuple[Step, ...] = (
    decode.run,
    extract_html.run,
    repair_text.run,
    split_lines.run,
    resolve_site.run,
    site_rules.run,
    generic_rules.run,
    learned_rules.run,
    metadata.run,
)

STEP_NAMES = tuple(step.__module__.rsplit(".", 1)[-1] for step in STEPS)


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    """The built-in rules plus ``CLEANER_RULES_PATH`` and entry points, loaded once per process."""
    return load_rulebook()


def normalize(doc: str | bytes, *, url: str | None = None, site: str | None = None,
              html: bool | None = None, id: str | None = None, rules: RuleBook | None = None,
              config: Config = DEFAULT) -> Article:
    """Clean one scraped document into an :class:`Article`.

    ``doc`` is a whole-page text dump or HTML, as ``str`` or ``bytes`` (decoded: BOM, the page's
    ``<meta charset>`` for HTML, UTF-8, then charset detection). ``html=None`` sniffs HTML;
    ``site`` forces a site rule file by name ("defense.gov"); ``rules`` defaults to the built-in
    rules plus ``CLEANER_RULES_PATH``. Raises :class:`RejectedDocument` for a document that no
    article could come from: one over ``config.max_document_size``, or binary data.
    """
    if not isinstance(doc, (str, bytes, bytearray)):
        raise TypeError(f"normalize() takes str or bytes, not {type(doc).__name__}")
    limit = config.max_document_size
    if limit and len(doc) > limit:
        raise RejectedDocument(too_large(len(doc), limit, "characters" if isinstance(doc, str) else "bytes"))
    state = Document(raw=doc, url=url, id=id, forced_site=site, is_html=html)
    run_steps(state, rules if rules is not None else default_rulebook(), config)
    return assemble.article(state)


def run_steps(doc: Document, rules: RuleBook, config: Config = DEFAULT, last: str | None = None) -> None:
    """Take a document through the steps in order, up to and including the step named ``last`` (its
    module's name; all of them by default): ``bench/train.py`` stops after ``"generic_rules"`` to
    see the lines as the line model does, :mod:`cleaner.learn` after ``"split_lines"``."""
    if last is not None and last not in STEP_NAMES:
        raise ValueError(f"no step named {last!r} (the steps: {', '.join(STEP_NAMES)})")
    for step, name in zip(STEPS, STEP_NAMES):
        step(doc, rules, config)
        if name == last:
            return
