"""The desktop app starts on a real X server (Qt's xcb platform, not offscreen) and its
main window appears: what `make run` does on a Linux desktop. Runs where Xvfb and
xwininfo (x11-utils) are installed (`make test` installs them on Debian); skipped otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.core.db import Database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or shutil.which("Xvfb") is None
    or shutil.which("xwininfo") is None,
    reason="needs Xvfb and xwininfo (Debian packages xvfb, x11-utils)",
)


def _start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb server on a free display; it writes the display number to the pipe."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        pytest.skip("Xvfb did not start")
    return server, f":{number}"


def _window_titles(display: str) -> str:
    done = subprocess.run(
        ["xwininfo", "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout


def test_planner_opens_its_window_on_a_real_x_server(demo_db: Database, tmp_path: Path) -> None:
    path = demo_db.path
    demo_db.close()
    server, display = _start_xvfb()
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "planner", "--db", str(path)],
        env=env,
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen, title = "", f'"On-call Tour Planner — {path.name}"'  # once the database is open
        for _ in range(120):  # waiting for an event, not timing it: up to a minute
            seen = _window_titles(display)
            if title in seen or app.poll() is not None:
                break
            time.sleep(0.5)
        assert app.poll() is None, f"planner exited: {app.communicate()[1][-2000:]}"
        assert title in seen
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        server.terminate()
        server.wait()
    assert "Traceback" not in (app.stderr.read() if app.stderr else "")
