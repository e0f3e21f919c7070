"""A synthetic county: places, households and persons, generated with numpy.

Everything is drawn from one ``numpy.random.Generator`` so a seed gives the
same county byte for byte. Households follow a few family templates; names
cluster by village (a handful of surnames dominate each village); ID numbers
carry a region code, the birth date, a sequence whose parity is the gender
and the ISO 7064 check digit, and are unique.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qinyou.ingest.rosters.idno import CHECK_CHARS, WEIGHTS
from qinyou.ingest.synth import chars
from qinyou.ingest.synth.family import add_links

#: household templates: relations to the head, and their probabilities
TEMPLATES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("户主",), 0.10),
    (("户主", "配偶"), 0.18),
    (("户主", "配偶", "子"), 0.17),
    (("户主", "配偶", "女"), 0.10),
    (("户主", "配偶", "子", "女"), 0.15),
    (("户主", "配偶", "子", "儿媳", "孙子"), 0.08),
    (("户主", "配偶", "子", "儿媳", "孙女", "孙子"), 0.05),
    (("户主", "母亲"), 0.05),
    (("户主", "配偶", "父亲", "母亲", "子"), 0.05),
    (("户主", "配偶", "子", "弟"), 0.04),
    (("户主", "配偶", "女", "子", "母亲"), 0.03),
)
#: relation → (gender: 1 male, 0 female, -1 opposite of head, 2 like head mostly male), birth offset range
ROLE_INFO: dict[str, tuple[int, int, int]] = {
    "户主": (2, 0, 0), "配偶": (-1, -4, 4), "子": (1, 22, 34), "女": (0, 22, 34), "儿媳": (0, 20, 34),
    "孙子": (1, 44, 60), "孙女": (0, 44, 60), "父亲": (1, -32, -22), "母亲": (0, -30, -20), "弟": (1, 1, 9),
}
PERSONS_PER_VILLAGE = 367
VILLAGES_PER_TOWN = 15


@dataclass
class World:
    towns: pd.DataFrame       # town, name
    villages: pd.DataFrame    # village, town, name
    households: pd.DataFrame  # hh, village, hh_no, template, size
    persons: pd.DataFrame     # pid, hh, relation, male, birth, name, surname, idno, village, town,
    #                           father, mother, spouse, sibgroup (true links, :mod:`.family`)


def _place_names(rng: np.random.Generator, n: int, suffix: str, avoid: set[str]) -> list[str]:
    first, second = list(chars.PLACE_FIRST), list(chars.PLACE_SECOND)
    combos = len(first) * len(second)
    picks = rng.permutation(combos)
    names: list[str] = []
    for p in picks:
        name = first[p // len(second)] + second[p % len(second)] + suffix
        if name not in avoid:
            names.append(name)
        if len(names) == n:
            return names
    # more places than two-character combinations: add a third character
    extra = n - len(names)
    for i in range(extra):
        names.append(first[i % len(first)] + second[(i // len(first)) % len(second)]
                     + first[(i // combos) % len(first)] + suffix)
    return names


def _given_names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    n = len(male)
    m, f = np.array(list(chars.MALE_CHARS)), np.array(list(chars.FEMALE_CHARS))
    c1 = np.where(male, m[rng.integers(0, len(m), n)], f[rng.integers(0, len(f), n)])
    c2 = np.where(male, m[rng.integers(0, len(m), n)], f[rng.integers(0, len(f), n)])
    two = rng.random(n) < 0.78
    return np.where(two, np.char.add(c1, c2), c1)


def _digit_columns(values: np.ndarray, width: int) -> np.ndarray:
    """An (n, width) array of the decimal digits of non-negative integers."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values.astype(np.int64)[:, None] // powers) % 10


