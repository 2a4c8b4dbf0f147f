"""The registry of rule kinds: the validator, the JSON Schema and the docs all come from each kind's
one declaration, and they agree."""

from __future__ import annotations

import tomllib

import jsonschema
import pytest

import cleaner
from cleaner import check
from cleaner.errors import RuleError
from cleaner.document import Document, Line
from cleaner.kinds import KINDS, Key, Rule, apply_rule, compile_params, rule_kind, with_defaults
from cleaner.kinds.registry import COMMON_KEYS, kinds_markdown, with_kinds_docs
from cleaner.rulebook import load_rulebook, schema

VALIDATOR = jsonschema.Draft202012Validator(schema())
# A value of each type that the validator takes, and one that it refuses.
GOOD = {"str": "x", "regex": "^x$", "path": "line-model.json", "int": 3, "float": 0.25, "bool": True,
        "strlist": ["a", "b"], "floatlist": [0.1]}
BAD = {"str": 3, "regex": ["x"], "path": 1, "int": -1, "float": "0.5", "bool": "yes", "strlist": [1],
       "floatlist": ["a"]}


def _good(key: Key) -> object:
    return key.choices[-1] if key.choices else GOOD[key.type]


def _minimal(kind_name: str) -> dict:
    """The smallest valid rule of a kind: the first key of each required group."""
    spec: dict = {"kind": kind_name}
    for group in KINDS[kind_name].required:
        key = KINDS[kind_name].all_keys[group[0]]
        spec[key.name] = _good(key)
    if kind_name == "extract":
        spec["pattern"] = "^By (?P<authors>.+)$"
    return spec


def _loads(spec: dict, tmp_path) -> bool:
    """Whether the rule loader takes a rule (the model file is the built-in one)."""
    if spec.get("kind") == "line-model" and isinstance(spec.get("model"), str):
        spec = {**spec, "model": "line-model.json"}
        base = cleaner.rulebook.builtin_rules_dir()
    else:
        base = tmp_path
    try:
        compile_params(spec["kind"], spec, base)
    except RuleError:
        return False
    return True


def _schema_takes(spec: dict) -> bool:
    return VALIDATOR.is_valid({"rules": {"r": spec}})


def test_the_schema_is_valid_and_takes_every_built_in_rule_file(repo):
    jsonschema.Draft202012Validator.check_schema(schema())
    for path in sorted((repo / "rules").glob("*.toml")):
        errors = list(VALIDATOR.iter_errors(tomllib.loads(path.read_text(encoding="utf-8"))))
        assert not errors, (path.name, [e.message for e in errors[:3]])


@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_the_schema_and_the_loader_agree_on_each_key(kind_name, tmp_path):
    kind = KINDS[kind_name]
    minimal = _minimal(kind_name)
    assert _loads(minimal, tmp_path) and _schema_takes(minimal)
    for key in kind.all_keys.values():
        if key.name == "kind":
            continue
        good = {**minimal, key.name: minimal.get(key.name, _good(key))}
        if kind_name == "line-model" and key.name in ("extend", "bridge"):
            good["threshold"] = 0.5  # so the value given is not above what it follows
        assert _loads(good, tmp_path) and _schema_takes(good), key.name
        bad = {**minimal, key.name: "neither" if key.choices else BAD[key.type]}
        assert not _loads(bad, tmp_path) and not _schema_takes(bad), key.name
    unknown = {**minimal, "no_such_key": 1}
    assert not _loads(unknown, tmp_path) and not _schema_takes(unknown)
    for group in kind.required:
        missing = {k: v for k, v in minimal.items() if k not in group}
        assert not _loads(missing, tmp_path) and not _schema_takes(missing), group


def test_an_unknown_kind_is_refused_by_both():
    assert not _schema_takes({"kind": "no-such-kind"})
    with pytest.raises(RuleError, match="'no-such-kind' is not a rule kind"):
        compile_params("no-such-kind", {})


def test_a_rule_gets_every_key_of_its_kind_with_the_declared_default(tmp_path):
    for kind_name, kind in KINDS.items():
        spec = _minimal(kind_name)
        params = with_defaults(kind_name, spec)
        assert set(params) == set(kind.all_keys)
        for key in kind.all_keys.values():
            if key.name not in spec:
                expected = params[key.same_as] if key.same_as else key.default
                assert params[key.name] == expected, (kind_name, key.name)


