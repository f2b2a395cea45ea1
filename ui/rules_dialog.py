"""Edit › Sites and rotations…: every site and rotation rule, validated, with its effect
shown before it is applied (which future drafts, which open pay runs change) and confirmed
(or cancelled) by the coordinator; a change that would alter a closed pay run is refused.
Each applied change is one undoable edit.

The effect shows as the values are edited (a moment after the last edit), worked out off
the GUI thread (``ui.effect_preview``, ``ui.latest_only``; seconds on a large database):
the dialog stays responsive and says "Working out the effect…", and an edit stops the
computation under way for the newer values'. Apply uses the effect already shown for the
values as they are (waiting for it when it is still being worked out). The change itself
is written in the worker too, then put on the undo stack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core import sites as site_rules
from planner.core.errors import PlannerError
from planner.core.home import home_today, sites
from planner.core.vocabulary import ROLES
from planner.pay import rule_effects
from planner.rota import rotations as rotation_rules
from ui import palette, user_locale
from ui.apply_prompt import ask_to_apply
from ui.edits import edits_for
from ui.effect_preview import WORKING, request_rule_effect, said
from ui.fees_dialog import FeesDialog
from ui.latest_only import LatestOnly
from ui.qt_dates import from_qdate, to_qdate
from ui.screens.base import DatabaseGetter
from ui.worker import Operation
from ui.wrapped_label import WrappedLabel

NEW = "(new rotation)"
PROMPT = "Change a value: what the change does shows here before you apply it."

Change = Callable[[Any], object]
Key = tuple[object, ...]  # which site or rotation, and its values as typed


class SitesTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Sites")
        self.list.setMaximumWidth(180)
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(list(site_rules.timezones()))
        completer = QCompleter(QStringListModel(list(site_rules.timezones())), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        self.currency = QLineEdit(maxLength=3, placeholderText="ISO 4217, e.g. EUR")
        self.country = QComboBox()
        self.country.addItems(list(site_rules.holiday_calendars()))
        self.subdivision = QComboBox()
        self.country.currentTextChanged.connect(self._subdivisions)
        self.home = QCheckBox("Home site (its office hours and holidays define out-of-hours)")
        form = QFormLayout()
        form.addRow("Time zone", self.timezone)
        form.addRow("Currency", self.currency)
        form.addRow("Public holidays (country)", self.country)
        form.addRow("Subdivision", self.subdivision)
        form.addRow(self.home)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form, 1)

    def connect_edits(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` whenever a value or the site shown changes."""
        for signal in (
            self.list.currentTextChanged,
            self.timezone.currentTextChanged,
            self.currency.textChanged,
            self.country.currentTextChanged,
            self.subdivision.currentIndexChanged,
            self.home.toggled,
        ):
            signal.connect(lambda *_: slot())

    def _subdivisions(self, country: str) -> None:
        self.subdivision.clear()
        self.subdivision.addItem("(whole country)", None)
        for sub in site_rules.holiday_calendars().get(country, ()):
            self.subdivision.addItem(sub, sub)

    def show_site(self, values: site_rules.SiteValues) -> None:
        self.timezone.setCurrentText(values.timezone)
        self.currency.setText(values.currency)
        self.country.setCurrentText(values.holiday_country)
        self._subdivisions(values.holiday_country)
        index = self.subdivision.findData(values.holiday_subdivision)
        self.subdivision.setCurrentIndex(max(index, 0))
        self.home.setChecked(values.is_home)

    def values(self) -> site_rules.SiteValues:
        return site_rules.SiteValues(
            self.timezone.currentText(),
            self.currency.text(),
            self.country.currentText(),
            self.subdivision.currentData(),
            self.home.isChecked(),
        )


