VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

# Debian packages: Qt's X11 plugin needs (make run), fonts for printing, and the tools the
# tests use to read PDFs (poppler-utils) and recalculate workbooks (LibreOffice Calc).
# Installed when missing and this is a Debian machine where we are root; otherwise the
# tests that need them are skipped with the reason.
DEB_PACKAGES := libxcb-cursor0 libxkbcommon-x11-0 libegl1 fontconfig fonts-dejavu-core \
	poppler-utils libreoffice-calc-nogui xvfb
DEB_STAMP := $(VENV)/.debian-packages

.PHONY: run test lint bench clean system-deps

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

$(DEB_STAMP): | $(PY)
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
		|| echo "note: could not install $$missing (some tests will be skipped)"; \
	else echo "note: missing Debian packages (some tests will be skipped): $$missing"; fi
	touch $@

system-deps: $(DEB_STAMP)

run: $(STAMP) $(DEB_STAMP)
	$(VENV)/bin/planner

test: $(TEST_STAMP) $(DEB_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/allocation.py
	$(PY) bench/payroll.py

clean:
	rm -rf $(VENV) build dist *.egg-info
