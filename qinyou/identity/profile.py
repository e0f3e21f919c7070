"""What identity compares: a person as the graph describes them, and the features of a pair.

A :class:`Profile` is read from the store (:mod:`qinyou.identity.reading`): a
roster person (known by ID number) or a notice person (known by a document and a
name as written). :func:`compare` lists every feature that agreed or disagreed,
with its weight in log-odds; :func:`score` turns their sum into a probability.
The weights are set from what each agreement means in the field, not fitted:
two different cadres sharing a full name in one county are common, a village
that disagrees is strong evidence of two people, a relative named in both
places is strong evidence of one.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from qinyou.identity.names import NamePattern

LEVELS = ("county", "town", "village")
#: log-odds before any feature: most pairs that share a surname in a county are two people
PRIOR = -4.0
#: (level, agrees, disagrees): a village that disagrees is strong evidence of two people
PLACE_WEIGHTS = (("village", 3.5, -8.0), ("town", 1.5, -6.0), ("county", 0.5, -6.0))


@dataclass(frozen=True)
class Profile:
    """One person node as identity sees it."""

    id: str
    kind: str                                   # "roster" or "notice"
    name: NamePattern
    doc: str | None = None                      # the notice, for notice persons
    places: tuple[tuple[str, str], ...] = ()    # (level, name) for county / town / village
    posts: frozenset[str] = frozenset()         # titles without tenure prefixes
    years: frozenset[int] = frozenset()         # years the person is dated in (posts held, case, penalty)
    relatives: frozenset[str] = frozenset()     # names (or patterns) of relatives linked to them
    role: str = ""                              # a notice person's role: subject, relative, accomplice, other
    evidence: tuple[str, ...] = ()              # provenance strings

    def place(self, level: str) -> str | None:
        return self.place_map.get(level)

    @functools.cached_property
    def place_map(self) -> dict[str, str]:
        return dict(self.places)

    @functools.cached_property
    def titles(self) -> frozenset[str]:
        return frozenset(_title(t) for t in self.posts)

    @functools.cached_property
    def heads(self) -> frozenset[str]:
        return frozenset(_head(t) for t in self.posts)

    @functools.cached_property
    def kin(self) -> tuple[NamePattern, ...]:
        """The relatives' names as patterns (in the order of ``relatives``)."""
        return tuple(NamePattern.parse(x) for x in self.relatives)


@dataclass(frozen=True)
class Feature:
    """One reason for or against: ``weight`` > 0 agrees, < 0 disagrees."""

    name: str
    weight: float
    detail: str

    @property
    def agrees(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True)
class Comparison:
    a: str
    b: str
    features: tuple[Feature, ...] = field(default_factory=tuple)

    @property
    def score(self) -> float:
        return score(self.features)

    def agreed(self) -> list[Feature]:
        return [f for f in self.features if f.agrees]

    def disagreed(self) -> list[Feature]:
        return [f for f in self.features if not f.agrees]


def score(features: tuple[Feature, ...] | list[Feature]) -> float:
    """The probability that the pair is one person: logistic of prior plus weights.

    >>> round(score([]), 3)
    0.018
    >>> round(score([Feature("name", 4.0, ""), Feature("village", 4.0, "")]), 3)
    0.982
    """
    return 1.0 / (1.0 + math.exp(-(PRIOR + sum(f.weight for f in features))))


def _head(title: str) -> str:
    """The post's head noun, enough to compare 村党支部书记 with 党支部书记 and 书记."""
    for head in ("第一书记", "副书记", "书记", "副主任", "主任", "会计", "出纳", "报账员", "委员", "组长",
                 "网格员", "民政助理", "专干", "所长", "站长", "乡长", "镇长", "县长"):
        if title.endswith(head):
            return head
    return title[-2:]


def _title(title: str) -> str:
    """A village post without the 村 the notice may prefix: 村党支部书记 and 党支部书记 are one post."""
    return title.removeprefix("村") if len(title) > 3 else title


def name_feature(a: NamePattern, b: NamePattern) -> Feature:
    """How much two fitting names say: a same full name much, a mask by what it shows."""
    if a.same_text(b):
        return Feature("name", 3.0 + 0.5 * (len(a.given) - 1), f"same full name {a.text}")
    known = min(a.known_characters(), b.known_characters())
    exact_len = not a.open_length and not b.open_length
    return Feature("name", 0.8 * known + (0.5 if exact_len else 0.0), f"{a.text} fits {b.text}")


def compare(a: Profile, b: Profile) -> Comparison | None:
    """The features of a pair, or None when the names contradict (never a candidate)."""
    if not a.name.matches(b.name):
        return None
    out: list[Feature] = [name_feature(a.name, b.name)]
    for level, agree_w, differ_w in PLACE_WEIGHTS:
        x, y = a.place(level), b.place(level)
        if x and y:
            out.append(Feature(level, agree_w if x == y else differ_w,
                               f"{level} {x}" if x == y else f"{level} {x} ≠ {y}"))
    if a.posts and b.posts:
        titles_a, titles_b, heads_a, heads_b = a.titles, b.titles, a.heads, b.heads
        if same := sorted(titles_a & titles_b):
            out.append(Feature("post", 2.0, f"post {same[0]}"))
        elif shared := sorted(heads_a & heads_b):
            out.append(Feature("post", 1.0, f"post …{shared[0]}"))
        else:
            out.append(Feature("post", -2.0, f"posts {'/'.join(sorted(heads_a))} ≠ {'/'.join(sorted(heads_b))}"))
    if a.years and b.years:
        close = any(abs(x - y) <= 1 for x in a.years for y in b.years)
        out.append(Feature("dates", 0.7 if close else -0.7,
                           "dated in the same years" if close else
                           f"years {min(a.years)}–{max(a.years)} vs {min(b.years)}–{max(b.years)}"))
    kin_a, kin_b = a.kin, b.kin
    same_kin = sorted(x.text for x in kin_a for y in kin_b if x.same_text(y))
    if same_kin:
        out.append(Feature("relatives", 3.0, f"relative {same_kin[0]} named with both"))
    elif fitting := sorted(f"{x.text}~{y.text}" for x in kin_a for y in kin_b if x.matches(y)):
        out.append(Feature("relatives", 0.3, f"relatives {fitting[0]} may be one"))
    roles = {p.role for p in (a, b) if p.kind == "notice"}
    if "relative" in roles and (a.kind == "roster" or b.kind == "roster"):
        out.append(Feature("role", -3.0, "named in the notice as a relative, not as the official"))
    elif roles == {"relative", "subject"}:
        out.append(Feature("role", -1.5, "a relative in one notice, the official in the other"))
    return Comparison(a.id, b.id, tuple(out))
