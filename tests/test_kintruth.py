"""The synth truth's own reading of records (ingest/synth/kinread.py, kintruth.py) on the hand-written
worlds of kinworlds.py: the same expected answers the detector must give, written from the definitions."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qinyou.ingest.synth.kinread import People, combine, merge_seniority, path_readings
from qinyou.ingest.synth.kintruth import kin_pairs, reading_word
from kinworlds import CADRES, DECLARED, DIBAO_HOUSEHOLDS, EXPECTED, OUTSIDE, PEOPLE


def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, int]]:
    names = list(PEOPLE)
    pid = {n: i for i, n in enumerate(names)}
    no = [PEOPLE[n][0] for n in names]
    p = pd.DataFrame({"pid": range(len(names)), "hh": [int(PEOPLE[n][1]) for n in names],
                      "relation": [PEOPLE[n][2] for n in names], "idno": no,
                      "male": [int(x[16]) % 2 == 1 for x in no],
                      "birth": pd.to_datetime([x[6:14] for x in no]).to_numpy(),
                      # no true links: the truth's readings come from the rows alone
                      "father": -1, "mother": -1, "spouse": -1, "sibgroup": range(len(names))})
    dibao = p[p["hh"].isin([int(h) for h in DIBAO_HOUSEHOLDS])][["pid", "hh", "relation"]].copy()
    dibao["head"] = dibao["hh"].map(p[p["relation"] == "户主"].set_index("hh")["pid"])
    dibao["village"] = 0
    relatives = pd.DataFrame([(pid[c], pid[k], w) for c, k, w in DECLARED], columns=["cadre", "kin", "word"])
    cadres = pd.DataFrame({"pid": [pid[c] for c in CADRES], "level": "village", "village": 0, "town": 0,
                           "start": np.datetime64("2018-01-01"), "end": pd.NaT})
    benef = dibao.assign(programme="农村低保", start=np.datetime64("2022-01-01"))
    return p, cadres, benef, dibao, relatives, pid


@pytest.fixture(scope="module")
def truth() -> dict[str, list[dict[str, object]]]:
    p, cadres, benef, dibao, relatives, _ = _frames()
    return kin_pairs(p, cadres, benef, dibao, relatives, np.zeros(1, dtype=int))


def _by_name(entries: list[dict[str, object]]) -> dict[tuple[str, str], dict[str, object]]:
    name = {no: n for n, (no, _, _) in PEOPLE.items()}
    return {(name[str(x["cadre"])], name[str(x["beneficiary"])]): x for x in entries}


def test_pairs_to_find(truth: dict[str, list[dict[str, object]]]) -> None:
    pairs = _by_name(truth["pairs"])
    assert set(pairs) == set(EXPECTED)
    for pair, (certainty, readings) in EXPECTED.items():
        x = pairs[pair]
        assert x["certainty"] == certainty, x
        assert {(r["relation"], r["in_scope"]) for r in x["readings"]} == readings, x  # type: ignore[attr-defined]


def test_out_of_scope(truth: dict[str, list[dict[str, object]]]) -> None:
    outside = _by_name(truth["out_of_scope"])
    for pair, word in OUTSIDE.items():
        assert outside[pair]["certainty"] == "certain" and outside[pair]["relation"] == word, outside[pair]


def test_seniority_only_readings_are_one() -> None:
    older, younger = (("S", "M", 0), ("G", "F", 1)), (("S", "M", 0), ("G", "F", -1))
    assert merge_seniority({older, younger}) == {(("S", "M", 0), ("G", "F", 0))}
    assert reading_word((("S", "M", 0), ("G", "F", 0)), False) == "夫姐妹"
    # one path that pins the seniority pins it for the pair
    assert combine([frozenset({older}), frozenset({(("S", "M", 0), ("G", "F", 0))})]) == {older}
    assert reading_word(older, False) == "夫姐"


def test_a_path_walked_by_hand() -> None:
    p, _, _, _, _, pid = _frames()
    people = People(p["male"].to_numpy(), p["birth"].to_numpy())
    # 张彩瑶 → (儿媳, backwards) 张父 → (子) 张军 → (备案 侄女) 罗怡
    rows = [("儿媳", pid["张父"], pid["张彩瑶"], False), ("子", pid["张父"], pid["张军"], True),
            ("侄女", pid["张军"], pid["罗怡"], True)]
    got = {reading_word(r, False) for r in path_readings(pid["张彩瑶"], rows, people)}
    assert got == {"女儿", "侄女"}
    # her husband through the same household: 丈夫 or 夫兄弟 (the head may have two sons)
    got = {reading_word(r, False) for r in path_readings(pid["张彩瑶"], rows[:2], people)}
    assert got == {"丈夫", "夫兄弟"}
