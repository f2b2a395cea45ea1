"""Errors the services raise for the coordinator's eyes: one clear sentence each."""


class PlannerError(Exception):
    """Bad input or a broken rule. The message names what is wrong; nothing was written."""


class DatabaseError(PlannerError):
    """The database cannot be opened, created or upgraded."""


class OutputError(PlannerError):
    """A file could not be written (full disk, unwritable folder, a failed check); the
    message names the file, and no partial file was left behind."""
