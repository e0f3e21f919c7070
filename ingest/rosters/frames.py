"""Frame builders shared by the roster kinds: persons, place chains, household kinship.

Every function takes the parsed columns of the loaded rows and adds node or
relationship frames (ids from :mod:`qinyou.graph.column_ids`, provenance from
:func:`graph.provenance.row_source`) to a :class:`~graph.batch.GraphBatch`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from qinyou.graph.batch import GraphBatch
from qinyou.graph.folding import arrow_lists, as_lists, fold
from qinyou.graph.idkey import IdKey
from qinyou.graph.privacy import KEEP_HEAD, KEEP_TAIL, MASK, mask_idno
from qinyou.graph.kinship.vocabulary import is_self, known
from qinyou.ingest.rosters.kin_pairs import SEXES, pair_term
from qinyou.ingest.rosters.idno import gender_and_birth
from qinyou.graph.column_ids import node_ids, norm_column, rel_ids
from qinyou.ingest.rosters.normalise import norm_name

#: households larger than this give no derived kinship (a collective 户, not a family)
MAX_KIN_HOUSEHOLD = 20
LEVELS = ("county", "town", "village")


def provenance(file: str, rows: np.ndarray | pd.Series) -> pd.Series:
    """``file#rN`` for each spreadsheet row number."""
    prefix = f"{file}#r"
    return pd.Series([prefix + str(int(r)) for r in np.asarray(rows)], dtype=object)


def obj_frame(columns: dict[str, object]) -> pd.DataFrame:
    """A frame whose text columns stay ``object`` (pandas 3 would infer Arrow strings and convert back)."""
    length = next((len(v) for v in columns.values() if hasattr(v, "__len__") and not isinstance(v, str)), 0)
    out: dict[str, object] = {}
    for key, value in columns.items():
        if isinstance(value, str) or value is None:
            out[key] = pd.Series(np.full(length, value, dtype=object), dtype=object)
        elif isinstance(value, np.ndarray) and value.dtype.kind in "biufM":
            out[key] = pd.Series(value)
        elif isinstance(value, pd.arrays.ArrowExtensionArray):
            out[key] = pd.Series(value)
        else:
            out[key] = pd.Series(np.asarray(value, dtype=object) if not isinstance(value, list) else value,
                                 dtype=object).reset_index(drop=True)
    return pd.DataFrame(out)


def persons(batch: GraphBatch, key: IdKey, idno: pd.Series, name: pd.Series, src: pd.Series,
            raw: pd.Series | None = None) -> pd.Series:
    """Person nodes identified by ID number; returns their ids (index-aligned).

    The ids are keyed hashes of the number (:class:`qinyou.graph.idkey.IdKey`);
    a person keeps the masked number, sex and birth date, and the number itself
    (with the 15-digit form as written, in ``raw``) only when ``key.store_idno``.
    """
    numbers = idno.astype(object).fillna("").astype(str)
    ids = pd.Series(key.person_ids(numbers.tolist()), index=idno.index, dtype=object)
    gender, birth = gender_and_birth(idno)
    frame = obj_frame({"id": ids.to_numpy(), "idno_masked": masked_numbers(numbers),
                       "name": name.to_numpy(), "gender": gender.to_numpy(), "birth_date": birth.to_numpy(),
                       "sources": as_lists(src)})
    if key.store_idno:
        frame.insert(1, "idno", idno.to_numpy(dtype=object))
        if raw is not None:  # the ID number as written, where it was the old 15-digit form
            text = raw.to_numpy(dtype=object)
            has = text != ""
            frame["raw"] = arrow_lists(pa.array(text[has], pa.string()),
                                       np.concatenate(([0], np.cumsum(has))).astype(np.int32))
    frame["name"] = frame["name"].where(frame["name"] != "", None)
    batch.add_nodes("Person", fold(frame), unique=True)
    return ids


def masked_numbers(numbers: pd.Series) -> np.ndarray:
    """:func:`qinyou.graph.privacy.mask_idno` of each number (18 characters, the usual case, in bulk)."""
    full = (numbers.str.len() == 18).to_numpy()
    out = np.empty(len(numbers), dtype=object)
    if full.any():
        picked = numbers[full]
        out[full] = (picked.str.slice(0, KEEP_HEAD) + MASK * (18 - KEEP_HEAD - KEEP_TAIL)
                     + picked.str.slice(18 - KEEP_TAIL)).to_numpy(dtype=object)
    out[~full] = [mask_idno(n) or None for n in numbers[~full].tolist()]
    return out


