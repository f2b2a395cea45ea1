"""Screenshots of every screen and the main dialogs, to look at (issue 13's "Looks").

One run = one palette, one locale, one scale::

    QT_QPA_PLATFORM=offscreen [QT_SCALE_FACTOR=2] \
        python tools/screenshots.py DB OUTDIR --scheme light|dark [--locale de_DE]

DB is copied first (the dialogs are only opened and cancelled, but the app writes its
daily backup beside the database it opens). The window is 1280×800; each screen is shot,
each tab of a screen, each zoom of the Timeline, then each dialog (Settings, Sites and
rotations with both tabs, Fees, Assign, Cover, Swap, the volunteer form new and filled,
Change status, Service record, Tour plan, Log page, rest entry, Backups, Help's guide and
About). ``index.txt`` in OUTDIR names every PNG. The dark palette is the one the tests use
(``tests/ui/test_dark_readable.py``'s ``_dark``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QItemSelectionModel, QLocale, QSettings, QSortFilterProxyModel
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTabWidget, QWidget

parser = argparse.ArgumentParser()
parser.add_argument("db", type=Path)
parser.add_argument("out", type=Path)
parser.add_argument("--scheme", choices=("light", "dark"), default="light")
parser.add_argument("--locale", default="C")
args = parser.parse_args()

QLocale.setDefault(QLocale(args.locale))
out: Path = args.out
out.mkdir(parents=True, exist_ok=True)
work = out / "work"
work.mkdir(exist_ok=True)
db_path = work / "demo.db"
shutil.copyfile(args.db, db_path)
os.environ["XDG_CONFIG_HOME"] = str(work / "config")
os.environ["XDG_DATA_HOME"] = str(work / "data")
os.environ["XDG_STATE_HOME"] = str(work / "state")

app = QApplication(sys.argv[:1])
if args.scheme == "dark":
    from tests.ui.test_dark_readable import _dark

    app.setPalette(_dark())

from planner.core.db import open_database  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

index: list[str] = []


def settle(seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, name: str, what: str) -> None:
    file = f"{len(index):02d}-{name}.png"
    widget.grab().save(str(out / file))
    index.append(f"{file}\t{what}")
    print(file, flush=True)


settings = QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat)
window = MainWindow(
    open_database(db_path), lambda path, create: open_database(path, create=create), settings
)
window.resize(1280, 800)
window.show()
settle(2.0)
window.resize(1280, 800)


def shoot_tabs(widget: QWidget, name: str, what: str) -> None:
    """``widget`` as it is, then each other tab of its first visible tab widget."""
    save(widget, name, what)
    tabs = [t for t in widget.findChildren(QTabWidget) if t.isVisibleTo(widget)]
    if not tabs:
        return
    box = tabs[0]
    first = box.currentIndex()
    for n in range(box.count()):
        if n == first:
            continue
        box.setCurrentIndex(n)
        settle(1.0)
        label = box.tabText(n).replace("&", "")
        slug = label.lower().replace(" ", "_")
        save(widget, f"{name}-{slug}", f"{what}, tab {label}")
    box.setCurrentIndex(first)
    settle(0.3)


for key in window.pages:
    window.show_page(key)
    settle(2.0 if key in ("now", "rota", "timeline", "tours") else 1.2)
    title = window.nav.currentItem().text()
    if key == "timeline":
        screen = window.pages[key]
        zoom = screen.zoom_box  # type: ignore[attr-defined]
        for n in range(zoom.count()):
            zoom.setCurrentIndex(n)
            settle(1.0)
            save(
                window,
                f"timeline-{zoom.itemText(n).replace(' ', '')}",
                f"Timeline, {zoom.itemText(n)}",
            )
        zoom.setCurrentIndex(1)
        continue
    shoot_tabs(window, key, title)

# -- dialogs: exec shows the dialog, grabs it (each tab) and cancels it ------------------
current = {"name": "", "what": ""}


def grab_dialog(self: QDialog) -> int:
    self.show()
    settle(1.5)
    shoot_tabs(self, f"dialog-{current['name']}", current["what"])
    self.reject()
    settle(0.2)
    return int(QDialog.DialogCode.Rejected)


QDialog.exec = grab_dialog  # type: ignore[method-assign,assignment]


def grab_box(parent: QWidget | None, title: str, text: str, *_: object) -> object:
    """QMessageBox's static warning/question/...: shown, grabbed, answered Cancel."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.show()
    settle(0.8)
    save(box, f"dialog-{current['name']}-message", f"{current['what']}: message '{title}'")
    box.close()
    return QMessageBox.StandardButton.Cancel


