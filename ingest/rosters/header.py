"""Finding the header row of a roster, and the place its title names.

The header is the row (among the first :data:`SCAN_ROWS`) whose cells match
the most known column names; title rows above it are kept to name the place
when the place columns are missing. A two-level header (a merged group cell
such as ``户主`` above ``姓名 | 身份证号``) is read by joining the two rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qinyou.ingest.rosters.mapping import Mapping, norm_header, recognise
from qinyou.errors import InputError

SCAN_ROWS = 30
_COUNTY = re.compile(r"([\u4e00-\u9fff]{1,6}?(?:自治县|县|区|旗|市))")
_NOT_COUNTY = ("城市", "社区", "小区", "市区", "辖区")
_TOWN = re.compile(r"([\u4e00-\u9fff]{1,6}?(?:镇|乡|街道))")
_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,6}?(?:村|社区))")


@dataclass
class Header:
    index: int            # position (0-based) of the last header row in the grid
    cells: list[str]      # one (joined) header text per column
    mapping: Mapping
    titles: list[str]     # text of the rows above the header


def _score(cells: list[str], mappings: list[Mapping]) -> int:
    return max(len(m.match(cells)) for m in mappings)


def _join(upper: list[str], lower: list[str], known: set[str]) -> list[str]:
    out = []
    for up, low in zip(upper, lower):
        u, lo = norm_header(up), norm_header(low)
        if not lo or lo == u:
            out.append(u)
        elif not u:
            out.append(lo)
        elif u + lo in known:
            out.append(u + lo)
        elif lo in known:
            out.append(lo)
        else:
            out.append(u + lo)
    return out


def find_header(cells: pd.DataFrame, mappings: list[Mapping], file: str) -> Header:
    """The header row, joined with the row below when that reads better, and its mapping."""
    scan = [[str(v) for v in row] for row in cells.head(SCAN_ROWS).itertuples(index=False)]
    if not scan:
        raise InputError("the file is empty", file=file)
    known = set().union(*(m.known_headers() for m in mappings))
    scores = [_score(row, mappings) for row in scan]
    best = max(range(len(scan)), key=lambda i: (scores[i], -i))
    if scores[best] < 2:
        raise InputError("no header row of a known roster kind in the first rows; "
                         "name the kind with --kind or give a --mapping", file=file)
    chosen, last = [norm_header(c) for c in scan[best]], best
    if best + 1 < len(scan):
        joined = _join(scan[best], scan[best + 1], known)
        if _score(joined, mappings) > scores[best]:
            chosen, last = joined, best + 1
    mapping = recognise(chosen, mappings)
    if mapping is None:
        raise InputError("the header has not all the columns a roster kind requires "
                         f"(found: {', '.join(c for c in chosen if c)})", file=file)
    titles = [" ".join(v for v in row if v).strip() for row in scan[:best]]
    return Header(last, chosen, mapping, [t for t in titles if t])


def place_from_text(*texts: str) -> dict[str, str]:
    """County, town and village named in a title row or file name.

    >>> place_from_text("东岭县青石镇2023年农村低保对象花名册")
    {'county': '东岭县', 'town': '青石镇'}
    >>> place_from_text("东岭县青石镇柳溪村两委干部花名册")
    {'county': '东岭县', 'town': '青石镇', 'village': '柳溪村'}
    """
    for text in texts:
        text = norm_header(text)
        out: dict[str, str] = {}
        rest = text
        m = next((c for c in _COUNTY.finditer(rest) if not c.group(1).endswith(_NOT_COUNTY)), None)
        if m:
            out["county"], rest = m.group(1), rest[m.end():]
        m = _TOWN.search(rest)
        if m and "county" in out:
            out["town"], rest = m.group(1), rest[m.end():]
            v = _VILLAGE.search(rest)
            if v and not v.group(1).endswith("农村") and v.start() == 0:
                out["village"] = v.group(1)
        if out:
            return out
    return {}
