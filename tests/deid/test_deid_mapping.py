"""Consistent replacement labels and the text transform that applies them."""

from __future__ import annotations

from condense.deid import deidentify_text
from condense.deid.mapping import assign, label
from condense.deid.transform import Replacer


def test_each_type_has_its_own_series():
    assert [label("person", i) for i in (0, 1, 25, 26)] == ["[person A]", "[person B]", "[person Z]",
                                                             "[person AA]"]
    assert [label("place", i) for i in (0, 1, 2)] == ["[place X]", "[place Y]", "[place Z]"]
    assert label("org", 0) == "[organisation A]" and label("id", 1) == "[ID number 2]"


def test_the_same_person_is_always_the_same_label():
    got = assign([("Anna", "person"), ("Kalmar", "place"), ("Anna Berg", "person"), ("Berg", "person"),
                  ("Lund", "place"), ("Erik", "person")], existing={})
    assert got["Anna Berg"] == got["Anna"] == got["Berg"] == "[person A]"
    assert got["Erik"] == "[person B]"
    assert (got["Kalmar"], got["Lund"]) == ("[place X]", "[place Y]")


def test_new_entries_continue_after_existing_ones_and_meet_their_full_name():
    existing = {"Per Olsson": ("person", "[person A]"), "Umeå": ("place", "[place X]")}
    got = assign([("Per", "person"), ("Mora", "place"), ("Eva", "person")], existing)
    assert got == {"Per": "[person A]", "Mora": "[place Y]", "Eva": "[person B]"}


def test_a_name_shared_by_two_people_is_not_merged():
    got = assign([("Anna Berg", "person"), ("Anna Holm", "person"), ("Anna", "person")], {})
    assert len({got["Anna Berg"], got["Anna Holm"], got["Anna"]}) == 3


def test_replacer_whole_words_longest_first_genitives():
    r = Replacer({"Anna": "[person A]", "Anna Berg": "[person A]", "Kalmar": "[place X]", "Ann": "[person B]"})
    assert r("Anna Berg och Annas syster i Kalmar, Annika och Ann's bror. Kalmarsund.") == (
        "[person A] och [person A]s syster i [place X], Annika och [person B]'s bror. Kalmarsund.")
    assert Replacer({})("unchanged") == "unchanged"


def test_deidentify_text_takes_a_plain_mapping():
    assert deidentify_text({"Mette Nørgaard": "[person A]"}, "Mette Nørgaard 😀 sagde.") == "[person A] 😀 sagde."
