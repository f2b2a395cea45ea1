"""Accessible names for every input, so a screen reader says what a field is for.

An application-wide event filter names each input the first time it is polished, when
nobody named it: from its label in a form, the label whose buddy it is, its placeholder,
its own text (check boxes, buttons) or its tooltip. A name set by hand always wins.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def _strip(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":… ").strip()


def _form_label(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for layout in parent.findChildren(QFormLayout):
        label = layout.labelForField(widget)
        if isinstance(label, QLabel) and label.text():
            return label.text()
    return ""


def _buddy_label(widget: QWidget) -> str:
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.text():
            return label.text()
    return ""


def inner_part(widget: QWidget) -> bool:
    """The line edit inside a spin box or a combo box: its owner carries the name."""
    return isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    )


def derive_name(widget: QWidget) -> str:
    """What a person would call the field, or '' when nothing says."""
    if widget.objectName() == "qt_tableview_cornerbutton":
        return "Select all"
    owner = widget.parentWidget()
    if inner_part(widget) and owner is not None:
        return owner.accessibleName() or derive_name(owner)
    candidates = [_form_label(widget), _buddy_label(widget)]
    if isinstance(widget, QLineEdit):
        candidates.append(widget.placeholderText())
    if isinstance(widget, QAbstractButton):
        candidates.append(widget.text())
    if isinstance(widget, QComboBox) and (line := widget.lineEdit()) is not None:
        candidates.append(line.placeholderText())
    candidates.append(widget.toolTip())
    for text in candidates:
        if text and (clean := _strip(_plain(text))):
            return clean
    return ""


def _plain(text: str) -> str:
    if "<" not in text:
        return text
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText()


def name_inputs(root: QWidget) -> list[QWidget]:
    """Name every unnamed input under ``root``; returns the inputs still without a name."""
    missing: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INPUTS) and not widget.accessibleName():
            name = derive_name(widget)
            if name:
                widget.setAccessibleName(name)
            else:
                missing.append(widget)
    return missing


class AccessibleNamer(QObject):
    """Names inputs as they are first polished (every dialog and screen, once)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.Polish
            and isinstance(watched, INPUTS)
            and not watched.accessibleName()
        ):
            name = derive_name(watched)
            if name:
                watched.setAccessibleName(name)
        return False


_namer: AccessibleNamer | None = None


def install(app: QApplication) -> None:
    """Once per application."""
    global _namer
    if _namer is None:
        _namer = AccessibleNamer(app)
        app.installEventFilter(_namer)
