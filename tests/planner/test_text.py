"""Typed text: one-line fields and notes, the refusals word for word, and the ``*_problem``
forms giving the same reason without raising."""

from __future__ import annotations

import pytest

from planner.core.errors import PlannerError
from planner.core.text import check_line, check_note, line_problem, name_key, note_problem


def test_a_line_is_stripped_and_refuses_breaks_tabs_and_control_characters() -> None:
    assert check_line("team", "  Data  ") == "Data"
    for value, what in [
        ("Da\nta", "a line break"),
        ("Da\tta", "a tab"),
        ("Da\x07ta", "a control character (U+0007)"),
    ]:
        expected = f"team must be one line, without {what} ({value!r})"
        with pytest.raises(PlannerError) as caught:
            check_line("team", value)
        assert str(caught.value) == expected
        assert line_problem("team", value) == expected


def test_a_note_keeps_line_breaks_and_tabs_but_refuses_other_control_characters() -> None:
    assert check_note("notes", " one\n\ttwo ") == "one\n\ttwo"
    assert note_problem("notes", "one\ntwo") is None
    expected = "notes must not hold a control character (U+0007) ('a\\x07b')"
    with pytest.raises(PlannerError) as caught:
        check_note("notes", "a\x07b")
    assert str(caught.value) == expected
    assert note_problem("notes", "a\x07b") == expected


def test_over_long_text_names_its_length_and_the_limit() -> None:
    expected = "name is 6 characters long; at most 5"
    assert line_problem("name", "abcdef", 5) == expected
    assert note_problem("name", "abcdef", 5) == expected
    assert line_problem("name", "abcde", 5) is None


def test_names_sort_alphabetically_whatever_their_accents_and_case() -> None:
    """'Åsa' with the A's, 'Émile' with the E's, 'Zoë' with the Z's (lower() put them
    after 'Zoë'); letters of their own ('Ø', 'Ł') with the letter they are read as; names
    equal but for accents or case in one order, plain before accented, capital first."""
    names = ["Zoë", "Åsa", "émile", "Bob", "Émile", "Emile", "Łukasz", "Øystein", "Ólafur", "adam"]
    assert sorted(names, key=name_key) == [
        "adam", "Åsa", "Bob", "Emile", "Émile", "émile", "Łukasz", "Ólafur", "Øystein", "Zoë",
    ]  # fmt: skip
