"""Files uploaded in the app (or kept by ``qinyou ingest --keep``), stored so evidence stays real.

Evidence names a roster file and row (``低保花名册.csv#r12``) or a notice and
span; after an upload the bytes would otherwise live only in the browser.
Each kept file goes to ``<db>-uploads/<sha256 prefix>/<file name>`` beside the
store directory: the name is the one the evidence prints, the folder is the
content's digest, so keeping the same file twice stores it once and two
different files of one name both stay.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from qinyou.errors import InputError
from qinyou.settings import Settings

DIGEST_CHARS = 16


def uploads_dir(settings: Settings) -> Path:
    """``<db>-uploads`` beside the store directory (kept when the store is rebuilt)."""
    return settings.db_path.with_name(settings.db_path.name + "-uploads")


def safe_name(name: str) -> str:
    """The file name part of an uploaded name; a name that is no file name is an error."""
    base = Path(str(name).replace("\\", "/")).name.strip()
    if not base or base in (".", "..") or base.startswith(".") or "\x00" in base:
        raise InputError(f"not a usable file name: {name!r}")
    return base


def keep_bytes(settings: Settings, name: str, data: bytes) -> Path:
    """Store ``data`` under its digest and ``name``; returns the kept path (the same path for the same bytes)."""
    base = safe_name(name)
    folder = uploads_dir(settings) / hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]
    target = folder / base
    if target.exists() and target.stat().st_size == len(data):
        return target
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{base}.part"
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def keep_file(settings: Settings, path: Path) -> Path:
    """Copy a file given on the command line the same way (``qinyou ingest --keep``)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    target = uploads_dir(settings) / digest.hexdigest()[:DIGEST_CHARS] / safe_name(path.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
    return target
