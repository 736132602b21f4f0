# Each target sets itself up: a fresh clone needs only Python 3.11+ (and, for `make test`
# on a bare machine, the Debian packages that .ci/run installs).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Every Python package, pinned with hashes for all platforms; `make lock` refreshes it.
LOCK := requirements.lock
CATALOGUES := $(wildcard companion/resources/i18n/*/LC_MESSAGES/companion.po)
COMPILED := $(CATALOGUES:.po=.mo)
# Mozilla's ical.js, the parser Thunderbird uses, reads every .vcf and .ics the tests export.
ICALJS := tests/support/icaljs
ICALJS_STAMP := $(ICALJS)/node_modules/.installed-stamp

.PHONY: run test lint bench package translations extract-messages lock clean

# Made again from scratch when the lock changes, so that it holds what the lock lists and nothing
# else; the lock is complete, so nothing beyond it is resolved (--no-deps).
$(STAMP): pyproject.toml setup.py $(LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-deps --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-resolve every dependency (after changing pyproject.toml, or to take upstream releases).
# pytz is left out: vobject lists it but runs without it, and where it is installed Babel
# takes it over the standard zoneinfo and opens all ~600 zone files at every start
# (docs/DEPENDENCIES.md).
lock: $(STAMP)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra package --universal \
		--python-version 3.11 --generate-hashes --no-emit-package pytz --quiet -o $(LOCK)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -D companion -i $< -o $@

translations: $(COMPILED)

run: $(STAMP) translations
	$(VENV)/bin/companion

$(ICALJS_STAMP): $(ICALJS)/package.json $(ICALJS)/package-lock.json
	npm ci --prefix $(ICALJS) --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) translations $(ICALJS_STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

bench: $(STAMP) translations
	$(PY) benchmarks/run.py

package: $(STAMP) translations
	bash packaging/linux/build-deb.sh

# Refresh the template and the catalogues after adding or changing strings.
extract-messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --add-comments=TRANSLATORS: \
		--sort-output --project "Common Ground" -o companion/resources/i18n/companion.pot .
	$(VENV)/bin/pybabel update -D companion -i companion/resources/i18n/companion.pot \
		-d companion/resources/i18n --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache $(COMPILED)
