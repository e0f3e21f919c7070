"""The project's word lists and its own jieba tokenizer, read from ``ingest/dicts/``.

Nothing here touches jieba's global state: the tokenizer is a private
``jieba.Tokenizer`` with the project's word list loaded into that instance only.
Places, posts and kin terms are separate layers (regex over the text), never
loaded into jieba, so that they cannot break names.
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from qinyou.resources import data_path

DICTS = data_path("qinyou.ingest", "dicts")


def _words(path: Path) -> list[str]:
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        out.extend(line.split())
    return out


def _yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load((DICTS / name).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so the longest wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]          # unambiguous single-character surnames
    weak_surnames: frozenset[str]     # surnames that are also common words
    compound_surnames: frozenset[str]
    provinces: dict[str, str]         # any written form -> full name
    post_heads: tuple[str, ...]
    post_units: tuple[str, ...]
    post_prefixes: tuple[str, ...]
    unit_heads: tuple[str, ...]       # heads that need a unit before them (干部, 人员)
    open_head_end: str                # the last character of an unlisted head (保洁员)
    not_heads: frozenset[str]         # words ending in it that are no post (党员, 会员)
    open_unit_ends: tuple[str, ...]   # last characters of a unit not listed (综合科, 水利股)
    unit_stops: frozenset[str]        # characters that never stand inside a unit name
    discipline: tuple[str, ...]
    roles: dict[str, tuple[str, ...]]
    violations: dict[str, tuple[str, ...]]
    penalties: dict[str, tuple[str, ...]]

    def is_surname(self, ch: str, strong: bool = False) -> bool:
        return ch in self.surnames or (strong and ch in self.weak_surnames)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project lexicon (loaded once)."""
    strong: list[str] = []
    weak: list[str] = []
    target = strong
    for line in (DICTS / "surnames.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("## ambiguous"):
            target = weak
            continue
        if not line.startswith("#"):
            target.extend(line.split())
    provinces: dict[str, str] = {}
    for line in (DICTS / "provinces.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        full, *short = line.split()
        for form in (full, *short):
            provinces[form] = full
    posts = _yaml("posts.yaml")
    roles = _yaml("roles.yaml")
    return Lexicon(
        surnames=frozenset(strong),
        weak_surnames=frozenset(weak) - frozenset(strong),
        compound_surnames=frozenset(_words(DICTS / "compound_surnames.txt")),
        provinces=provinces,
        post_heads=tuple(posts["heads"]),
        post_units=tuple(posts["units"]),
        post_prefixes=tuple(posts["prefixes"]),
        unit_heads=tuple(posts["unit_heads"]),
        open_head_end=str(posts["open_head_end"]),
        not_heads=frozenset(posts["not_heads"]),
        open_unit_ends=tuple(posts["open_unit_ends"]),
        unit_stops=frozenset(posts["unit_stops"]) | frozenset(" \n\t\r\u3000"),
        discipline=tuple(posts["discipline"]),
        roles={k: tuple(v) for k, v in roles.items()},
        violations={k: tuple(v) for k, v in _yaml("violations.yaml").items()},
        penalties={k: tuple(v) for k, v in _yaml("penalties.yaml").items()},
    )


@functools.lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The project-owned jieba tokenizer (default dictionary + ``notice_words.txt``)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    tok.load_userdict(str(DICTS / "notice_words.txt"))
    return tok


@functools.lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Part-of-speech tags of the project tokenizer's dictionary words."""
    import jieba.posseg

    return dict(jieba.posseg.POSTokenizer(tokenizer()).word_tag_tab)


def word_freq(word: str) -> int:
    """Dictionary frequency of ``word`` in the project tokenizer (0 if not a word)."""
    return int(tokenizer().FREQ.get(word) or 0)


def starts_word(text: str, at: int, min_freq: int = 10, max_len: int = 4) -> bool:
    """True when a dictionary word of 2+ characters starts at ``at``."""
    return any(word_freq(text[at:at + n]) >= min_freq for n in range(2, max_len + 1)
               if at + n <= len(text))
