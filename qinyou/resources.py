"""Data shipped inside the package (schema, mappings, dictionaries, saved queries, demo corpus).

Found through :mod:`importlib.resources`, so an ordinary (non-editable) install
reads its own copies, not a source checkout's. qinyou is installed unpacked (a
wheel or an editable install), so every resource is a real file or folder.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from qinyou.errors import ConfigError


def data_path(package: str, *parts: str) -> Path:
    """The file or folder ``parts`` inside ``package``, as a filesystem path.

    >>> data_path("qinyou.graph", "schema").name
    'schema'
    """
    found = resources.files(package).joinpath(*parts)
    if not isinstance(found, Path):
        raise ConfigError("qinyou's data must be installed as files (a zipped install is not supported)",
                          file=str(found))
    return found
