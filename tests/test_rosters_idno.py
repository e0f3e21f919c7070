"""ID number validation: check digits, the old 15-digit form, Excel's damage."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings, strategies as st

from qinyou.ingest.rosters.idno import check_digit, gender_and_birth, mask, validate, validate_one

bodies = st.builds(
    lambda region, birth, seq: f"{region:06d}{birth:%Y%m%d}{seq:03d}",
    st.integers(110000, 659999), st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)), st.integers(0, 999))


@given(bodies)
def test_valid_numbers_are_accepted_as_written(body: str) -> None:
    number = body + check_digit(body)
    assert validate_one(number) == (number, "")
    assert validate_one(number.lower())[0] == number


@given(bodies, st.integers(0, 17), st.integers(1, 9))
def test_any_single_digit_change_is_rejected(body: str, pos: int, delta: int) -> None:
    number = body + check_digit(body)
    if pos == 17:
        wrong = number[:17] + ("0" if number[17] != "0" else "1")
    else:
        wrong = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    assert validate_one(wrong)[0] == ""
    assert validate_one(wrong)[1] in ("idno_check", "idno_birth")


@given(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), st.integers(0, 999))
def test_old_form_converts_one_to_one(birth: dt.date, seq: int) -> None:
    old = f"452731{birth:%y%m%d}{seq:03d}"
    new, reason = validate_one(old)
    assert reason == ""
    assert new[:6] == "452731" and new[6:14] == f"{birth:%Y%m%d}" and new[14:17] == f"{seq:03d}"
    assert validate_one(new) == (new, "")


def test_reasons() -> None:
    good = "11010519491231002X"
    cases = {
        "": "idno_missing",
        "3.50102E+17": "idno_excel",
        "4.527311993092109e+17": "idno_excel",
        "1101051949123100": "idno_format",
        "11010519491231002Y": "idno_format",
        "110105194912310021": "idno_check",
        "110105194913310025": "idno_check",
    }
    for value, code in cases.items():
        assert validate_one(value)[1] == code, value
    body = "11010519491331002"  # month 13 with a correct check digit
    assert validate_one(body + check_digit(body))[1] == "idno_birth"
    assert validate_one("１１０１０５１９４９１２３１００２ｘ") == (good, "")
    assert validate_one(" 11010519491231002X ") == (good, "")
    assert validate_one("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")[1] == "idno_format"  # other scripts' digits: not an ID


@settings(max_examples=30)
@given(st.lists(bodies, min_size=1, max_size=30))
def test_vectorised_equals_scalar(body_list: list[str]) -> None:
    numbers = [b + check_digit(b) for b in body_list] + ["123", "3.5E+17"]
    ids, reasons = validate(pd.Series(numbers, dtype=object))
    for n, i, r in zip(numbers, ids, reasons):
        assert (i, r) == validate_one(n)


def test_gender_birth_and_mask() -> None:
    gender, birth = gender_and_birth(pd.Series(["11010519491231002X", "110105200001010011"]))
    assert gender.tolist() == ["女", "男"]
    assert birth.tolist() == ["1949-12-31", "2000-01-01"]
    assert mask("11010519491231002X") == "110105********002X"


def test_the_clean_fast_path_agrees_with_the_general_path() -> None:
    """Columns mixing clean 18-character numbers with messy ones answer as the general path does."""
    import pandas as pd

    from qinyou.ingest.rosters import idno as idno_mod

    values = pd.Series(["11010519491231002X", "11010519491231002x", "１１０１０５１９４９１２３１００２Ｘ",
                        "110105194912310021", "110105491231002", "1.10105E+17", "", "110105 19491231002X",
                        "110105194913310027", "'11010519491231002X", "11010519491231002X"], dtype=object)
    fast = idno_mod.validate(values)
    general = idno_mod._validate(values)
    assert fast[0].tolist() == general[0].tolist() and fast[1].tolist() == general[1].tolist()
    assert fast[1].tolist()[:2] == ["", ""] and fast[1].iloc[3] == "idno_check"


_dates = st.tuples(st.integers(1850, 2060), st.integers(0, 13), st.integers(0, 32))


def _expected_reason(number: str) -> str:
    """The rule written out with datetime: check character first, then a real birth date in 1880-2030."""
    from qinyou.ingest.rosters import idno as idno_mod

    if idno_mod.check_digit(number[:17]) != number[17]:
        return "idno_check"
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "idno_birth"
    return "" if 1880 <= born.year <= 2030 else "idno_birth"


@settings(max_examples=300)
@given(st.lists(st.tuples(st.text(alphabet="0123456789", min_size=6, max_size=6), _dates,
                          st.text(alphabet="0123456789", min_size=3, max_size=3), st.booleans(),
                          st.sampled_from("0123456789X")), min_size=1, max_size=30))
def test_clean_numbers_follow_the_rule(parts: list[tuple]) -> None:  # type: ignore[type-arg]
    """18-character numbers with right and wrong check digits and possible and impossible dates."""
    import pandas as pd

    from qinyou.ingest.rosters import idno as idno_mod

    numbers = []
    for region, (y, m, d), seq, right, last in parts:
        body = f"{region}{y:04d}{m:02d}{d:02d}{seq}"
        numbers.append(body + (idno_mod.check_digit(body) if right else last))
    ids, reasons = idno_mod.validate(pd.Series(numbers, dtype=object))
    expected = [_expected_reason(n) for n in numbers]
    assert reasons.tolist() == expected
    assert ids.tolist() == [n if r == "" else "" for n, r in zip(numbers, expected)]


def test_gender_and_birth_fast_path_agrees() -> None:
    """Whole columns of clean numbers (the fast path) and mixed columns answer alike."""
    import pandas as pd

    from qinyou.ingest.rosters.idno import gender_and_birth

    clean = pd.Series(["11010519491231002X", "110105200002290011", "110105199912310020"], dtype=object)
    mixed = pd.concat([clean, pd.Series([""], dtype=object)], ignore_index=True)
    g_fast, b_fast = gender_and_birth(clean)
    g_slow, b_slow = gender_and_birth(mixed)
    assert g_fast.tolist() == g_slow.tolist()[:3] == ["女", "男", "女"]
    assert b_fast.tolist() == b_slow.tolist()[:3] == ["1949-12-31", "2000-02-29", "1999-12-31"]
