"""亲友 qinyou — the Streamlit shell: navigation, sidebar and pages, over :mod:`qinyou.api`.

Each page is a small script in ``pages/`` that shows what a library function
returns; every page action has a CLI command (docs/cli.md). ``qinyou app``
serves this file; from a checkout, ``streamlit run app.py`` runs it through the
two-line shim there. The store comes from ``QINYOU_*`` settings.

No page runs before a login (:mod:`qinyou.app.auth`); the menu leaves out the
pages a role has no use for (:data:`HIDDEN_FROM`), and the pages themselves act
through the role-checking :class:`qinyou.access.session.Session`.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from qinyou.app import auth, common

PAGES = Path(__file__).resolve().parent / "pages"
#: (file in pages/, title, icon), in menu order
MENU = (
    ("search.py", "搜索与人员 / Search", ":material/search:"),
    ("graph.py", "关系图 / Graph", ":material/hub:"),
    ("findings.py", "问题线索 / Findings", ":material/flag:"),
    ("offenders.py", "屡查屡犯 / Repeat offenders", ":material/repeat:"),
    ("queries.py", "查询 / Saved queries", ":material/table:"),
    ("review.py", "身份核对 / Review", ":material/how_to_reg:"),
    ("ingest.py", "导入 / Ingest", ":material/upload_file:"),
    ("trainer.py", "培训 / Trainer walk", ":material/school:"),
    ("status.py", "存储状态 / Store", ":material/database:"),
)
#: pages a role does not see in its menu (its limits are checked by the session all the same)
HIDDEN_FROM = {"review.py": frozenset({"trainer"}), "ingest.py": frozenset({"trainer"})}


def main() -> None:
    st.set_page_config(page_title=common.TITLE, layout="wide")
    who = auth.gate(common.settings(), common.TITLE)
    if who is None:
        return  # the login page ran instead
    shown = [entry for entry in MENU if who.role not in HIDDEN_FROM.get(entry[0], frozenset())]
    pages = [st.Page(PAGES / file, title=title, icon=icon, default=i == 0)
             for i, (file, title, icon) in enumerate(shown)]
    st.navigation(pages).run()  # each page draws the sidebar itself (common.page)


if __name__ == "__main__":  # streamlit runs the page as __main__
    main()