def test_bridge_defaults_to_extend_and_extend_to_the_threshold():
    # One default a key: the validator and the runtime read the same params (they once disagreed).
    assert with_defaults("line-model", {"threshold": 0.7, "extend": 0.4})["bridge"] == 0.4
    assert with_defaults("line-model", {"threshold": 0.7})["bridge"] == 0.7
    params = compile_params("line-model", {"kind": "line-model", "model": "line-model.json", "threshold": 0.7,
                                           "extend": 0.4}, cleaner.rulebook.builtin_rules_dir())
    assert (params["threshold"], params["extend"], params["bridge"]) == (0.7, 0.4, 0.4)


def test_a_number_out_of_its_range_is_named():
    with pytest.raises(RuleError, match=r"key 'dominance': must be between 0 and 1 \(got nan\)"):
        compile_params("other-script", {"kind": "other-script", "dominance": float("nan")})


def test_the_docs_table_is_the_declarations(repo):
    page = (repo / "docs" / "rules.md").read_text(encoding="utf-8")
    assert with_kinds_docs(page) == page, "docs/rules.md is out of date with cleaner/kinds: run `make docs`"
    for kind_name, kind in KINDS.items():
        assert f"### `{kind_name}`" in page
        for key in kind.keys:
            assert f"| `{key.name}` |" in page


def test_each_code_a_kind_declares_is_a_documented_check_code(repo):
    declared = {kind.check for kind in KINDS.values() if kind.check}
    assert declared == {"CL101", "CL102", "CL103", "CL104", "CL105", "CL301"}
    documented = (repo / "docs" / "check.md").read_text(encoding="utf-8")
    assert all(code in check.CODES and f"| {code} |" in documented for code in declared)


def test_a_new_kind_is_one_declaration(tmp_path):
    """Declared in one place, a kind loads from a rule file, runs, and appears in the schema, the
    docs and `cleaner check`."""

    @rule_kind("shout", check="CL101", keys=(Key("min_letters", "int", "the letters a shouted line has", default=4),),
               summary="Drops lines in capitals.")
    def shout(rule, doc):
        for line in doc.lines:
            if line.text.isupper() and len(line.text) >= rule.params["min_letters"]:
                doc.decide(line, "removed", rule.id)

    try:
        (tmp_path / "mine.toml").write_text('[rules.caps]\nkind = "shout"\n', encoding="utf-8")
        book = load_rulebook([tmp_path], env=False, entry_points=False, builtin=False)
        article = cleaner.normalize("Harbour news\n\nBUY NOW\n\nThe harbour froze.", rules=book)
        assert [r.rule for r in article.removed] == ["mine/caps"]
        assert jsonschema.Draft202012Validator(schema()).is_valid({"rules": {"r": {"kind": "shout"}}})
        assert "### `shout`" in kinds_markdown() and "the letters a shouted line has" in kinds_markdown()
        findings, fixed = check.check_text("The harbour froze.\n\nBUY NOW\n", book)
        assert [(f.line, f.code, f.rule) for f in findings] == [(3, "CL101", "mine/caps")] and fixed == "The harbour froze.\n"
    finally:
        del KINDS["shout"]


def test_a_kind_declared_twice_or_inconsistently_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        rule_kind("drop", summary="again")(lambda rule, doc: None)
    with pytest.raises(ValueError, match="not declared before it"):
        rule_kind("x1", summary="x", keys=(Key("b", "float", "b", same_as="a"),))(lambda rule, doc: None)
    with pytest.raises(ValueError, match="requires a key it does not declare"):
        rule_kind("x2", summary="x", required=(("a",),))(lambda rule, doc: None)
    assert not {"x1", "x2"} & set(KINDS)


def test_common_keys_are_taken_by_every_kind_and_a_window_limits_any_rule():
    for kind in KINDS.values():
        assert all(key.name in kind.all_keys for key in COMMON_KEYS)
    rule = Rule("t/r", "r", "drop", compile_params("drop", {"kind": "drop", "text": "Share", "window": 1}))
    doc = Document(raw="", lines=[Line(1, "Share"), Line(2, "Share")])
    apply_rule(rule, doc)
    assert [line.state for line in doc.lines] == ["removed", "body"]


def test_the_cli_prints_the_schema_and_the_kinds(capsys, repo):
    import json

    from cleaner.cli import main

    assert main(["rules", "schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(schema()))
    validator = jsonschema.Draft202012Validator(printed)
    assert validator.is_valid(tomllib.loads((repo / "rules" / "defense.gov.toml").read_text(encoding="utf-8")))
    assert not validator.is_valid({"rules": {"r": {"kind": "drop", "txt": "Share"}}})
    assert main(["rules", "kinds"]) == 0
    assert capsys.readouterr().out == kinds_markdown()
