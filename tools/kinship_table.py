"""Write the kinship tables of ``graph/kinship/`` from python3-relationship: ``python tools/kinship_table.py``.

``library_terms.tsv``: every term of the calculator whose chains are at most three
steps long, with the chains :func:`qinyou.graph.kinship.vocabulary.library_chains`
reads from it. ``library_words.tsv``: every chain of one to three of the
calculator's primitives with the word :func:`qinyou.graph.kinship.words.library_word`
gets for it. Run it again after changing the pinned library version (pyproject.toml)
or those two functions; ``tests/test_kinship_table.py`` fails until then.
"""
from __future__ import annotations

import itertools
import sys
from importlib.metadata import version
from pathlib import Path

from qinyou.graph.kinship import table
from qinyou.graph.kinship.chain import ids
from qinyou.graph.kinship.vocabulary import _calculator, library_chains
from qinyou.graph.kinship.words import _LIB_WORD, library_word

OUT = Path(__file__).resolve().parent.parent / "graph" / "kinship"
MAX_STEPS = 3


def short_terms() -> list[str]:
    """The calculator's terms whose every chain has at most :data:`MAX_STEPS` steps."""
    cache: dict[str, list[str]] = _calculator().cache_data  # type: ignore[attr-defined]
    return sorted(t for t, keys in cache.items() if t and all(len(k.split(",")) <= MAX_STEPS for k in keys))


def chain_keys() -> list[str]:
    """Every chain of one to :data:`MAX_STEPS` of the calculator's primitives."""
    return [",".join(p) for n in range(1, MAX_STEPS + 1) for p in itertools.product(sorted(_LIB_WORD), repeat=n)]


def main() -> int:
    header = f"{table.HEADER}{version('python3-relationship')}\n"
    terms = [f"{t}\t{' '.join(sorted(ids(c) for c in library_chains(t)))}\n" for t in short_terms()]
    (OUT / table.TERMS_FILE).write_text(header + "".join(terms), encoding="utf-8")
    words = [f"{k}\t{library_word(k)}\n" for k in chain_keys()]
    (OUT / table.WORDS_FILE).write_text(header + "".join(words), encoding="utf-8")
    print(f"{len(terms)} terms, {len(words)} chains written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
