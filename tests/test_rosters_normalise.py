"""Name, place and date normalisers: properties and the forms rosters use."""
from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given, strategies as st

from qinyou.ingest.rosters.normalise import norm_name, norm_place, parse_amount, parse_date

han = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4)


@given(st.text(max_size=12))
def test_norm_name_is_idempotent_and_spaceless(text: str) -> None:
    once = norm_name(text)
    assert norm_name(once) == once
    assert not any(c.isspace() for c in once)


@given(han, han)
def test_spaces_and_full_width_spaces_vanish(a: str, b: str) -> None:
    assert norm_name(f" {a}\u3000{b} ") == a + b


@given(st.text(alphabet="0123456789ABCXYZ", min_size=1, max_size=10))
def test_full_width_becomes_half_width(text: str) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert norm_name(full) == text


@given(han)
def test_village_forms(name: str) -> None:
    assert norm_place(f"{name}村(居)") == f"{name}村"
    assert norm_place(f"{name}村（居）") == f"{name}村"
    assert norm_place(f" {name}村 ") == f"{name}村"


@given(st.dates(dt.date(1930, 1, 1), dt.date(2060, 12, 31)))
def test_date_forms_agree(d: dt.date) -> None:
    iso = d.isoformat()
    forms = [iso, f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日", f"{d:%Y.%m.%d}",
             f"{d:%Y%m%d}", f"{d:%Y-%m-%d} 00:00:00", str((d - dt.date(1899, 12, 30)).days),
             unicodedata.normalize("NFKC", iso).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})]
    for form in forms:
        assert parse_date(form) == iso, form
    first = d.replace(day=1).isoformat()
    for form in (f"{d.year}年{d.month}月", f"{d:%Y.%m}", f"{d:%Y-%m}", f"{d:%Y%m}"):
        assert parse_date(form) == first, form


def test_unreadable_dates() -> None:
    for value in ("2019年13月", "去年", "2019-02-30", "12", "", "2019年"):
        assert parse_date(value) is None, value


def test_amounts() -> None:
    assert parse_amount("1,230.50元") == 1230.5
    assert parse_amount("１２３") == 123.0
    assert parse_amount("待定") is None
    assert parse_amount("nan") is None


@given(st.lists(st.one_of(st.text(alphabet="王建国张·• 　ＡＢ１2abX-．・\u2f00\uf900", max_size=6),
                          st.text(max_size=6)), max_size=20))
def test_the_names_column_equals_norm_name_per_value(values: list[str]) -> None:
    """The fast path for plain ideographs and ASCII must answer exactly as norm_name does."""
    import pandas as pd

    from qinyou.ingest.rosters.normalise import names

    column = pd.Series(values, dtype=object)
    assert names(column).tolist() == [norm_name(v) for v in values]
