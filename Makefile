# Tallies: `make demo` runs the main job on the bundled sample, `make test` runs the tests.
# Both create .venv and install the pinned dependencies (requirements/*.txt, with hashes).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test test-all bench lock golden clean

install: $(STAMP)

$(STAMP): requirements/runtime.txt requirements/test.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/runtime.txt -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p demo
	@# the sample articles as one feed: each file with its date, outlet, URL and title
	@$(BIN)/python -c 'import json, pathlib; \
	d = pathlib.Path("examples/corpus"); \
	meta = json.loads((d / "manifest.json").read_text(encoding="utf-8"))["articles"]; \
	rows = [dict(m, id=n, **{"html" if n.endswith(".html") else "text": (d / n).read_text(encoding="utf-8")}) for n, m in meta.items()]; \
	sample = pathlib.Path("examples/sample-article.txt").read_text(encoding="utf-8"); \
	rows += [] if any(r.get("text") == sample for r in rows) else [{"id": "sample-article.txt", "published": "2031-03-14", "outlet": "Coastline News", "text": sample}]; \
	pathlib.Path("demo/articles.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")'
	$(BIN)/tallies ingest demo/articles.jsonl --db demo/tallies.db
	$(BIN)/tallies report --db demo/tallies.db -o demo/report

test: $(STAMP)
	$(BIN)/python -m pytest

# Everything, the minutes-long fault runs included.
test-all: $(STAMP)
	$(BIN)/python -m pytest -m ""

# quantulum3, the NewsQuant peer, is a bench extra (requirements/bench.txt), not a runtime need.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/runtime.txt -r requirements/bench.txt
	$(BIN)/python bench/run.py

# Recompile the pinned requirements from requirements/*.in (needs pip-tools).
lock:
	cd requirements && $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o runtime.txt runtime.in
	cd requirements && $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o test.txt test.in
	cd requirements && $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links --strip-extras -o bench.txt bench.in

# Rewrite the golden files in tests/golden from the current extractor and show the diff.
golden: $(STAMP)
	$(BIN)/python tests/golden_update.py
	git --no-pager diff --stat -- tests/golden

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
