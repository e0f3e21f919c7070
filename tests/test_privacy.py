"""Masking of ID numbers and names: doctests and properties."""
from __future__ import annotations

import doctest
import re

from hypothesis import given
from hypothesis import strategies as st

import qinyou.graph.privacy
from qinyou.graph.model import schema
from qinyou.graph.privacy import mask_idno, mask_name, mask_props

id_chars = st.text(alphabet="0123456789X", min_size=1, max_size=1)
id_numbers = st.builds(lambda body, check: body + check,
                       st.text(alphabet="0123456789", min_size=17, max_size=17), id_chars)
#: text without whitespace (masking drops whitespace, as ID numbers are normalised)
solid = st.characters(exclude_categories=["Z", "Cc"])
names = st.text(alphabet=st.characters(categories=["Lo"]), min_size=1, max_size=6)


def test_doctests() -> None:
    failed, tried = doctest.testmod(qinyou.graph.privacy)
    assert tried > 0 and failed == 0


@given(id_numbers)
def test_a_masked_id_keeps_only_region_and_last_four(idno: str) -> None:
    masked = mask_idno(idno)
    assert len(masked) == len(idno)
    assert masked[6:-4] == "*" * 8
    assert re.sub(r"\*", "", masked) == idno[:6] + idno[-4:]


@given(st.text(solid, min_size=11), st.text(solid, min_size=1))
def test_a_masked_id_does_not_depend_on_its_middle(text: str, other: str) -> None:
    middle = (other * len(text))[: len(text) - 10]
    assert mask_idno(text) == mask_idno(text[:6] + middle + text[-4:])


@given(st.text(max_size=10))
def test_short_strings_are_masked_whole(text: str) -> None:
    assert set(mask_idno(text)) <= {"*"}


@given(names, names)
def test_a_masked_name_keeps_the_surname_only(surname: str, given_name: str) -> None:
    name = surname[0] + given_name
    masked = mask_name(name)
    assert masked == surname[0] + "*" * len(given_name)
    assert mask_name(surname[0] + "某" * len(given_name)) == masked


@given(id_numbers, names)
def test_masked_props_hold_no_middle_digits(idno: str, name: str) -> None:
    props = {"name": name, "idno": idno, "raw": [f"{name} {idno}"], "birth_date": idno[6:14],
             "gender": "男"}
    masked = mask_props("Person", props, schema())
    shown = repr(masked)
    assert idno not in shown and idno[6:14] not in shown.replace(idno[:6], "").replace(idno[-4:], "")
    assert masked["gender"] == "男"
    assert mask_props("Person", props, schema(), reveal=True) == props


def test_household_heads_are_masked_and_published_names_are_not() -> None:
    household = mask_props("Household", {"hh_no": "H1", "head_name": "王建国",
                                         "head_idno": "350102199001011234"}, schema())
    assert household == {"hh_no": "H1", "head_name": "王**", "head_idno": "350102********1234"}
    in_notice = mask_props("Person", {"name": "黄某聪", "scope": "D001"}, schema())
    assert in_notice["name"] == "黄某聪"
