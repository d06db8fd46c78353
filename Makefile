# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app tracker

.PHONY: run test install bench lint clean catalog

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sanctuary Tracker needs Python 3.11 or newer; set PYTHON=python3.12 or similar.")'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Compiled catalogs are built, not kept in git: every .po gives its .mo.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard tracker/translations/*/LC_MESSAGES/messages.po))
%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(VENV)/.installed $(CATALOGS)

# After changing any text a person reads: re-extract every message (templates,
# Python incl. lazy and plural forms) and bring the Spanish catalog up to date.
# New messages arrive untranslated (tests/i18n fails until they are translated).
POT := tracker/translations/messages.pot
catalog: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--add-location=file --sort-by-file --project="Sanctuary Tracker" --copyright-holder="Sanctuary Tracker" \
		--msgid-bugs-address="" -o $(POT) .
	$(BIN)/pybabel -q update -i $(POT) -d tracker/translations --no-fuzzy-matching --ignore-obsolete
	$(MAKE) --no-print-directory $(CATALOGS)

run: install
	$(FLASK) db upgrade
	@# Refused (and said why) on a database that holds real accounts; the server starts anyway.
	-$(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/run_all.py

lint: install
	$(BIN)/python -m ruff check tracker tests bench config.py wsgi.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