for _static in ("warning", "critical", "information", "question"):
    setattr(QMessageBox, _static, staticmethod(grab_box))


def dialog(name: str, what: str, opener: Callable[[], object]) -> None:
    current.update(name=name, what=what)
    try:
        opener()
    except Exception as exc:  # noqa: BLE001 - a screenshot run names what failed, goes on
        print(f"{name}: {exc!r}", file=sys.stderr)
    settle(0.3)


dialog("settings", "Settings", window.settings_action.trigger)
dialog("rules", "Sites and rotations", window.rules_action.trigger)  # type: ignore[attr-defined]
window.show_page("pay")
settle(1.0)
dialog("fees", "Fees", window.pages["pay"].fees_button.click)  # type: ignore[attr-defined]

window.show_page("rota")
settle(1.5)
rota = window.pages["rota"]
model = rota.model  # type: ignore[attr-defined]
table = rota.table  # type: ignore[attr-defined]


def select_published() -> bool:
    for r in range(model.rowCount()):
        for c in range(1, model.columnCount()):
            cell = model.cell(r, c)
            if cell is None or cell.volunteer_id is None or cell.state != "published":
                continue
            if cell.week <= date.today():
                continue
            source = model.index(r, c)
            shown = table.model()
            if isinstance(shown, QSortFilterProxyModel):
                source = shown.mapFromSource(source)
            table.selectionModel().setCurrentIndex(
                source, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            settle(0.3)
            return True
    return False


if select_published():
    dialog("assign", "Assign", rota.assign_button.click)  # type: ignore[attr-defined]
    dialog("cover", "Cover", rota.cover_button.click)  # type: ignore[attr-defined]
    dialog("swap", "Swap", rota.swap_button.click)  # type: ignore[attr-defined]
else:
    print("no published shift to select", file=sys.stderr)

window.show_page("volunteers")
settle(1.0)
vols = window.pages["volunteers"]
dialog("volunteer-new", "Add volunteer", vols.add_button.click)  # type: ignore[attr-defined]
vols.table.selectRow(0)  # type: ignore[attr-defined]
settle(0.5)
dialog("volunteer-edit", "Edit volunteer", vols.edit_button.click)  # type: ignore[attr-defined]
dialog("status", "Change status", vols.status_button.click)  # type: ignore[attr-defined]
dialog("service-record", "Service record", vols.record_button.click)  # type: ignore[attr-defined]

window.show_page("rest")
settle(1.0)
rest = window.pages["rest"]
dialog("log-page", "Log page", rest.log_page_button.click)  # type: ignore[attr-defined]

window.show_page("tours")
settle(1.0)
tours = window.pages["tours"]
dialog("tour-plan", "Plan tours", tours.plan_button.click)  # type: ignore[attr-defined]
settle(1.0)
for top in app.topLevelWidgets():  # the tour plan dialog is shown, not exec'd
    if isinstance(top, QDialog) and top.isVisible():
        shoot_tabs(top, f"dialog-{top.objectName() or 'tour-plan'}", top.windowTitle())
        top.reject()

dialog("backups", "Backups", window.backups_action.trigger)


def guide() -> None:
    from ui.help_dialog import show_guide

    shown = show_guide(window)
    settle(1.0)
    save(shown, "dialog-guide", "Help, the weekly routine")
    shown.close()


def about() -> None:
    from ui.help_dialog import about_text

    box = QMessageBox(window)
    box.setWindowTitle("About On-call Tour Planner")
    box.setText(about_text(db_path))
    box.setIconPixmap(window.windowIcon().pixmap(64, 64))
    box.show()
    settle(1.0)
    save(box, "dialog-about", "Help, About (as QMessageBox.about lays it out)")
    box.close()


dialog("guide", "Help", guide)
dialog("about", "About", about)

(out / "index.txt").write_text(
    f"scheme={args.scheme} locale={args.locale} "
    f"scale={os.environ.get('QT_SCALE_FACTOR', '1')}\n" + "\n".join(index) + "\n"
)
window.close()
settle(0.3)
print("done", len(index))
