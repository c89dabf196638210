# Two commands for a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
export HF_HUB_OFFLINE := 1

.PHONY: install system-deps build run test bench models cv clean

install: $(VENV)/.installed

# torch is pinned and installed first: an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[test]'
	$(PY) -m index.e5_convert
	$(PY) -m index.onnx_export
	touch $@

build: install
	$(VENV)/bin/assistant build

run: build
	$(VENV)/bin/assistant serve --host 127.0.0.1 --port 8000

# Debian packages for the browser, Redis and load tests (apt-get; root or sudo).
system-deps:
	scripts/system-deps.sh

test: install system-deps
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	$(PY) -m pytest -q

bench: build
	$(PY) benchmarks/retrieval.py

# The ranking and answer models (assistant/answers/ranking/models.json), fitted with 5-fold CV on
# the dev set, the first three unseen national sets, the own rules questions and rules held-out
# sets 1-5 (335 questions). National sets 4-6 and rules held-out sets 6 and later stay out: they
# measure how these models do on questions nobody fitted on (a new held-out set is not added here).
TRAIN_SETS := ../shared/eval/dev.jsonl $(addprefix benchmarks/unseen_national,.jsonl 2.jsonl 3.jsonl) \
	$(addprefix benchmarks/rules_questions,.jsonl _heldout.jsonl _heldout2.jsonl _heldout3.jsonl _heldout4.jsonl _heldout5.jsonl)
models: build
	$(VENV)/bin/assistant fit $(TRAIN_SETS)

# The training sets' cross-validated figures (each set apart too), fitted the way `make models` fits.
cv: build
	$(VENV)/bin/assistant eval --cv $(TRAIN_SETS)

clean:
	rm -rf index/data .cache/models
