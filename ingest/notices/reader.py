"""Reading notice documents: .txt (one document, id = stem) or .jsonl ({"id", "text"} per line).

Files are read as UTF-8, falling back to GB18030; binary or malformed input
gives error records, never exceptions.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class NoticeDoc:
    id: str
    text: str | None
    error: str | None = None


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030; None for binary data."""
    if b"\x00" in data[:4096]:
        return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _jsonl(lines: Iterable[str], source: str) -> Iterator[NoticeDoc]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield NoticeDoc(f"{source}:{n}", None, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield NoticeDoc(f"{source}:{n}", None, "not a JSON object")
            continue
        doc_id = str(obj.get("id") if obj.get("id") is not None else f"{source}:{n}")
        text = obj.get("text")
        if not isinstance(text, str):
            yield NoticeDoc(doc_id, None, "no text")
        else:
            yield NoticeDoc(doc_id, text)


def read_path(path: Path) -> Iterator[NoticeDoc]:
    """Documents of one file; raises OSError only when the file cannot be opened at all."""
    data = path.read_bytes()
    text = decode(data)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        if text is None:
            yield NoticeDoc(path.stem, None, "not UTF-8 or GB18030 text")
            return
        yield from _jsonl(text.splitlines(), path.name)
        return
    if text is None:
        yield NoticeDoc(path.stem, None, "not UTF-8 or GB18030 text")
    else:
        yield NoticeDoc(path.stem, text)


def read_stream(stream: IO[str], source: str = "stdin") -> Iterator[NoticeDoc]:
    yield from _jsonl(stream, source)