def places(batch: GraphBatch, cols: pd.DataFrame, src: pd.Series) -> pd.Series:
    """Place chain (county / town / village) with PART_OF; returns the lowest place id per row.

    Only the first row of the file that names a place is kept as its provenance
    (a county is named by every row). Rows naming no place get None.
    """
    levels = [lv for lv in LEVELS if lv in cols.columns]
    out = pd.Series(None, index=cols.index, dtype=object)
    if not levels or not len(cols):
        return out
    parts = cols[levels].fillna("").astype(str)
    # the work is done once per distinct (county, town, village), at its first row
    codes = parts.groupby(levels, sort=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    lowest = _places(batch, parts.iloc[first], src.iloc[first], levels)
    return pd.Series(lowest.to_numpy(dtype=object)[codes], index=cols.index, dtype=object)


def _places(batch: GraphBatch, parts: pd.DataFrame, src: pd.Series, levels: list[str]) -> pd.Series:
    """:func:`places` for distinct rows."""
    out = pd.Series(None, index=parts.index, dtype=object)
    paths = pd.Series([""] * len(parts), index=parts.index, dtype=object)
    nodes, links = [], []
    for level in levels:
        name = parts[level]
        has = (name != "").to_numpy()
        path = paths.where(~has, paths.where(paths == "", paths + "/") + name)
        frame = pd.DataFrame({"path": path[has], "name": name[has], "parent": paths[has], "src": src[has]})
        frame = frame.drop_duplicates("path")
        if len(frame):
            frame["id"] = node_ids("Place", {"path": frame["path"]}).to_numpy()
            frame["level"] = level
            nodes.append(frame)
            linked = frame[frame["parent"] != ""]
            if len(linked):
                parent_ids = node_ids("Place", {"path": linked["parent"]})
                links.append(obj_frame({"from": linked["id"].to_numpy(), "to": parent_ids.to_numpy()}))
                links[-1]["sources"] = as_lists(linked["src"])
        paths = path
    if nodes:
        frame = pd.concat(nodes, ignore_index=True)
        batch.add_nodes("Place", obj_frame({
            "id": frame["id"], "name": frame["name"], "level": frame["level"], "path": frame["path"],
            "sources": as_lists(frame["src"])}))
        final = paths[paths != ""]
        out[final.index] = node_ids("Place", {"path": final}).to_numpy()
    if links:
        rels = pd.concat(links, ignore_index=True)
        rels["id"] = rel_ids("PART_OF", rels["from"], rels["to"]).to_numpy()
        batch.add_rels("PART_OF", "Place", "Place", fold(rels), unique=True)
    return out


def located_in(batch: GraphBatch, from_label: str, from_ids: pd.Series, place_ids: pd.Series,
               src: pd.Series) -> None:
    """LOCATED_IN from each node to its place (rows without a place are skipped)."""
    has = place_ids.notna().to_numpy() & from_ids.notna().to_numpy()
    if not has.any():
        return
    frame = obj_frame({"from": from_ids[has].to_numpy(), "to": place_ids[has].to_numpy(),
                          "sources": as_lists(src[has])})
    frame["id"] = rel_ids("LOCATED_IN", frame["from"], frame["to"]).to_numpy()
    batch.add_rels("LOCATED_IN", from_label, "Place", fold(frame), unique=True)


def household_kin(batch: GraphBatch, person: pd.Series, household: pd.Series, relation: pd.Series,
                  src: pd.Series, idno: pd.Series) -> int:
    """KIN (basis household) between members of one household, through their relation to the head.

    Both directions are written, each with the term for how ``to`` stands to
    ``from`` (:func:`qinyou.ingest.rosters.kin_pairs.pair_term`: a word such as 叔父,
    or the readings joined by 或 where the register allows several). Returns the number of links.

    Vectorised on integer codes: members are deduplicated per (person, household),
    the pairs are a self-join on household codes in the order of
    ``members.merge(members, on="h")`` (left rows in order, then the household's
    rows in order), and ids are hashed from per-distinct normalised parts.
    """
    rel_text = relation.fillna("").to_numpy(dtype=object)
    rel_codes, rel_uniques = pd.factorize(rel_text, use_na_sentinel=False)
    rel_uniques = np.asarray(rel_uniques, dtype=object)
    words = [norm_name(r) for r in rel_uniques.tolist()]
    role_of_rel = np.array([i if known(w) else -1 for i, w in enumerate(words)], dtype=np.int64)
    role = role_of_rel[rel_codes] if len(rel_codes) else np.zeros(0, dtype=np.int64)
    gender, birth = gender_and_birth(idno.astype(object).fillna(""))
    sex = np.where(gender.to_numpy(dtype=object) == "男", 1, 2)
    sex[~idno.fillna("").astype(str).str.len().isin([15, 18]).to_numpy()] = 0
    birth_t = birth.to_numpy(dtype=object)
    p_codes, p_uniques = pd.factorize(person.to_numpy(dtype=object), use_na_sentinel=False)
    h_codes, h_uniques = pd.factorize(household.to_numpy(dtype=object))  # None → -1
    ok = np.flatnonzero((role >= 0) & (h_codes >= 0))
    if not len(ok):
        return 0
    # drop_duplicates(["p", "h"]): first row of each (person, household)
    key = h_codes[ok].astype(np.int64) * (len(p_uniques) + 1) + p_codes[ok]
    _, first = np.unique(key, return_index=True)
    rows = ok[np.sort(first)]
    del key, first, ok
    hc = h_codes[rows]
    size = np.bincount(hc, minlength=len(h_uniques))
    fit = (size[hc] > 1) & (size[hc] <= MAX_KIN_HOUSEHOLD)
    rows, hc = rows[fit], hc[fit]
    if not len(rows):
        return 0
    # self-join on household: for each member (in order), every member of its household (in order)
    order = np.argsort(hc, kind="stable")
    size = np.bincount(hc, minlength=len(h_uniques))
    start = np.concatenate(([0], np.cumsum(size)[:-1]))
    per = size[hc]
    left = np.repeat(np.arange(len(rows)), per)
    block = np.repeat(np.cumsum(per) - per, per)
    right = order[np.repeat(start[hc], per) + (np.arange(len(left)) - block)]
    del order, block, per, start, size
    ia, ib = rows[left], rows[right]
    del left, right
    pcode_a, pcode_b = p_codes[ia], p_codes[ib]
    keep = pcode_a != pcode_b
    ia, ib, pcode_a, pcode_b = ia[keep], ib[keep], pcode_a[keep], pcode_b[keep]
    ca, cb = role[ia], role[ib]
    relation_t, legal_t = _pair_terms(words, ca, cb, sex[ia], sex[ib], _head_sex(hc_of=h_codes, rows=rows, role=role,
                                                                                   words=words, sex=sex)[h_codes[ia]],
                                      _older(birth_t[ia], birth_t[ib]))
    keep = relation_t != None  # noqa: E711 - elementwise
    if not keep.any():
        return 0
    ia, ib, pcode_a, pcode_b, ca, cb = ia[keep], ib[keep], pcode_a[keep], pcode_b[keep], ca[keep], cb[keep]
    relation_t, legal_t = relation_t[keep], legal_t[keep]
    del keep
    # relation_raw once per distinct (relation a, relation b)
    n_rel = len(rel_uniques)
    pair_code = rel_codes[ia].astype(np.int64) * n_rel + rel_codes[ib]
    pair_inv, pair_u = pd.factorize(pair_code)
    raw_u = np.array([rel_uniques[c // n_rel] + "→" + rel_uniques[c % n_rel] for c in pair_u.tolist()],
                     dtype=object)
    relation_raw = raw_u[pair_inv]
    del pair_code, pair_u, pair_inv, raw_u
    p_uniques = np.asarray(p_uniques, dtype=object)
    # sources: [row of from, row of to], gathered in Arrow
    pick = np.empty(2 * len(ia), dtype=np.int64)
    pick[0::2], pick[1::2] = ia, ib
    sources = arrow_lists(pa.array(src.to_numpy(dtype=object), pa.string()).take(pa.array(pick)),
                          np.arange(0, 2 * len(ia) + 1, 2, dtype=np.int32))
    del pick, ia, ib, ca, cb
    frame = obj_frame({
        "from": p_uniques[pcode_a], "to": p_uniques[pcode_b],
        "relation": relation_t, "relation_raw": relation_raw,
        "legal_scope": legal_t, "basis": "household", "sources": sources,
    })
    del sources, relation_raw, legal_t
    frame["id"] = _kin_ids(p_uniques, pcode_a, pcode_b, relation_t)
    # the id is a function of (from, to, relation): repeats are found on integer codes
    r_codes = pd.factorize(relation_t, use_na_sentinel=False)[0].astype(np.int64)
    pair = (pcode_a.astype(np.int64) * len(p_uniques) + pcode_b) * (int(r_codes.max()) + 1) + r_codes
    pair.sort()
    repeats = bool((pair[1:] == pair[:-1]).any())
    del pcode_a, pcode_b, relation_t, r_codes, pair
    links = len(frame)
    batch.add_rels("KIN", "Person", "Person", fold(frame) if repeats else frame, unique=True)
    return links


def _head_sex(hc_of: np.ndarray, rows: np.ndarray, role: np.ndarray, words: list[str],
              sex: np.ndarray) -> np.ndarray:
    """Sex code of each household's head (0 unknown), from the head's own row."""
    out = np.zeros(int(hc_of.max()) + 1 if len(hc_of) else 0, dtype=np.int64)
    head_word = np.array([is_self(w) for w in words] + [False], dtype=bool)
    heads = rows[head_word[role[rows]]]
    out[hc_of[heads]] = sex[heads]
    return out


def _older(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """0 unknown, 1 b older than a, 2 b younger."""
    out = np.zeros(len(a), dtype=np.int64)
    known_ = (a != "") & (b != "") & pd.notna(a) & pd.notna(b)
    idx = np.flatnonzero(known_)
    if len(idx):
        sa, sb = a[idx].astype(str), b[idx].astype(str)
        out[idx] = np.where(sb < sa, 1, np.where(sb > sa, 2, 0))
    return out


def _pair_terms(words: list[str], ca: np.ndarray, cb: np.ndarray, sa: np.ndarray, sb: np.ndarray,
                sh: np.ndarray, older: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relation word and default-scope flag per pair, composed once per distinct key."""
    nw = len(words) + 1
    key = ((((ca.astype(np.int64) * nw + cb) * 3 + sa) * 3 + sb) * 3 + sh) * 3 + older
    codes, uniques = pd.factorize(key)
    rel_u = np.full(len(uniques), None, dtype=object)
    legal_u = np.full(len(uniques), None, dtype=object)
    olds = (None, True, False)
    for i, k in enumerate(uniques.tolist()):
        k, o = divmod(k, 3)
        k, h = divmod(k, 3)
        k, b = divmod(k, 3)
        k, a = divmod(k, 3)
        wa, wb = divmod(k, nw)
        got = pair_term(words[wa], words[wb], SEXES[a], SEXES[b], SEXES[h], olds[o])
        if got is not None:
            rel_u[i], legal_u[i] = got
    return rel_u[codes], legal_u[codes]


def _kin_ids(p_uniques: np.ndarray, pa: np.ndarray, pb: np.ndarray, relation: np.ndarray) -> np.ndarray:
    """:func:`~graph.column_ids.rel_ids` of KIN rows, normalising each distinct part once."""
    from qinyou.graph.ids import SEP, hash_payloads
    from qinyou.graph.model import schema

    assert tuple(schema().rel("KIN").identity) == ("relation",)
    p_norm = norm_column(pd.Series(p_uniques, dtype=object)).to_numpy(dtype=object)
    r_codes, r_uniques = pd.factorize(relation, use_na_sentinel=False)
    r_norm = norm_column(pd.Series(np.asarray(r_uniques, dtype=object), dtype=object)).tolist()
    # from + SEP + to + SEP + relation, with the relation suffix built once per distinct relation
    suffix = [SEP + r for r in r_norm]
    payloads = (a + SEP + b + suffix[r]  # one at a time: 2.7M payloads are never held together
                for a, b, r in zip(p_norm[pa].tolist(), p_norm[pb].tolist(), r_codes.tolist()))
    return np.array(hash_payloads("KIN", payloads), dtype=object)
