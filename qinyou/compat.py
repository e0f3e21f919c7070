"""pandas 3 compatibility and memory hygiene for the bulk (roster) paths.

pandas 3 stores text it infers from Python strings as Arrow-backed ``str``
columns. The roster builders work on ``object`` columns of Python strings
(factorised, hashed and joined row-wise), so every inferred column would be
converted back and forth; on a 1.1M-row household register that cost 5 s and
1.3 GB. :func:`object_text` turns the inference off for the duration of a
read. The switch is deprecated in pandas 3 and gone in pandas 4, where this
becomes a no-op (results are the same either way; only speed differs).
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import warnings
from collections.abc import Iterator

import pandas as pd
import pyarrow as pa


@contextlib.contextmanager
def object_text() -> Iterator[None]:
    """Inside: text columns built from Python strings stay ``object``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the option's own deprecation notice
        try:
            context = pd.option_context("future.infer_string", False)
            context.__enter__()
        except (KeyError, pd.errors.OptionError):  # pandas without the switch
            context = None
    try:
        yield
    finally:
        if context is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                context.__exit__(None, None, None)


@functools.cache
def _malloc_trim() -> object | None:
    """glibc's ``malloc_trim``, where the C library has one."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory() -> None:
    """Hand memory freed by Arrow and by the C heap back to the operating system.

    A bulk load frees gigabytes of short-lived frames between files and
    between copies; without this the freed pages stay in the process and add
    to the peak of the next step (on the 3000-village county: about 1 GB).
    """
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]
