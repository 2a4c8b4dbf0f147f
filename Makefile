# Quick start: `make run` then `make test`. Each target creates .venv and installs what it needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The two development sets: English article pages (WCXB dev) and news pages in five languages (DAniEL).
WCXB_DATA ?= ../shared/bench/wcxb-dev-articles.jsonl.gz
DANIEL_DATA ?= ../shared/bench/daniel-dev.jsonl.gz
BENCH_SETS := --data $(WCXB_DATA) --data $(DANIEL_DATA)
BENCH_ARGS ?= --split both --kinds html_text,bs4,resiliparse,html --with-justext

.PHONY: run test bench train cv fuzz docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras, so `make test` after `make run` installs only what is missing.
$(VENV)/.installed-%: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$*]'
	touch $@

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

run: $(VENV)/.installed-base
	$(BIN)/cleaner normalize fixtures/seeds/

# Lint and type-check cleaner/ first (configured in pyproject.toml), then the tests and the doctests of cleaner/,
# spread over one pytest-xdist worker a core (TEST_JOBS=0 runs them in this process). Work stealing, because a
# few tests (pre-commit try-repo, the wheel in a fresh venv) take minutes and the rest seconds.
TEST_JOBS ?= auto
test: $(VENV)/.installed-test
	$(BIN)/ruff check cleaner
	$(BIN)/mypy cleaner
	$(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist worksteal

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py $(BENCH_SETS) --markdown bench/last-run.md $(BENCH_ARGS)
	$(BIN)/python bench/crossfit.py $(BENCH_SETS) --kinds html_text,bs4,resiliparse --markdown bench/last-crossfit.md
	$(BIN)/python bench/scale.py --data $(WCXB_DATA) --markdown bench/last-scale.md
	$(BIN)/python bench/check.py $(BENCH_SETS) --markdown bench/last-check.md
	$(BIN)/python bench/profile.py $(BENCH_SETS) --markdown bench/last-profile.md
	$(BIN)/python bench/learn.py $(BENCH_SETS) --min-pages 3 --show regnum.ru --markdown bench/last-learn.md

# Regenerate the generated part of docs/rules.md (the kinds and their keys) from the declarations in cleaner/kinds.
docs: $(VENV)/.installed-base
	$(BIN)/python -c 'from pathlib import Path; from cleaner.kinds.registry import with_kinds_docs; \
		page = Path("docs/rules.md"); page.write_text(with_kinds_docs(page.read_text(encoding="utf-8")), encoding="utf-8")'

# Refit the line model on the tune halves of both sets; writes rules/line-model.json.
train: $(VENV)/.installed-train
	$(BIN)/python bench/train.py $(BENCH_SETS) --out rules/line-model.json

# Score the line model by 4-fold cross-validation inside the tune halves (the holdout halves are not read),
# to compare ideas before one `make bench` judges the choice on both halves.
cv: $(VENV)/.installed-train
	$(BIN)/python bench/cv.py $(BENCH_SETS) --model rules/line-model.json --thresholds 0.7 --extend 0.4 --bridge 0.3 --shifts=-0.2,-0.1,0.1,0.2 --precision-weights 0.5,0.65,0.68,0.8 --foreign

# Fuzz normalize, the rule loader and check for FUZZ_SECONDS each (not part of test or CI). The corpora grow
# in bench/fuzz-corpus/, seeded from fixtures/seeds and rules/; crashes land in bench/fuzz-artifacts/.
FUZZ_SECONDS ?= 600
fuzz: $(VENV)/.installed-fuzz
	$(BIN)/python bench/fuzz.py seeds
	for target in normalize rules check; do \
		mkdir -p bench/fuzz-artifacts/$$target && \
		$(BIN)/python bench/fuzz.py $$target bench/fuzz-corpus/$$target -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -max_len=16384 -rss_limit_mb=8192 -print_final_stats=1 \
			-artifact_prefix=bench/fuzz-artifacts/$$target/ || exit 1; \
	done

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache bench/last-run.md bench/last-crossfit.md bench/last-scale.md bench/last-check.md bench/last-learn.md
