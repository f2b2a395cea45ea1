VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The exact versions CI tested (`make lock` regenerates them from pyproject.toml with uv):
# requirements.lock for the app, requirements-test.lock for the app plus the test tools.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

# Debian packages: Qt's X11 plugin needs (make run), fonts for printing, and the tools the
# tests use to read PDFs (poppler-utils) and recalculate workbooks (LibreOffice Calc).
# Installed when missing and this is a Debian machine where we are root; otherwise the
# tests that need them are skipped with the reason.
DEB_PACKAGES := libxcb-cursor0 libxkbcommon-x11-0 libegl1 fontconfig fonts-dejavu-core \
	poppler-utils libreoffice-calc-nogui xvfb
DEB_STAMP := $(VENV)/.debian-packages

.PHONY: run test lint bench clean system-deps package lock

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(TEST_LOCK) | $(PY)
	$(PY) -m pip install --quiet -r $(TEST_LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
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

# One folder, dist/planner/, with the `planner` program (see build.spec). About two
# minutes on two cores; tests/install/test_frozen.py builds and runs it in `make test`.
package: $(TEST_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/planner

lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --quiet --python-version 3.11 pyproject.toml -o $(LOCK)
	$(VENV)/bin/uv pip compile --quiet --python-version 3.11 --extra test pyproject.toml -o $(TEST_LOCK)

clean:
	rm -rf $(VENV) build dist *.egg-info