def birth_number(birth: np.ndarray) -> np.ndarray:
    """YYYYMMDD as integers."""
    birth = birth.astype("datetime64[D]")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = birth.astype("datetime64[M]")
    month = month_start.astype(np.int64) % 12 + 1
    day = (birth - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    return year * 10000 + month * 100 + day


def id_numbers(region: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """18-character ID numbers (check digit computed) from region codes, birth dates and sequences."""
    digits = np.concatenate([_digit_columns(np.asarray(region).astype(np.int64), 6),
                             _digit_columns(birth_number(birth), 8),
                             _digit_columns(seq, 3)], axis=1)
    check = np.frombuffer("".join(CHECK_CHARS.tolist()).encode(), dtype=np.uint8)[(digits @ WEIGHTS) % 11]
    codes = np.concatenate([(digits + 48).astype(np.uint8), check[:, None]], axis=1)
    return np.ascontiguousarray(codes).view("S18").ravel().astype("U18")


def make_world(villages: int, seed: int) -> World:
    rng = np.random.default_rng(seed)
    n_towns = max(1, round(villages / VILLAGES_PER_TOWN))
    town_names = _place_names(rng, n_towns, "镇", set())
    village_names = _place_names(rng, villages, "村", set())
    towns = pd.DataFrame({"town": np.arange(n_towns), "name": town_names})
    village_town = np.sort(rng.integers(0, n_towns, villages))
    village_town[:n_towns] = np.arange(min(n_towns, villages))  # every town has a village
    village_town = np.sort(village_town)
    vills = pd.DataFrame({"village": np.arange(villages), "town": village_town, "name": village_names})

    # households
    probs = np.array([p for _, p in TEMPLATES])
    mean_size = sum(len(t) * p for t, p in TEMPLATES)
    per_village = rng.poisson(PERSONS_PER_VILLAGE / mean_size, villages).clip(5)
    hh_village = np.repeat(np.arange(villages), per_village)
    n_hh = len(hh_village)
    template = rng.choice(len(TEMPLATES), n_hh, p=probs / probs.sum())
    sizes = np.array([len(t) for t, _ in TEMPLATES])[template]
    seq_in_village = np.arange(n_hh) - np.repeat(np.cumsum(per_village) - per_village, per_village)
    hh_no = np.char.add(np.char.add(np.char.zfill((village_town[hh_village] + 1).astype("U3"), 3),
                                    np.char.zfill((hh_village + 1).astype("U4"), 4)),
                        np.char.zfill((seq_in_village + 1).astype("U4"), 4))
    households = pd.DataFrame({"hh": np.arange(n_hh), "village": hh_village, "hh_no": hh_no,
                               "template": template, "size": sizes})

    # persons: one row per (household, template slot)
    hh_of = np.repeat(np.arange(n_hh), sizes)
    slot = np.arange(len(hh_of)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    role_names = list(ROLE_INFO)
    roles_table = np.array([[role_names.index(r) for r in t] + [0] * (6 - len(t)) for t, _ in TEMPLATES])
    role = roles_table[template[hh_of], slot]
    relation = np.array(role_names)[role]
    n = len(hh_of)
    head_male = rng.random(n_hh) < 0.85
    info = np.array([ROLE_INFO[r] for r in role_names])
    gender_code, lo, hi = info[role, 0], info[role, 1], info[role, 2]
    male = np.where(gender_code == 1, True, np.where(gender_code == 0, False,
                    np.where(gender_code == 2, head_male[hh_of], ~head_male[hh_of])))
    old_template = np.isin(template, [5, 6])
    young_template = np.isin(template, [7, 8])
    head_year = np.where(old_template, rng.integers(1938, 1964, n_hh),
                         np.where(young_template, rng.integers(1962, 1993, n_hh), rng.integers(1945, 1997, n_hh)))
    year = head_year[hh_of] + lo + (rng.random(n) * (hi - lo + 1)).astype(int)
    year = np.minimum(year, 2021)
    birth = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n)

    # surnames: each village has a few dominant ones
    names = np.array(list(chars.SURNAMES))
    weights = np.array(list(chars.SURNAMES.values()), dtype=float)
    weights /= weights.sum()
    clusters = rng.choice(len(names), (villages, 3), p=weights)
    pick = rng.choice(3, n_hh, p=[0.5, 0.3, 0.2])
    local = rng.random(n_hh) < 0.6
    head_surname = np.where(local, clusters[hh_village, pick], rng.choice(len(names), n_hh, p=weights))
    other = rng.choice(len(names), n, p=weights)
    # the family line: children, grandchildren, father and brother of a male head share his surname
    line = np.isin(role, [role_names.index(r) for r in ("户主", "子", "女", "孙子", "孙女", "父亲", "弟")])
    line = (line & head_male[hh_of]) | (role == 0)
    surname = np.where(line, head_surname[hh_of], other)
    full = np.char.add(names[surname], _given_names(rng, male))

    # ID numbers: region, birth, sequence with gender parity; redraw until unique
    region = np.where(rng.random(n) < 0.85, int(chars.COUNTY_CODE),
                      np.array(chars.OTHER_CODES, dtype=np.int64)[rng.integers(0, len(chars.OTHER_CODES), n)])
    seq = rng.integers(0, 500, n) * 2 + male.astype(int)
    ymd = birth_number(birth)
    for _ in range(50):
        key = (region * 100_000_000 + ymd) * 1000 + seq
        dup = pd.Series(key).duplicated().to_numpy()
        if not dup.any():
            break
        seq[dup] = rng.integers(0, 500, int(dup.sum())) * 2 + male[dup].astype(int)
    ids = id_numbers(region, birth, seq)
    persons = pd.DataFrame({"pid": np.arange(n), "hh": hh_of, "relation": relation, "male": male,
                            "birth": birth, "name": full, "surname": names[surname], "idno": ids,
                            "village": hh_village[hh_of], "town": village_town[hh_village[hh_of]]})
    add_links(persons)
    return World(towns, vills, households, persons)
