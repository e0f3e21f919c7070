"""The vectorised parts of screening answer exactly as their plain-Python definitions."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, strategies as st

from qinyou.ingest.rosters.screen import _duplicates, _stripped

SPACES = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
cells = st.one_of(st.text(alphabet="王 a1" + SPACES, max_size=5), st.text(max_size=4), st.none(),
                  st.just(math.nan))


def strip_reference(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v).strip()


@given(st.lists(cells, max_size=30))
def test_stripped_is_str_strip_of_every_cell(values: list[object]) -> None:
    column = pd.Series(values, dtype=object, index=range(5, 5 + len(values)))
    out, filled = _stripped(column)
    expected = [strip_reference(v) for v in values]
    assert out.tolist() == expected
    assert list(out.index) == list(column.index)
    assert filled.tolist() == [e != "" for e in expected]


def test_stripped_takes_cells_that_are_not_text() -> None:
    out, filled = _stripped(pd.Series([12, " x ", None, 3.5], dtype=object))
    assert out.tolist() == ["12", "x", "", "3.5"]
    assert filled.tolist() == [True, True, False, True]


@given(st.lists(st.tuples(st.sampled_from(["", "a", "b", "王"]), st.sampled_from(["1", "2"]),
                          st.sampled_from(["x", "x "])), max_size=40))
def test_duplicates_are_rows_equal_to_an_earlier_row(rows: list[tuple[str, str, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["a", "b", "c"], dtype=object) if rows else pd.DataFrame(
        {"a": [], "b": [], "c": []}, dtype=object)
    later, first = _duplicates(frame)
    seen: dict[tuple[str, str, str], int] = {}
    expected_later, expected_first = [], []
    for i, row in enumerate(rows):
        if row in seen:
            expected_later.append(i)
            expected_first.append(seen[row])
        else:
            seen[row] = i
    assert later.tolist() == expected_later
    assert first.tolist() == expected_first
    assert later.dtype == np.int64 or not len(later)