class RotationsTab(QWidget):
    def __init__(self, site_names: list[str], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName("Rotations")
        self.list.setMaximumWidth(180)
        self.name = QLineEdit()
        self.roles = {role: QCheckBox(role.capitalize()) for role in ROLES}
        self.sites = {name: QCheckBox(name) for name in site_names}
        self.windows = QLineEdit(placeholderText="e.g. 18:00-02:00 (home time); blank: all day")
        self.windows.setToolTip(
            "Daily windows in the home site's time; an end at or before the start runs past "
            "midnight. A follow-the-sun split is two rotations, each with its sites and window."
        )
        self.gap = QSpinBox(minimum=0, maximum=52, suffix=" week(s) clear")
        self.team_min, self.team_max = QSpinBox(minimum=0, maximum=100), QSpinBox(maximum=100)
        for spin in (self.team_min, self.team_max):
            spin.setSpecialValueText("global setting")  # 0: the Settings' band
        self.retire = QCheckBox("Retired from")
        self.retire_on = QDateEdit()
        self.retire_on.setCalendarPopup(True)
        self.retire_on.setDisplayFormat(user_locale.date_format())
        self.retire_on.setDate(to_qdate(today))  # the home site's day
        self.retire_on.setAccessibleName("Retired from date")
        self.fees_button = QPushButton("Fees…")
        roles_row, sites_row, retire_row = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        for box in self.roles.values():
            roles_row.addWidget(box)
        for box in self.sites.values():
            sites_row.addWidget(box)
        retire_row.addWidget(self.retire)
        retire_row.addWidget(self.retire_on)
        for row in (roles_row, sites_row, retire_row):
            row.addStretch(1)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Eligible roles", roles_row)
        form.addRow("Eligible sites (none ticked: every site)", sites_row)
        form.addRow("Daily windows", self.windows)
        form.addRow("Gap between a person's shifts", self.gap)
        form.addRow("Team minimum", self.team_min)
        form.addRow("Team maximum", self.team_max)
        form.addRow(retire_row)
        form.addRow("Fee per shift and holiday supplement", self.fees_button)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form, 1)

    def connect_edits(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` whenever a value or the rotation shown changes."""
        signals: list[Any] = [
            self.list.currentTextChanged,
            self.name.textChanged,
            self.windows.textChanged,
            self.gap.valueChanged,
            self.team_min.valueChanged,
            self.team_max.valueChanged,
            self.retire.toggled,
            self.retire_on.dateChanged,
        ]
        signals += [box.toggled for box in (*self.roles.values(), *self.sites.values())]
        for signal in signals:
            signal.connect(lambda *_: slot())

    def show_spec(self, spec: rotation_rules.RotationSpec) -> None:
        self.name.setText(spec.name)
        for role, box in self.roles.items():
            box.setChecked(role in spec.roles)
        for site, box in self.sites.items():
            box.setChecked(site in spec.sites)
        self.windows.setText(rotation_rules.windows_text(spec.windows))
        self.gap.setValue(spec.gap_weeks)
        self.team_min.setValue(spec.team_min or 0)
        self.team_max.setValue(spec.team_max or 0)
        self.retire.setChecked(spec.retired_from is not None)
        if spec.retired_from:
            self.retire_on.setDate(to_qdate(spec.retired_from))

    def spec(self) -> rotation_rules.RotationSpec:
        name = self.name.text()
        q = self.retire_on.date()
        return rotation_rules.RotationSpec(
            name=name,
            roles=tuple(r for r, box in self.roles.items() if box.isChecked()),
            sites=tuple(s for s, box in self.sites.items() if box.isChecked()),
            windows=rotation_rules.parse_windows(name or "new", self.windows.text()),
            gap_weeks=self.gap.value(),
            team_min=self.team_min.value() or None,
            team_max=self.team_max.value() or None,
            retired_from=from_qdate(q) if self.retire.isChecked() else None,
        )


class RulesDialog(QDialog):
    def __init__(self, get_db: DatabaseGetter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.setWindowTitle("Sites and rotations")
        with get_db().session() as session:
            self._sites = {s.name: site_rules.values_of(s) for s in sites(session)}
            self._specs = {s.name: s for s in rotation_rules.specs(session)}
            today = home_today(session)  # not the computer's day
        # the effect of the change on screen, worked out in the worker when asked for
        self.previews = LatestOnly()
        self.previewed: tuple[Key, rule_effects.Effect] | None = None
        self.working: Key | None = None  # the values whose effect is being worked out
        self.applying_next = False  # Apply pressed: goes on once the effect is known
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # typing a name: one computation, not one a letter
        self._timer.timeout.connect(self._typed_preview)
        self.applying = False
        self.applied = 0  # changes applied while the dialog was open
        self.sites_tab = SitesTab()
        self.sites_tab.list.addItems(list(self._sites))
        self.sites_tab.list.currentTextChanged.connect(self._show_site)
        self.rotations_tab = RotationsTab(list(self._sites), today)
        self.rotations_tab.list.addItems([*self._specs, NEW])
        self.rotations_tab.list.currentTextChanged.connect(self._show_rotation)
        self.rotations_tab.fees_button.clicked.connect(lambda: FeesDialog(get_db, self).exec())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.sites_tab, "Sites")
        self.tabs.addTab(self.rotations_tab, "Rotations")
        self.effect = WrappedLabel(PROMPT)
        self.effect.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.effect.setAccessibleName("Effect of the change")
        self.error = WrappedLabel()
        palette.ink(self.error, "error")
        self.apply_button = QPushButton("&Apply")
        self.apply_button.clicked.connect(lambda: self.apply())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ApplyRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(QLabel("<b>Effect</b>"))
        layout.addWidget(self.effect)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.sites_tab.list.setCurrentRow(0)
        self.rotations_tab.list.setCurrentRow(0)
        self.sites_tab.connect_edits(self._edited)
        self.rotations_tab.connect_edits(self._edited)
        self.tabs.currentChanged.connect(lambda _index: self._edited())
        self.resize(820, 560)

    def _show_site(self, name: str) -> None:
        if name in self._sites:
            self.sites_tab.show_site(self._sites[name])

    def _show_rotation(self, name: str) -> None:
        if name == NEW:
            self.rotations_tab.show_spec(rotation_rules.RotationSpec(name=""))
        elif name in self._specs:
            self.rotations_tab.show_spec(self._specs[name])

    @property
    def busy(self) -> bool:
        """An effect is being worked out (or about to be), or a change written."""
        return self.previews.busy or self._timer.isActive() or self.applying

    # -- the change on screen -----------------------------------------------------------
    def _described(self) -> tuple[Key, str, Change]:
        """The edit the fields describe: which values, its name and the service call
        (PlannerError when a field does not parse)."""
        if self.tabs.currentWidget() is self.sites_tab:
            name = self.sites_tab.list.currentItem().text()
            values = self.sites_tab.values()
            return (
                ("site", name, values),
                f"change of site {name}",
                lambda s: site_rules.update_site(s, name, values),
            )
        current = self.rotations_tab.list.currentItem().text()
        spec = self.rotations_tab.spec()
        key: Key = ("rotation", current, spec)
        if current == NEW:
            return key, f"new rotation {spec.name}", lambda s: rotation_rules.add_rotation(s, spec)
        old = self._specs[current]
        locale = user_locale.name()  # a refusal's day in it

        def update(session: Any) -> None:
            rotation_rules.update_rotation(session, current, spec)
            if spec.retired_from != old.retired_from:
                rotation_rules.retire_rotation(session, spec.name, spec.retired_from, locale)

        return key, f"change of rotation {current}", update

    def change(self) -> tuple[str, Change]:
        """The edit the fields describe: its name and the service call (PlannerError when a
        field does not parse)."""
        _key, name, change = self._described()
        return name, change

    def _known(self, key: Key) -> rule_effects.Effect | None:
        """The effect already worked out for these values, if any."""
        if self.previewed is not None and self.previewed[0] == key:
            return self.previewed[1]
        return None

    def _unchanged(self, key: Key) -> bool:
        """The fields show the site or rotation as it is (nothing to work out)."""
        kind, name, values = key
        if kind == "site":
            return self._sites.get(str(name)) == values
        if name == NEW:
            return not getattr(values, "name", "")
        return self._specs.get(str(name)) == values

    def _edited(self) -> None:
        """A value changed: its effect shows a moment later (one computation for a word
        typed, not one a letter; a value that does not parse is named at once). While
        Apply waits for an effect, the newer values' effect is worked out at once."""
        if self.applying:
            return
        if self.applying_next:
            self.preview(going_on=True)
            return
        self._timer.stop()
        self.error.clear()
        try:
            key, _name, _change = self._described()
        except PlannerError as exc:
            self._stop(str(exc))
            return
        known = self._known(key)
        if known is not None:
            self.previews.drop()
            self.working = None
            self._show(known)
            return
        self.previews.drop()  # what is being worked out no longer holds: stopped
        self.working = None
        if self._unchanged(key):
            self.effect.setText(PROMPT)
        else:
            self.effect.setText(WORKING)
            self._timer.start()

    def _typed_preview(self) -> None:
        """The moment after an edit: work out the effect of the values as they are."""
        try:
            key, _name, _change = self._described()
        except PlannerError as exc:
            self._stop(str(exc))
            return
        if not self._unchanged(key):
            self.preview()

    def _stop(self, error: str) -> None:
        """Nothing goes on: no effect waited for, the reason shown."""
        self._timer.stop()
        self.working = self.previewed = None
        self.applying_next = False
        self.previews.drop()
        self.effect.setText(PROMPT)
        self.error.setText(error)

    def preview(self, going_on: bool = False) -> rule_effects.Effect | None:
        """Show the effect of the change on screen: the one already worked out for these
        values (returned), else worked out in the worker (None now; shown when known, and
        applied then when ``going_on``). None too when a field does not parse (named)."""
        if self.applying:
            return None
        self._timer.stop()
        self.error.clear()
        try:
            key, name, change = self._described()
        except PlannerError as exc:
            self._stop(str(exc))
            return None
        known = self._known(key)
        if known is not None:
            self.working = None
            self.applying_next = False
            self.previews.drop()
            self._show(known)
            if going_on:
                self._go_on(name, change, known)
            return known
        self.applying_next = self.applying_next or going_on
        self.effect.setText(
            f"{WORKING} Apply goes on once it is known." if self.applying_next else WORKING
        )
        if self.working == key and self.previews.busy:
            return None  # already being worked out
        self.working = key
        request_rule_effect(
            self.previews,
            self.get_db,
            change,
            lambda effect: self._previewed(key, name, change, effect),
            self._stop,
        )
        return None

    def _show(self, effect: rule_effects.Effect) -> None:
        self.effect.setText(effect.text())

    def _previewed(self, key: Key, name: str, change: Change, effect: rule_effects.Effect) -> None:
        going_on = self.applying_next
        self.working = None
        self.applying_next = False
        self.previewed = (key, effect)
        self._show(effect)
        if going_on:
            self._go_on(name, change, effect)

    def apply(self) -> bool:
        """Apply the change on screen as one undoable edit, once its effect is known (it
        waits for it) and confirmed; refused when it would alter a closed pay run (nothing
        written). False when nothing goes on (a field does not parse, named; or a change
        is being written); True when it goes on (``applied`` counts those written)."""
        if self.applying:
            return False
        self.preview(going_on=True)
        return self.working is not None or self.applying or self.previewed is not None

    def _go_on(self, name: str, change: Change, effect: rule_effects.Effect) -> None:
        """Ask, then write the change in the worker and put it on the undo stack."""
        if effect.refused:
            self.error.setText("Refused: " + effect.refused)
            return
        if not effect.empty and not self.confirm(effect.text()):
            return
        edits = edits_for(self, self.get_db)
        self.applying = True
        self.apply_button.setEnabled(False)
        self.effect.setText("Applying…")

        def work() -> object:
            return edits.run_captured(lambda s: rule_effects.apply(s, change))

        def finished() -> None:
            self.applying = False
            self.apply_button.setEnabled(True)
            self.previewed = None

        def done(result: tuple[object, Any]) -> None:
            finished()
            edits.push(name, result[1])
            self.applied += 1
            self._reload()
            self.effect.setText(effect.text())

        def failed(exc: Exception) -> None:
            finished()
            self.effect.setText(PROMPT)
            self.error.setText(said(exc, "applying the change"))

        Operation(work).success(done).failure(failed).run_in_background()

    def done(self, result: int) -> None:
        """Closed: an effect still being worked out is stopped, unheard."""
        self._timer.stop()
        self.working = None
        self.applying_next = False
        self.previews.drop()
        super().done(result)

    def confirm(self, effect: str) -> bool:
        return ask_to_apply(self, "Apply this change?", effect)

    def _reload(self) -> None:
        with self.get_db().session() as session:
            self._sites = {s.name: site_rules.values_of(s) for s in sites(session)}
            self._specs = {s.name: s for s in rotation_rules.specs(session)}
        row = self.rotations_tab.list.currentRow()
        self.rotations_tab.list.blockSignals(True)
        self.rotations_tab.list.clear()
        self.rotations_tab.list.addItems([*self._specs, NEW])
        self.rotations_tab.list.blockSignals(False)
        self.rotations_tab.list.setCurrentRow(min(row, len(self._specs) - 1))
        self._show_rotation(self.rotations_tab.list.currentItem().text())
