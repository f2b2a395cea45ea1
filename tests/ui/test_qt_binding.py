"""The Qt binding in use does not corrupt Python's reference count of None.

PySide6-Essentials 6.12.0 dropped a reference to None on every call of a Qt method
returning nothing; painting a few rota pages then aborted the process at exit
("Fatal Python error: none_dealloc"). pyproject.toml keeps such a release out; this
test catches any binding that brings the bug back.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
app = QGuiApplication([])
image = QImage(100, 100, QImage.Format.Format_ARGB32)
painter = QPainter(image)
before = sys.getrefcount(None)
for _ in range(50000):
    painter.setPen(QColor(1, 2, 3))
after = sys.getrefcount(None)
painter.end()
print(after - before)
"""


def test_painting_does_not_drain_the_reference_count_of_none() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert abs(int(run.stdout.strip())) < 1000
