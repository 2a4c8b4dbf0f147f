"""The kinds of rule a rule file can use. Each kind is declared once, in the module of its family,
with :func:`~cleaner.kinds.registry.rule_kind`: its keys (type, default, meaning), the keys it
requires, its ``cleaner check`` code and the function that applies it. The registry
(:mod:`cleaner.kinds.registry`) makes the validator, the JSON Schema and the docs table from those
declarations.

The families: :mod:`~cleaner.kinds.drop` (lines dropped: ``drop``, ``drop-block``,
``cut-after``, ``cut-before``, ``other-script``, ``repeated-lede``), :mod:`~cleaner.kinds.rewrite`
(``strip``, ``replace``), :mod:`~cleaner.kinds.fields` (``extract``, ``caption``,
``participle-caption``), :mod:`~cleaner.kinds.headline` and :mod:`~cleaner.kinds.model`
(``line-model``). Every module of this package is imported here, in name order, so a kind in a new
module registers without another file changing.

Keys every kind takes: ``kind`` (required), ``description``, ``ignore_case`` and ``window`` (only
look at the first N lines after the headline, or after the top of the page while no headline is
known). The first rule that decides a line wins, so rules listed earlier take precedence.
"""

from __future__ import annotations

import importlib
import pkgutil

from cleaner.kinds.registry import KINDS, Key, Kind, Rule, apply_rule, compile_params, rule_kind, with_defaults

for _module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["KINDS", "Key", "Kind", "Rule", "apply_rule", "compile_params", "rule_kind", "with_defaults"]
