"""Edit › Settings…: office hours and handover, staggering, tours, pages and rest, and each
rotation's own team band, experienced members and gap. Save writes all or nothing.

What the change does (``planner.pay.settings_effects``) shows as it is typed: tours created
from now on and the proposals for waiting volunteers (tour length, target shifts,
staggering); pages of open months that change class and the rest owed (night window, rest
rule). It is worked out off the GUI thread (``ui.latest_only``; seconds on a large
database), so the dialog stays responsive and says "Working out the effect…"; a newer edit
supersedes an older computation. Save waits for the effect of the values as they are, the
coordinator confirms or cancels, and the change is written in the worker too; a refused
change writes nothing. Saved: one undoable edit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core import settings_service as svc
from planner.core.errors import PlannerError
from planner.core.home import home_site
from planner.core.stopping import Stop
from planner.core.vocabulary import ROTATION_KEYS
from planner.pay import settings_effects
from ui import palette, user_locale
from ui.apply_prompt import ask_to_apply
from ui.edits import edits_for
from ui.effect_preview import WORKING
from ui.latest_only import LatestOnly
from ui.screens.base import DatabaseGetter
from ui.worker import Operation, failure_text
from ui.wrapped_label import WrappedLabel

NIGHT_KEYS = ("night_start", "night_end")
ROTATION_HEADERS = ("Rotation", "Team min", "Team max", "Experienced", "Gap (weeks)")
PROMPT = "The effect of a change shows here before it is applied."
Values = tuple[dict[str, str], dict[str, dict[str, str]]]


_MONDAY = date(2024, 1, 1)


class _Field:
    """One setting's editor; ``text()`` is what the service parses."""

    def __init__(self, key: str, value: Any) -> None:
        self.key = key
        info = svc.INFO[key]
        self.widget: QWidget
        self.days: list[QCheckBox] = []
        if info.kind == "time":
            edit = QTimeEdit(QTime.fromString(value, "HH:mm"))
            edit.setDisplayFormat(user_locale.time_format())
            self.widget = edit
        elif info.kind == "int":
            spin = QSpinBox()
            spin.setRange(info.low, info.high)
            spin.setValue(int(value))
            if key == "tour_months":
                spin.setSuffix(" months")
            elif key == "intake_lead_weeks":
                spin.setSuffix(" weeks")
            self.widget = spin
        elif info.kind == "weekday":
            combo = QComboBox()
            for n, name in enumerate(svc.WEEKDAYS):  # shown in the user's language
                combo.addItem(user_locale.weekday_name(_MONDAY + timedelta(days=n)), name)
            combo.setCurrentIndex(int(value))
            self.widget = combo
        elif info.kind == "choice":
            combo = QComboBox()
            combo.addItems(list(info.choices))
            combo.setCurrentText(str(value))
            self.widget = combo
        elif info.kind == "folder":
            line = QLineEdit(str(value))
            line.setPlaceholderText("none: type or paste a folder's path")
            # wide enough to read its hint whole (and the clear button beside it)
            line.setMinimumWidth(line.fontMetrics().horizontalAdvance(line.placeholderText()) + 40)
            line.setClearButtonEnabled(True)
            self.widget = line
        else:  # weekdays
            self.widget = QWidget()
            row = QHBoxLayout(self.widget)
            row.setContentsMargins(0, 0, 0, 0)
            for n in range(len(svc.WEEKDAYS)):
                box = QCheckBox(user_locale.weekday_abbr(_MONDAY + timedelta(days=n)))
                box.setChecked(n in value)
                self.days.append(box)
                row.addWidget(box)
            row.addStretch(1)
        self.widget.setToolTip(info.help)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QTimeEdit):
            return w.time().toString("HH:mm")
        if isinstance(w, QSpinBox):
            return str(w.value())
        if isinstance(w, QComboBox):  # a weekday's English name, whatever is shown
            return str(w.currentData() or w.currentText())
        if isinstance(w, QLineEdit):
            return w.text()
        return ",".join(str(n) for n, box in enumerate(self.days) if box.isChecked())

    def set_text(self, text: str) -> None:
        """Set from the coordinator's text (tests and scripting)."""
        w = self.widget
        if isinstance(w, QTimeEdit):
            w.setTime(QTime.fromString(text, "HH:mm"))
        elif isinstance(w, QSpinBox):
            w.setValue(int(text))
        elif isinstance(w, QComboBox):
            found = w.findData(text)
            if found >= 0:
                w.setCurrentIndex(found)
            else:
                w.setCurrentText(text)
        elif isinstance(w, QLineEdit):
            w.setText(text)

    def connect(self, slot: Any) -> None:
        w = self.widget
        if isinstance(w, QTimeEdit):
            w.timeChanged.connect(slot)
        elif isinstance(w, QSpinBox):
            w.valueChanged.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)
        elif isinstance(w, QLineEdit):
            w.textChanged.connect(slot)
        for box in self.days:
            box.toggled.connect(slot)

    def mark(self, bad: bool) -> None:
        palette.follow(self.widget, lambda: palette.css_fill("error_fill") if bad else "")


class SettingsDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Settings")
        self.fields: dict[str, _Field] = {}
        self.group_errors: dict[str, QLabel] = {}
        with get_db().session() as session:
            rows = svc.describe(session)
            locked = svc.shifts_exist(session)
            rotation_rows = svc.rotation_rows(session)
            zone = home_site(session).timezone  # times typed here are the home site's

        grid = QGridLayout()
        for n, group in enumerate(svc.GROUPS):
            box = QGroupBox(group.replace("&", "&&"))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            if group == svc.INFO["office_start"].group and locked:
                note = WrappedLabel(
                    "Locked: shifts exist. Office hours and the handover set slot boundaries "
                    "and the out-of-hours hours of shifts already planned or paid."
                )
                note.setObjectName("lock_note")
                form.addRow(note)
            for row in rows:
                if row.group != group:
                    continue
                field = _Field(row.key, row.value)
                field.widget.setEnabled(not (locked and row.key in svc.SLOT_KEYS))
                field.connect(self.edited)
                self.fields[row.key] = field
                timed = isinstance(field.widget, QTimeEdit)
                # a night page is judged in its responder's own time, not the home site's
                where = "responder's local time" if row.key in NIGHT_KEYS else zone
                label = QLabel(f"{row.label} ({where})" if timed else row.label)
                label.setToolTip(row.help)
                form.addRow(label, field.widget)
            error = WrappedLabel()
            palette.ink(error, "error")
            error.hide()
            form.addRow(error)
            self.group_errors[group] = error
            grid.addWidget(box, n // 2, n % 2)

        self.rotations = QTableWidget(len(rotation_rows), len(ROTATION_HEADERS))
        self.rotations.setAccessibleName("Each rotation's own settings")
        self.rotations.setHorizontalHeaderLabels(ROTATION_HEADERS)
        self.rotations.verticalHeader().hide()
        self.rotations.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rotations.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, rot in enumerate(rotation_rows):
            name = QTableWidgetItem(rot.name)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.rotations.setItem(r, 0, name)
            for c, key in enumerate(ROTATION_KEYS, start=1):
                value = getattr(rot, key)
                self.rotations.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.rotations.itemChanged.connect(self.edited)
        self.rotation_error = WrappedLabel()
        palette.ink(self.rotation_error, "error")
        self.rotation_error.hide()
        rot_box = QGroupBox("Per rotation (blank: the global staggering setting)")
        rot_layout = QVBoxLayout(rot_box)
        rot_layout.addWidget(self.rotations)
        rot_layout.addWidget(self.rotation_error)

        # the effect of the values typed, worked out in the worker a moment after an edit
        self.previews = LatestOnly()
        self.previewed: tuple[Values, settings_effects.SettingsEffect | Exception] | None = None
        self.saving = False  # Save pressed: goes on once the effect of the values is known
        self.applying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # typing a number: one computation, not one a digit
        self._timer.timeout.connect(self.request_preview)
        self.effect = WrappedLabel(PROMPT)
        self.effect.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.effect.setAccessibleName("Effect of the change")
        self.refusal = WrappedLabel()
        palette.ink(self.refusal, "error")
        self.refusal.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(rot_box)
        layout.addWidget(self.effect)
        layout.addWidget(self.refusal)
        layout.addWidget(self.buttons)
        self.resize(860, 720)

    # -- values -----------------------------------------------------------------------
    def setting_values(self) -> dict[str, str]:
        return {key: f.text() for key, f in self.fields.items()}

    def _cell(self, row: int, column: int) -> str:
        item = self.rotations.item(row, column)
        return item.text() if item is not None else ""

    def rotation_values(self) -> dict[str, dict[str, str]]:
        values: dict[str, dict[str, str]] = {}
        for r in range(self.rotations.rowCount()):
            name = self._cell(r, 0)
            values[name] = {key: self._cell(r, c) for c, key in enumerate(ROTATION_KEYS, start=1)}
        return values

    def _show_error(self, exc: PlannerError | None) -> None:
        for label in (*self.group_errors.values(), self.rotation_error):
            label.hide()
        for field in self.fields.values():
            field.mark(False)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(exc is None)
        if exc is None:
            return
        label = self.rotation_error
        if isinstance(exc, svc.SettingError) and not exc.rotation and exc.key in self.fields:
            self.fields[exc.key].mark(True)
            label = self.group_errors[svc.INFO[exc.key].group]
        label.setText(str(exc))
        label.show()

    def validate(self) -> bool:
        """Check everything against the service without writing; show the first problem."""
        try:
            with self.get_db().session() as session:
                svc.apply(session, self.setting_values(), self.rotation_values(), dry_run=True)
        except PlannerError as exc:
            self._show_error(exc)
            return False
        self._show_error(None)
        return True

    @property
    def busy(self) -> bool:
        """An effect is being worked out, or the change written."""
        return self.previews.busy or self._timer.isActive() or self.applying

    def values(self) -> Values:
        return self.setting_values(), self.rotation_values()

    def edited(self) -> None:
        """A value changed: checked at once, its effect worked out a moment later."""
        if self.applying:
            return
        if self.validate():
            self.effect.setText(WORKING)
            self._timer.start()
        else:
            self._timer.stop()
            self.previews.drop()
            self.previewed = None
            self.effect.setText(PROMPT)
            self.saving = False

    def request_preview(self) -> None:
        """Work out the effect of the values as they are now, off the GUI thread; a newer
        request supersedes this one. Nothing is written."""
        self._timer.stop()
        values = self.values()
        if self.previewed is not None and self.previewed[0] == values:
            return
        self.effect.setText(WORKING)
        get_db, locale = self.get_db, user_locale.name()

        def work(stop: Stop) -> settings_effects.SettingsEffect:
            with get_db().session() as session, stop.watching(session):
                return settings_effects.preview(session, *values, locale=locale)

        self.previews.request(
            work,
            lambda effect: self._previewed(values, effect),
            lambda exc: self._previewed(values, exc),
        )

    def _previewed(
        self, values: Values, found: settings_effects.SettingsEffect | Exception
    ) -> None:
        if self.applying:
            return
        self.previewed = (values, found)
        self.refusal.hide()
        effect = self._shown(found)
        if self.saving:
            self.saving = False
            if effect is not None:
                self._go_on(values, effect)

    def _shown(
        self, found: settings_effects.SettingsEffect | Exception
    ) -> settings_effects.SettingsEffect | None:
        """Show an effect (or why there is none); the effect when it can be applied."""
        if isinstance(found, svc.SettingError):
            self.effect.setText(PROMPT)
            self._show_error(found)
            return None
        if isinstance(found, Exception):
            self.effect.setText(PROMPT)
            if isinstance(found, PlannerError):
                self._refuse(f"Refused: {found}")
            else:
                self._refuse(failure_text(found, "working out the effect"))
            return None
        self.effect.setText(found.text() if not found.empty else "Nothing changes.")
        if found.refused:
            self._refuse(found.text())
            return None
        return found

    def preview(self) -> settings_effects.SettingsEffect | None:
        """The effect shown for the values as they are, once worked out (None while it is
        being worked out, or when a value is bad or the change refused). Writes nothing."""
        if self.previewed is None or self.previewed[0] != self.values():
            return None
        found = self.previewed[1]
        return None if isinstance(found, Exception) or found.refused else found

    def _refuse(self, text: str) -> None:
        self.refusal.setText(text)
        self.refusal.show()

    def save(self) -> None:
        """Once the effect of the values as they are is known (worked out in the worker:
        Save waits for it), ask when it reaches beyond the values themselves, then write
        every change in one transaction (all or nothing), off the GUI thread, and close."""
        if self.applying or not self.validate():
            return
        values = self.values()
        if self.previewed is not None and self.previewed[0] == values:
            effect = self._shown(self.previewed[1])
            if effect is not None:
                self._go_on(values, effect)
            return
        self.saving = True
        self.request_preview()
        self.effect.setText(f"{WORKING} Save goes on once it is known.")

    def _go_on(self, values: Values, effect: settings_effects.SettingsEffect) -> None:
        if effect.empty:
            self.accept()
            return
        if effect.worth_asking and not self.confirm(effect.text()):
            return
        edits = edits_for(self, self.get_db)
        self.applying = True
        self.buttons.setEnabled(False)

        def work() -> object:
            return edits.run_captured(lambda session: settings_effects.apply(session, *values))

        def done(result: tuple[object, object]) -> None:
            self.applying = False
            self.buttons.setEnabled(True)
            edits.push("settings change", result[1])  # type: ignore[arg-type]
            self.accept()

        def failed(exc: Exception) -> None:
            self.applying = False
            self.buttons.setEnabled(True)
            self.previewed = None
            if isinstance(exc, svc.SettingError):
                self._show_error(exc)
            elif isinstance(exc, PlannerError):
                self._refuse(str(exc))
            else:
                self._refuse(failure_text(exc, "saving the settings"))

        Operation(work).success(done).failure(failed).run_in_background()

    def done(self, result: int) -> None:
        """Closed: a computation still running ends unheard."""
        self._timer.stop()
        self.previews.drop()
        super().done(result)

    def confirm(self, effect: str) -> bool:
        return ask_to_apply(self, "Apply these settings?", effect)
