VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# The exact versions CI tested (`make lock` regenerates them from pyproject.toml with uv):
# requirements.lock for the app, requirements-test.lock for the app plus the test tools.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

# Debian packages: every library Qt's X11 platform plugin (libqxcb.so) links to (make run;
# `objdump -p` lists them, tests/ui/test_platform_check.py keeps this list complete), fonts
# for printing, and what the tests use: poppler-utils (PDF text), LibreOffice Calc
# (recalculating workbooks), Xvfb and x11-utils (the app's real window on a virtual screen).
# Installed when missing and this is a Debian machine where we are root; otherwise `make run`
# names the missing libraries and the tests that need the tools are skipped with the reason.
QT_XCB_PACKAGES := libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxkbcommon-x11-0 libxcb-cursor0 \
	libxcb-util1 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-render0 libxcb-xkb1 \
	libxcb-xinput0 libxcb1 libx11-xcb1 libx11-6 libxkbcommon0 libgl1 libegl1 \
	libfontconfig1 libfreetype6 libdbus-1-3
DEB_PACKAGES := $(QT_XCB_PACKAGES) fontconfig fonts-dejavu-core \
	poppler-utils libreoffice-calc-nogui xvfb x11-utils
DEB_STAMP := $(VENV)/.debian-packages

.PHONY: run test lint bench clean system-deps package lock mutate

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

$(DEB_STAMP): Makefile | $(PY)
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian packages: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
		|| echo "note: could not install $$missing (some tests will be skipped)"; \
	else echo "note: missing Debian packages (some tests will be skipped): $$missing"; fi
	touch $@

system-deps: $(DEB_STAMP)

# Before starting: name any library Qt's xcb plugin lacks (from ldd), instead of Qt's message.
run: $(STAMP) $(DEB_STAMP)
	@$(PY) -m ui.platform_check
	$(VENV)/bin/planner

test: $(TEST_STAMP) $(DEB_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q
	@echo "GUI tests again on a computer in San Francisco (TZ=America/Los_Angeles):"
	TZ=America/Los_Angeles QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/ui --ignore=tests/ui/cli

# Benchmarks print figures and their targets (not part of the test run). Child processes
# cache bytecode like an installed app; the large database is built once per size in /tmp.
BENCH_ENV := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=/tmp/planner-bench/pycache

bench: $(STAMP)
	$(BENCH_ENV) $(PY) bench/startup.py
	$(BENCH_ENV) $(PY) bench/cli.py
	$(BENCH_ENV) $(PY) bench/gui.py
	$(BENCH_ENV) $(PY) bench/allocation.py
	$(BENCH_ENV) $(PY) bench/payroll.py

# One folder, dist/planner/, with the `planner` program (see build.spec). About two
# minutes on two cores; tests/install/test_frozen.py builds and runs it in `make test`.
package: $(TEST_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/planner

# Mutation testing of the money and time code ([tool.mutmut] in pyproject.toml lists the
# modules and the tests); slow, so not part of `make test`. Prints each module's score
# (tests/mutation.py); survivors and their reasons: tests/MUTANTS.md.
mutate: $(TEST_STAMP)
	nice -n 10 $(VENV)/bin/mutmut run --max-children $${MUTATE_CHILDREN:-1} || true
	$(VENV)/bin/mutmut results
	$(PY) -m tests.mutation

lock: | $(PY)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --quiet --python-version 3.11 pyproject.toml -o $(LOCK)
	$(VENV)/bin/uv pip compile --quiet --python-version 3.11 --extra test pyproject.toml -o $(TEST_LOCK)

clean:
	rm -rf $(VENV) build dist *.egg-info
