"""The errors cleaner raises on purpose, under one base class:

    >>> import cleaner
    >>> try:
    ...     cleaner.normalize(b"\\x00" * 64)
    ... except cleaner.CleanerError as error:
    ...     print(type(error).__name__)
    RejectedDocument

Each keeps the built-in base it had (``ValueError`` for the first four), so code that caught those
still does. A record that could not be read in a batch is not raised: it comes back as an error
record (``cleaner.inputs.InputError``), as every input yields an article or an error.
"""

from __future__ import annotations


class CleanerError(Exception):
    """Base of everything cleaner raises on purpose: :class:`cleaner.RuleError` (a rule file that
    fails validation), :class:`cleaner.linemodel.ModelError` (a line-model file that cannot be
    used), :class:`cleaner.RejectedDocument` (a document no article could be made of),
    :class:`cleaner.check.SelectionError` (a ``--select`` entry that names nothing) and
    :class:`cleaner.RuleTimeout` (a user's rule over its time limit)."""


class RuleError(CleanerError, ValueError):
    """A rule that fails validation; the message names the key. Raised by
    :func:`cleaner.load_rulebook` with every problem of the rules it loaded: ``problems`` lists
    them, one a line in the message, each naming its file, rule and key."""

    def __init__(self, problems: str | list[str] | tuple[str, ...]) -> None:
        self.problems = (problems,) if isinstance(problems, str) else tuple(problems)
        if isinstance(problems, str):
            super().__init__(problems)
        else:
            count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
            super().__init__(f"{count} in the rule files:\n" + "\n".join(f"  {p}" for p in self.problems))
