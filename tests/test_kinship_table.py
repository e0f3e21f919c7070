"""The kinship tables written ahead of time (graph/kinship/library_*.tsv) against python3-relationship.

The library stays the oracle: the tables must say exactly what it says, for the
same terms and chains the generator (tools/kinship_table.py) picks. Every chain of
one or two steps is checked, and a fixed sample of the rest (the full check takes
the generator's 15 s: ``python tools/kinship_table.py`` and ``git diff``).
"""
from __future__ import annotations

import importlib.util
import random
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest

from qinyou.graph.kinship import readings, table
from qinyou.graph.kinship.chain import ids
from qinyou.graph.kinship.vocabulary import library_chains
from qinyou.graph.kinship.words import library_word

GENERATOR = Path(__file__).resolve().parent.parent / "tools" / "kinship_table.py"
#: words of real registers and 备案 files that must be in the table (no calculator at run time)
COMMON = ("丈人", "岳母", "老丈人", "妻弟", "小舅子", "儿媳", "儿媳妇", "女婿", "孙子", "孙女", "外孙女",
          "侄子", "外甥", "弟媳", "嫂子", "姐夫", "妹夫", "公公", "婆婆", "伯父", "叔叔", "姑妈", "舅舅", "姨妈")


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kinship_table", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _generator()


def _sample(items: list[str], n: int) -> list[str]:
    return random.Random(12).sample(items, min(n, len(items)))


def test_written_from_the_pinned_library() -> None:
    assert table.version(table.TERMS_FILE) == version("python3-relationship")
    assert table.version(table.WORDS_FILE) == version("python3-relationship")


def test_the_terms_are_the_libraries_short_terms(gen: ModuleType) -> None:
    assert sorted(table.terms()) == gen.short_terms()
    assert set(COMMON) <= set(table.terms())


def test_term_chains_agree_with_the_library() -> None:
    terms = table.terms()
    for term in [*COMMON, *_sample(sorted(terms), 250)]:
        assert terms[term] == library_chains(term), term


def test_chain_words_agree_with_the_library(gen: ModuleType) -> None:
    words = table.words()
    keys = gen.chain_keys()
    assert sorted(words) == sorted(keys)
    short = [k for k in keys if k.count(",") <= 1]
    for key in [*short, *_sample([k for k in keys if k.count(",") == 2], 150)]:
        assert words[key] == library_word(key), key


def test_a_word_outside_the_table_is_asked_of_the_library() -> None:
    odd = "老婆的弟弟的老婆的妈妈"  # four steps: not a short term
    assert odd not in table.terms()
    assert readings(odd) == library_chains(odd)
    assert {ids(c) for c in library_chains(odd)} == {"w,lb,w,m"}
