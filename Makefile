# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= data/stalking.duckdb
PORT ?= 8501
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench bench-ui browser clean-db

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The sample database: the committed extract, then its later delta, the sample meeting's
# decision log (kept beside it in $(DB).decisions.sqlite) and the Home Office's 2017/18 figures
# by force (the national context).
$(DB): | $(STAMP)
	$(PY) -m pipelines load sample_data/extract --db $(DB)
	$(PY) -m pipelines load sample_data/delta --db $(DB)
	$(PY) -m pipelines decisions import sample_data/decisions.csv --db $(DB)
	$(PY) -m pipelines context pipelines/reference/national/prc-pfa-201718-excerpt.csv --db $(DB)

run: $(STAMP) $(DB)
	STALKING_DB=$(DB) $(VENV)/bin/streamlit run app.py \
		--server.address 127.0.0.1 --server.port $(PORT) --server.headless true

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| (echo "make test needs $(CHROMIUM): apt-get install -y chromium" && exit 1)

# Two workers, each taking whole test files (module fixtures such as the browser visits are
# made once); `pytest FILE` alone still runs serially.
test: $(STAMP) browser
	$(PY) -m pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint queries/sql

bench: $(STAMP)
	$(PY) -m tools.bench

# How long each page takes to answer in Chromium (cold open, filter change), on the sample.
bench-ui: $(STAMP) $(DB) browser
	$(PY) -m tools.bench_ui --db $(DB)

clean-db:
	rm -f $(DB) $(DB).wal  # the meeting's decisions ($(DB).decisions.sqlite) are typed in: kept
