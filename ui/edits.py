"""Undo and redo for every edit made in the app (the Qt Undo Framework).

Each edit runs through :meth:`Edits.run`: the service is called in one transaction while
``planner.core.changes`` records the rows it touched; a :class:`EditCommand` named after the
edit ("cover of Aoife Byrne, 12 Mar") then goes on the window's QUndoStack. Its ``undo()``
calls the inverse service (``changes.revert``) and its ``redo()`` the edit again
(``changes.reapply``), each in one transaction; a refusal (a touched row changed since)
shows the reason and leaves the stack where it was. Services stay undo-agnostic.

An edit that must never be undone (closing a pay run) goes through :meth:`Edits.run_final`,
which also empties the stack: nothing before it can be undone past it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.core.errors import PlannerError

if TYPE_CHECKING:  # the window paints before any database code loads
    from planner.core import changes
    from planner.core.db import Database

T = TypeVar("T")
DatabaseGetter = Callable[[], "Database"]


class EditCommand(QUndoCommand):
    def __init__(self, get_db: DatabaseGetter, name: str, changeset: changes.Changeset) -> None:
        super().__init__(name)
        self.get_db = get_db
        self.changeset = changeset
        self.done = True  # pushed after the edit ran: the first redo() has nothing to do
        self.error: PlannerError | None = None

    def redo(self) -> None:
        if self.done:
            return
        from planner.core import changes

        self._apply(changes.reapply)

    def undo(self) -> None:
        from planner.core import changes

        self._apply(changes.revert)

    def _apply(self, how: Callable[[Any, changes.Changeset, str], None]) -> None:
        self.error = None
        try:
            with self.get_db().transaction() as session:
                how(session, self.changeset, self.text())
        except PlannerError as exc:
            self.error = exc
            self.setObsolete(True)  # the stack drops it: it can no longer be undone/redone
            return
        self.done = how.__name__ == "reapply"


def edits_for(widget: object, get_db: DatabaseGetter) -> Edits:
    """The Edits of the screen or window a dialog belongs to (without undo when none)."""
    parent = widget
    while parent is not None:
        found = getattr(parent, "edits", None)
        if isinstance(found, Edits):
            return found
        parent = parent.parentWidget() if hasattr(parent, "parentWidget") else None
    return Edits(get_db)


class Edits:
    """Runs the app's edits; with a stack, each becomes undoable."""

    def __init__(self, get_db: DatabaseGetter, stack: QUndoStack | None = None) -> None:
        self.get_db = get_db
        self.stack = stack
        self.refused: Callable[[PlannerError], None] = lambda exc: None
        # told after an undo or a redo went through: "Undone: cover of Aoife Byrne, 12 Mar"
        self.stepped: Callable[[str], None] = lambda said: None

    def run(self, name: str | Callable[[T], str], change: Callable[[Any], T]) -> T:
        """Call ``change`` in one transaction; PlannerError leaves the database as it was."""
        from planner.core import changes

        with self.get_db().transaction() as session, changes.capture(session) as found:
            result = change(session)
        if self.stack is not None and not found.empty:
            text = name(result) if callable(name) else name
            self.stack.push(EditCommand(self.get_db, text, found))
        return result

    def run_captured(self, change: Callable[[Any], T]) -> tuple[T, changes.Changeset]:
        """The edit and the rows it touched, for work off the GUI thread; ``push`` after."""
        from planner.core import changes

        with self.get_db().transaction() as session, changes.capture(session) as found:
            result = change(session)
        return result, found

    def push(self, name: str, found: changes.Changeset) -> None:
        """On the GUI thread: make a captured edit undoable."""
        if self.stack is not None and not found.empty:
            self.stack.push(EditCommand(self.get_db, name, found))

    @contextmanager
    def edit(self, name: str) -> Iterator[Any]:
        """``with edits.edit("cover of …") as session:`` — the same as :meth:`run`."""
        from planner.core import changes

        with self.get_db().transaction() as session, changes.capture(session) as found:
            yield session
        if self.stack is not None and not found.empty:
            self.stack.push(EditCommand(self.get_db, name, found))

    def run_final(self, change: Callable[[Any], T]) -> T:
        """An edit that cannot be undone; nothing before it can be undone any more."""
        with self.get_db().transaction() as session:
            result = change(session)
        if self.stack is not None:
            self.stack.clear()
        return result

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        stack = self.stack
        if stack is None:
            return
        index = stack.index() - 1 if undo else stack.index()
        command = stack.command(index) if 0 <= index < stack.count() else None
        if command is None:
            return
        if undo:
            stack.undo()
        else:
            stack.redo()
        if isinstance(command, EditCommand) and command.error is not None:
            self.refused(command.error)
        else:
            self.stepped(f"{'Undone' if undo else 'Redone'}: {command.text()}")
