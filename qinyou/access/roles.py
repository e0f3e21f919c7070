"""Roles and what each may do.

* **investigator** (调查人员): everything the app offers, and may reveal one field of one
  person at a time, giving a reason;
* **analyst** (分析人员): searches, saved and ad-hoc queries, exports, identity and triage
  judgements — always masked, never a reveal;
* **trainer** (培训人员): looks and walks through the case patterns, always masked
  notice-style (trainer mode forced on); no exports, no free Cypher, no judgements.
"""
from __future__ import annotations

from dataclasses import dataclass

from qinyou.errors import AccessError
from qinyou.settings import ROLES

ROLE_ZH = {"investigator": "调查人员", "analyst": "分析人员", "trainer": "培训人员"}
#: action → the roles allowed to do it (actions not listed are open to every role)
ALLOWED: dict[str, frozenset[str]] = {
    "reveal": frozenset({"investigator"}),
    "cypher": frozenset({"investigator", "analyst"}),
    "export": frozenset({"investigator", "analyst"}),
    "judge": frozenset({"investigator", "analyst"}),
    "triage": frozenset({"investigator", "analyst"}),
    "ingest": frozenset({"investigator", "analyst"}),
}
ACTION_ZH = {"reveal": "显示个人信息", "cypher": "自由 Cypher 查询", "export": "导出",
             "judge": "身份判断", "triage": "线索核查状态", "ingest": "导入数据"}


@dataclass(frozen=True)
class Principal:
    """Who acts: a user name and a role (checked on creation)."""

    user: str
    role: str
    #: a demo account (announced in the app)
    demo: bool = False

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise AccessError(f"unknown role {self.role!r}: one of {', '.join(ROLES)}")
        if not self.user.strip():
            raise AccessError("a user needs a name")

    @property
    def trainer(self) -> bool:
        """Trainer mode is forced for this role."""
        return self.role == "trainer"

    def may(self, action: str) -> bool:
        return self.role in ALLOWED.get(action, frozenset(ROLES))

    def require(self, action: str) -> None:
        """Refuse with a clear :class:`AccessError` when the role does not allow ``action``."""
        if not self.may(action):
            allowed = "、".join(ROLE_ZH[r] for r in ROLES if r in ALLOWED[action])
            raise AccessError(f"{ROLE_ZH[self.role]} ({self.role}) may not {action} "
                              f"({ACTION_ZH.get(action, action)}: only {allowed})", user=self.user)
