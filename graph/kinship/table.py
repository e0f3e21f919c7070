"""python3-relationship's answers for the common words, written down ahead of time.

Setting the calculator up takes 1.5–2 s (it expands its whole map of about 76,000
chains), longer than a detection run spends on anything but reading the store. So
``library_terms.tsv`` holds what the calculator says
(:func:`qinyou.graph.kinship.vocabulary.library_chains`) of every term whose chains
are at most three steps long, and ``library_words.tsv`` the word it gives each chain
of one to three steps (:func:`qinyou.graph.kinship.words.library_word`). Both files
are written from the pinned library by ``tools/kinship_table.py`` and checked against
it by ``tests/test_kinship_table.py``; a word or chain outside them is asked of the
calculator itself. The answers are the library's either way; only their cost differs.
"""
from __future__ import annotations

import functools

from qinyou.graph.kinship.chain import Chain, parse_ids
from qinyou.resources import data_path

TERMS_FILE = "library_terms.tsv"
WORDS_FILE = "library_words.tsv"
#: the first line of both files names the library they were written from
HEADER = "# python3-relationship "


def _lines(name: str) -> list[list[str]]:
    text = data_path("qinyou.graph", "kinship", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def version(name: str = TERMS_FILE) -> str:
    """The library version a table was written from."""
    first = data_path("qinyou.graph", "kinship", name).read_text(encoding="utf-8").split("\n", 1)[0]
    return first.removeprefix(HEADER).strip()


@functools.cache
def terms() -> dict[str, frozenset[Chain]]:
    """Term → its chains (empty: the calculator knows the term but gives no plain chain)."""
    return {term: frozenset(parse_ids(c) for c in chains.split(" ") if c) for term, chains in _lines(TERMS_FILE)}


@functools.cache
def words() -> dict[str, str]:
    """Chain ids (``"w,lb"``) → the calculator's word, or ``""`` when it has none."""
    return {key: word for key, word in _lines(WORDS_FILE)}
