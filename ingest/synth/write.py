"""Writing the rosters as towns keep them: the mess, and a known number of bad rows.

Good rows get harmless mess a correct reader must absorb (full-width digits,
lower-case x, spaces in names, ``村(居)``, dates in mixed forms and as Excel
serials, IDs stored as exact integers in .xlsx, old 15-digit IDs). Bad rows are
corrupted copies of good rows (or exact duplicates placed after their
original), one reject class each, so the expected rejects are known exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from qinyou.ingest.rosters.idno import check_digit

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
BAD_DATE = "2019年13月"
BAD_NUMBER = "待定"
BAD_RELATION = "朋友"
#: corruptions that leave a row loadable: it loads and is listed as a warning
WARNING_CLASSES = frozenset({"unknown_relation"})
NUMBER_MARK = "#NUM#"


@dataclass
class Layout:
    """How one roster file looks."""

    name: str
    kind: str
    headers: dict[str, str]            # field key → header text, in column order ("" key: 序号)
    fmt: str                           # csv-utf8, csv-utf8-bom, csv-gb18030, xlsx
    titles: list[str] = field(default_factory=list)
    bad: dict[str, int] = field(default_factory=dict)   # reject class → count
    blank_rows: int = 0
    total_row: bool = False
    group_header: dict[str, str] = field(default_factory=dict)  # field key → group cell above it (xlsx)
    numeric_ids: float = 0.0           # share of good X-free IDs stored as numbers (xlsx)


@dataclass
class Written:
    name: str
    kind: str
    fmt: str
    rows: int
    loaded: int
    rejected: int
    bad_rows: dict[str, int]
    blank_rows: int
    first_data_row: int
    warnings: dict[str, int] = field(default_factory=dict)


def date_forms(dates: pd.Series, rng: np.random.Generator, month_only: bool = False) -> list[str]:
    """Dates written the ways clerks write them (all readable)."""
    d = pd.to_datetime(dates)
    forms = [d.dt.strftime("%Y-%m-%d"), d.dt.strftime("%Y/%-m/%-d"), d.dt.strftime("%Y年%-m月%-d日"),
             d.dt.strftime("%Y.%m.%d"), d.dt.strftime("%Y%m%d"),
             ((d - pd.Timestamp("1899-12-30")).dt.days).astype(str)]
    if month_only:
        forms += [d.dt.strftime("%Y年%-m月"), d.dt.strftime("%Y.%m")]
    pick = rng.integers(0, len(forms), len(d))
    stacked = np.stack([f.fillna("").to_numpy(dtype=object) for f in forms])
    out = stacked[pick, np.arange(len(d))]
    return ["" if pd.isna(x) else s for x, s in zip(d, out)]


def mess_ids(ids: pd.Series, rng: np.random.Generator) -> pd.Series:
    out = ids.copy()
    full = rng.random(len(ids)) < 0.01
    out[full] = out[full].str.translate(FULL_WIDTH)
    lower = rng.random(len(ids)) < 0.5
    out[lower] = out[lower].str.replace("X", "x")
    return out


def mess_names(names: pd.Series, rng: np.random.Generator) -> pd.Series:
    out = names.copy()
    spaced = (rng.random(len(names)) < 0.02) & (names.str.len() >= 2)
    out[spaced] = out[spaced].str[0] + " " + out[spaced].str[1:]
    return out


def _corrupt(row: dict[str, object], cls: str, keys: dict[str, str]) -> dict[str, object]:
    row = dict(row)
    idcol, namecol, datecol, numcol, relcol = (keys.get(k, "") for k in ("idno", "name", "date", "number", "relation"))
    ident = str(row.get(idcol, "")).translate({0xFF10 + i: 48 + i for i in range(10)} | {0xFF38: "X"}).upper() \
        if idcol else ""
    if len(ident) == 15:  # the old form: corrupt its 18-character equivalent
        ident = ident[:6] + "19" + ident[6:] + check_digit(ident[:6] + "19" + ident[6:])
    if cls == "idno_check":
        last = ident[-1]
        row[idcol] = ident[:-1] + ("0" if last != "0" else "1")
    elif cls == "idno_excel":
        row[idcol] = float(ident[:17] + "0")
    elif cls == "idno_format":
        row[idcol] = ident[:16]
    elif cls == "idno_birth":
        body = ident[:10] + "13" + ident[12:17]
        row[idcol] = body + check_digit(body)
    elif cls == "missing_value":
        row[namecol] = ""
    elif cls == "bad_date":
        row[datecol] = BAD_DATE
    elif cls == "bad_number":
        row[numcol] = BAD_NUMBER
    elif cls == "unknown_relation":
        row[relcol] = BAD_RELATION
    return row


def _excel_text(value: object) -> object:
    return f"{value:.5E}".replace("E+0", "E+") if isinstance(value, float) else value


def assemble(good: pd.DataFrame, layout: Layout, keys: dict[str, str],
             rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, int]]:
    """Good rows with the bad and blank rows put in, in file order (object cells)."""
    n = len(good)
    counts: dict[str, int] = {}
    sources = rng.permutation(n)
    used = 0
    extra_rows: list[dict[str, object]] = []
    extra_keys: list[float] = []
    for cls, count in layout.bad.items():
        count = min(count, n - used)
        for src in sources[used:used + count]:
            row = good.iloc[int(src)].to_dict()
            if cls == "duplicate":
                extra_rows.append(row)
                extra_keys.append(src + 0.5 + rng.random() * 0.4 + int(rng.integers(0, max(1, n - src))))
            else:
                bad = _corrupt(row, cls, keys)
                if layout.fmt != "xlsx":
                    bad = {k: _excel_text(v) for k, v in bad.items()}
                extra_rows.append(bad)
                extra_keys.append(rng.random() * n)
        used += count
        counts[cls] = count
    for _ in range(layout.blank_rows):
        extra_rows.append({c: "" for c in good.columns})
        extra_keys.append(rng.random() * n)
    extra = pd.DataFrame(extra_rows, columns=good.columns, dtype=object)
    frame = pd.concat([good.astype(object), extra], ignore_index=True)
    order = np.argsort(np.concatenate([np.arange(n, dtype=float), np.array(extra_keys, dtype=float)]),
                       kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    if layout.total_row:
        total = {c: "" for c in good.columns}
        total[good.columns[0]] = "合计"
        numcol = keys.get("number")
        if numcol:
            total[numcol] = f"{pd.to_numeric(good[numcol], errors='coerce').sum():.2f}"
        frame = pd.concat([frame, pd.DataFrame([total], dtype=object)], ignore_index=True)
        counts["total_row"] = 1
    return frame, counts


def write_csv(path: Path, frame: pd.DataFrame, layout: Layout) -> None:
    encoding = {"csv-utf8": "utf-8", "csv-utf8-bom": "utf-8-sig", "csv-gb18030": "gb18030"}[layout.fmt]
    width = frame.shape[1]
    head = "".join(t + "," * (width - 1) + "\n" for t in layout.titles)
    body = frame.fillna("").to_csv(index=False, header=list(layout.headers.values()),
                                                          lineterminator="\n")
    path.write_bytes((head + body).encode(encoding))


def write_xlsx(path: Path, frame: pd.DataFrame, layout: Layout) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    width = frame.shape[1]
    for title in layout.titles:
        sheet.append([title])
        r = sheet.max_row
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    headers = list(layout.headers.values())
    if layout.group_header:
        keys = list(layout.headers)
        upper = [layout.group_header.get(k, h) for k, h in zip(keys, headers)]
        lower = ["" if k not in layout.group_header else h for k, h in zip(keys, headers)]
        sheet.append(upper)
        sheet.append(lower)
        top = sheet.max_row - 1
        c = 0
        while c < width:  # merge runs of one group cell, and plain headers over both rows
            key = keys[c]
            if key in layout.group_header:
                end = c
                while end + 1 < width and layout.group_header.get(keys[end + 1]) == layout.group_header[key]:
                    end += 1
                if end > c:
                    sheet.merge_cells(start_row=top, start_column=c + 1, end_row=top, end_column=end + 1)
                c = end + 1
            else:
                sheet.merge_cells(start_row=top, start_column=c + 1, end_row=top + 1, end_column=c + 1)
                c += 1
    else:
        sheet.append(headers)
    for row in frame.itertuples(index=False):
        sheet.append([None if isinstance(v, str) and v == "" else
                      (f"{NUMBER_MARK}{v}" if isinstance(v, int) and v >= 10 ** 15 else v) for v in row])
    book.save(path)
    _full_precision_numbers(path)


def _full_precision_numbers(path: Path) -> None:
    """Store marked IDs as number cells with all 18 digits.

    openpyxl (like Excel) writes numbers with 16 significant digits, so an ID
    stored as a number is always mangled by it; other tools write the digits
    in full, which a reader may accept when the check digit holds.
    """
    import re
    import shutil
    import zipfile

    pattern = re.compile(rf'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t>{NUMBER_MARK}(\d+)</t></is></c>')
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = pattern.sub(r'<c r="\1"\2 t="n"><v>\3</v></c>', data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    shutil.move(tmp, path)


def header_rows(layout: Layout) -> int:
    return len(layout.titles) + (2 if layout.group_header else 1)


def write(out: Path, good: pd.DataFrame, layout: Layout, keys: dict[str, str],
          rng: np.random.Generator) -> Written:
    """Write one roster; returns what a correct reader must report for it."""
    frame, counts = assemble(good, layout, keys, rng)
    path = out / layout.name
    if layout.fmt == "xlsx":
        write_xlsx(path, frame, layout)
    else:
        write_csv(path, frame, layout)
    warned = {k: v for k, v in counts.items() if k in WARNING_CLASSES}
    bad_rows = {k: v for k, v in counts.items() if k not in WARNING_CLASSES}
    bad = sum(bad_rows.values())
    extra = sum(warned.values())
    return Written(layout.name, layout.kind, layout.fmt, len(good) + bad + extra, len(good) + extra, bad,
                   bad_rows, layout.blank_rows, header_rows(layout) + 1, warned)
