"""Qt's own dialogs open under the app's screen-reader namer (ui.accessibility).

Qt polishes some of a file dialog's inputs while the dialog is still being built, inside
its constructor; naming them there (reading the dialog's labels for a buddy) crashed the
whole app with a segmentation fault in PySide: on a desktop without a native file dialog,
Pay › Export workbook…, File › Export rota PDF…, Export calendar (.ics)…, Open and New
database… all closed the app. Each case runs in a process of its own, so a crash fails
the test instead of ending the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from ui import accessibility

app = QApplication([])
accessibility.install(app)
window = QWidget()
window.show()
names = []

def close():
    for top in app.topLevelWidgets():
        if isinstance(top, QFileDialog) and top.isVisible():
            names.extend(w.accessibleName() for w in top.findChildren(QWidget))
            top.reject()

QTimer.singleShot(300, close)
ask = getattr(QFileDialog, sys.argv[1])
ask(window, "Export payroll workbook", "payroll.xlsx", "Excel workbook (*.xlsx)")
print(sorted({n for n in names if n}))
"""


@pytest.mark.parametrize("ask", ["getSaveFileName", "getOpenFileName"])
def test_a_file_dialog_opens_named_and_the_app_lives_on(ask: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, ask],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "'File name'" in done.stdout and "'Files of type'" in done.stdout
