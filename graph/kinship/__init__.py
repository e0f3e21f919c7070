"""Kinship algebra: relation words ↔ chains of primitive relations, composed along records.

Pure domain code on the graph floor, so that ingest (household KIN links, 备案
rows) and detection share one reading of the words:

* :mod:`.chain` — primitive steps (parent, child, spouse, sibling) with sex and age;
* :mod:`.vocabulary` — a relation word → every chain it can denote (python3-relationship
  plus the register's own forms: 户主, 长子, 养女, 孙媳妇或外孙媳妇 …);
* :mod:`.table` — the library's answers for its short terms, written ahead of time;
* :mod:`.compose` — chains of record facts → every reading the records allow;
* :mod:`.words` — a reading → the word the cadre would use (岳母, 妻弟, 外孙女 …);
* :mod:`.scope` — the legal 近亲属 presets (``scopes.yaml``);
* :mod:`.sex` — sex and birth date from an ID number.
"""
from __future__ import annotations

from qinyou.graph.kinship.chain import Chain, Step
from qinyou.graph.kinship.compose import Fact, Hop, Node, readings_of_path
from qinyou.graph.kinship.scope import Scope, scope, scopes
from qinyou.graph.kinship.vocabulary import readings, known
from qinyou.graph.kinship.words import standard, word

__all__ = ["Chain", "Step", "Fact", "Hop", "Node", "readings_of_path", "Scope", "scope", "scopes",
           "readings", "known", "standard", "word"]
