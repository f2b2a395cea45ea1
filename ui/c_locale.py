"""The C library's time names stay C's in the app.

Qt sets the C library's locale from the desktop's when an application object is made
(``setlocale(LC_ALL, "")`` on Unix), and Python's ``strftime`` day and month names and the
``calendar`` module's follow it: under LANG=de_DE they went into what is meant to keep its
fixed forms whoever writes it (the calendar feeds' 'Di 01 Dez' where the command line wrote
'Tue 01 Dec'). The screens take the user's locale from QLocale and Babel
(``ui.user_locale``), never from the C library, so only the time names go back to C's."""

from __future__ import annotations

import locale


def keep_time_names_fixed() -> None:
    """Call right after making the QApplication or QGuiApplication."""
    try:
        locale.setlocale(locale.LC_TIME, "C")
    except locale.Error:  # pragma: no cover - "C" always exists
        pass
