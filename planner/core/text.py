"""Text that people type: checked where it enters, made safe where it leaves.

A one-line field (a name, a team, an email, a summary) holds no line break, tab or other
control character; a note may hold line breaks (and tabs) but no other control character.
Every field has a length limit. ``one_line`` makes text from an older database safe for a
one-line output (an .ics summary, a PDF cell) without refusing it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from planner.core.errors import PlannerError

# Lengths (characters): an email address is at most 254 (RFC 5321 path limit).
EMAIL_MAX = 254
NAME_MAX = 200
LINE_MAX = 200  # team, manager, site, rotation, summary, link's label
LINK_MAX = 2000
NOTE_MAX = 5000

_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _bad_character(text: str, allow_breaks: bool) -> str | None:
    for ch in text:
        if allow_breaks and ch in "\n\r\t":
            continue
        if ch in _LINE_BREAKS or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
        if ch in _BIDI:
            return ch  # bidirectional overrides: they disguise what a name says
    return None


def _describe(ch: str) -> str:
    if ch in "\n\r" or ch in _LINE_BREAKS:
        return "a line break"
    if ch == "\t":
        return "a tab"
    return f"a control character (U+{ord(ch):04X})"


def _checked(field: str, value: str, max_len: int, note: bool) -> str:
    text = value.strip()
    bad = _bad_character(text, allow_breaks=note)
    if bad is not None:
        rule = "must not hold" if note else "must be one line, without"
        raise PlannerError(f"{field} {rule} {_describe(bad)} ({text[:40]!r})")
    if len(text) > max_len:
        raise PlannerError(f"{field} is {len(text)} characters long; at most {max_len}")
    return text


def _problem(field: str, value: str, max_len: int, note: bool) -> str | None:
    try:
        _checked(field, value, max_len, note)
    except PlannerError as exc:
        return str(exc)
    return None


def check_line(field: str, value: str, max_len: int = LINE_MAX) -> str:
    """``value`` stripped; refuses line breaks, control characters and over-long text."""
    return _checked(field, value, max_len, note=False)


def check_note(field: str, value: str, max_len: int = NOTE_MAX) -> str:
    """A note: line breaks allowed, other control characters and over-long text refused."""
    return _checked(field, value, max_len, note=True)


def line_problem(field: str, value: str, max_len: int = LINE_MAX) -> str | None:
    """The reason ``check_line`` would give, or None."""
    return _problem(field, value, max_len, note=False)


def note_problem(field: str, value: str, max_len: int = NOTE_MAX) -> str | None:
    """The reason ``check_note`` would give, or None."""
    return _problem(field, value, max_len, note=True)


_CONTROL_RUN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def one_line(text: str) -> str:
    """Any run of line breaks or control characters becomes one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


# Letters that are letters of their own, not a letter with an accent (NFKD leaves them
# whole): listed with the letter they are read as, as CLDR's root collation orders them.
_OWN_LETTERS = str.maketrans(
    {"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A name's place in an alphabetical list: its letters without accents or case first
    ('Åsa' with the A's, 'Émile' with the E's, 'Zoë' with the Z's: Unicode's default order,
    not a locale's), then with their accents, then their case, so equal names keep one
    order. Every list sorted by name uses it (Python's and SQLite's lower() put 'Åsa' after
    'Zoë'); SQL as ``name_key(x)`` (db.py)."""
    folded = name.casefold()
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    ).translate(_OWN_LETTERS)
    return f"{bare}\x00{folded}\x00{name}"
