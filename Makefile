VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean libreoffice

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(VENV)/bin/planner

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check planner ui tests bench
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Optional: LibreOffice for the workbook recalculation test (skipped when soffice is absent).
# Installs only where it is practical: root and apt-get; never fails the build.
libreoffice:
	@command -v soffice >/dev/null 2>&1 && echo "soffice present" || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get install -y --no-install-recommends libreoffice-calc-nogui || true; \
	  else echo "soffice absent: the LibreOffice test will be skipped"; fi; }

bench: $(STAMP)
	$(PY) bench/allocation.py
	$(PY) bench/payroll.py

clean:
	rm -rf $(VENV) build dist *.egg-info
