"""Detection: the six rules of findings.md over the graph, each finding with its evidence.

:func:`detect` reads what the rules need from a store (:mod:`.facts`, Cypher that
runs on both stores), composes kinship along households and 备案 rows in Python
(:mod:`.kin`, :mod:`qinyou.graph.kinship`) and returns findings in the schema of
findings.md (:mod:`.finding`); :mod:`.ledger` writes the clue ledger.
"""
from __future__ import annotations

from qinyou.detect.finding import Finding
from qinyou.detect.rules import RULES, detect

__all__ = ["Finding", "RULES", "detect"]
