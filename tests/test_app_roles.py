"""The app per role, through AppTest: the login gate, every page in every role, the role's limits
on the pages (analyst cannot reveal; trainer masked everywhere; investigator's reveal audited)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qinyou.access import audit, users
from qinyou.app.page import HIDDEN_FROM, MENU
from test_app import APP, page_text, sign_in
from test_app_pages import PAGES, SECRETS, build_county, open_card, person, settled
from test_detect import CADRE

ROLES = ("investigator", "analyst", "trainer")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_county(tmp_path_factory.mktemp("roles"))


def start(monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path, role: str | None) -> AppTest:
    monkeypatch.setenv("QINYOU_DB", str(county))
    monkeypatch.setenv("QINYOU_STORE", "embedded")
    monkeypatch.setenv("QINYOU_TRIAGE", str(tmp_path / "triage.jsonl"))
    monkeypatch.delenv("QINYOU_TRAINER", raising=False)
    if role:
        sign_in(monkeypatch, tmp_path, role)
    return AppTest.from_file(str(APP), default_timeout=60).run()


def shown_pages(role: str) -> list[str]:
    return [file.removesuffix(".py") for file, _, _ in MENU if role not in HIDDEN_FROM.get(file, frozenset())]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_in_every_role_masked(monkeypatch: pytest.MonkeyPatch, county: Path,
                                                 tmp_path: Path, role: str) -> None:
    at = start(monkeypatch, county, tmp_path, role)
    assert f"demo-{role}" in "\n".join(m.value for m in at.sidebar.markdown)
    assert set(shown_pages(role)) <= set(PAGES) and (role != "trainer" or "review" not in shown_pages(role))
    for page in shown_pages(role):
        at = at.switch_page(f"pages/{page}.py").run()
        settled(at)
        assert at.header, (role, page)
        text = page_text(at)
        assert not any(secret in text for secret in SECRETS), (role, page)
        if role == "trainer":
            assert "王建国" not in text and "王**" not in text, page  # notice-style: 王某某
        exports = [b for b in at.get("download_button")]
        assert bool(exports) == (role != "trainer" and page == "findings") or page == "queries", (role, page)


def test_the_analyst_has_no_reveal_form_and_the_trainer_no_switch_off(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    at = start(monkeypatch, county, tmp_path, "analyst")
    open_card(at, "王建国", person("王建国", county))
    settled(at)
    assert not [b for b in at.button if b.label == "显示 / reveal"]
    assert "this role sees personal data masked only" in page_text(at)
    at = start(monkeypatch, county, tmp_path, "trainer")
    assert not at.sidebar.toggle  # trainer mode is forced, no switch
    assert any("trainer mode is forced by 角色 / role trainer" in i.value for i in at.sidebar.info)
    at = at.switch_page("pages/queries.py").run()
    assert "this role runs saved queries only" in page_text(at) and not at.text_area


def test_an_investigator_reveal_on_the_card_is_audited_with_its_reason(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    """This county keeps no raw ID numbers (the default): revealing one says so; the name is revealed."""
    at = start(monkeypatch, county, tmp_path, "investigator")
    pid = person("王建国", county)
    open_card(at, "王建国", pid)
    at.radio(key="reveal_field").set_value("idno")
    at.text_input(key="reveal_reason").input("线索 kin_benefit 核查")
    next(b for b in at.button if b.label == "显示 / reveal").click().run()
    assert "not stored" in at.error[0].value and not at.success
    at.radio(key="reveal_field").set_value("name")
    at.text_input(key="reveal_reason").input("线索 kin_benefit 核查")
    next(b for b in at.button if b.label == "显示 / reveal").click().run()
    settled(at)
    assert at.success[0].value.startswith("姓名: 王建国")
    assert "人员卡片 / card: 王\\*\\*" in page_text(at)  # the rest of the card stays masked
    entries = list(audit.entries(tmp_path / "audit.jsonl"))
    assert [(e["action"], e["ok"]) for e in entries] == [("login", True), ("search", True), ("reveal", False),
                                                         ("reveal", True)]
    assert entries[-2]["params"] == {"person": pid, "field": "idno", "reason": "线索 kin_benefit 核查",
                                     "stored": False}
    assert entries[-1]["params"] == {"person": pid, "field": "name", "reason": "线索 kin_benefit 核查"}
    assert CADRE not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")


def test_login_form_refuses_a_wrong_password_audits_it_and_admits_the_right_one(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    users.add(tmp_path / "users.json", "zhang", "analyst", "correct horse")
    monkeypatch.setenv("QINYOU_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("QINYOU_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.delenv("QINYOU_DEMO_USER", raising=False)
    at = start(monkeypatch, county, tmp_path, None)
    assert not at.header and not at.dataframe  # nothing but the form
    for page in PAGES:  # a page asked for by name, before any login: the login form again, no data
        direct = AppTest.from_file(str(APP), default_timeout=60).switch_page(f"pages/{page}.py").run()
        assert not direct.exception and not direct.header and not direct.dataframe, page
        assert direct.text_input(key="login_password") is not None, page
    at.text_input(key="login_name").input("zhang")
    at.text_input(key="login_password").input("wrong horse")
    at.button[0].click().run()
    assert "wrong user name or password" in at.error[0].value
    at.text_input(key="login_name").input("zhang")
    at.text_input(key="login_password").input("correct horse")
    at.button[0].click().run()
    settled(at)
    assert "zhang" in "\n".join(m.value for m in at.sidebar.markdown) and at.header
    logins = [(e["user"], e["ok"]) for e in audit.entries(tmp_path / "audit.jsonl") if e["action"] == "login"]
    assert logins == [("zhang", False), ("zhang", True)]
    assert "horse" not in (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    next(b for b in at.sidebar.button if b.label.startswith("退出")).click().run()
    assert at.text_input(key="login_name") is not None and not at.header


def test_without_any_user_the_app_says_how_to_create_one(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("QINYOU_USERS", str(tmp_path / "none.json"))
    monkeypatch.setenv("QINYOU_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.delenv("QINYOU_DEMO_USER", raising=False)
    at = start(monkeypatch, county, tmp_path, None)
    assert not at.exception
    assert "no user is configured" in at.error[0].value and "qinyou users add" in at.info[0].value
    assert not at.text_input and not at.dataframe


def test_a_demo_user_name_that_is_not_a_demo_account_must_log_in(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    users.add(tmp_path / "users.json", "demo", "investigator", "a real password")
    monkeypatch.setenv("QINYOU_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("QINYOU_AUDIT", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("QINYOU_DEMO_USER", "demo")
    at = start(monkeypatch, county, tmp_path, None)
    assert at.text_input(key="login_password") is not None and not at.header
    assert json.loads((tmp_path / "users.json").read_text(encoding="utf-8"))["users"][0]["demo"] is False


def test_pages_act_through_the_session_not_around_it() -> None:
    """The acts a role limits or the audit must see are reached only through the Session."""
    import re

    from qinyou.resources import data_path

    guarded = re.compile(r"\bapi\.(search|run_query|run_cypher|judge|set_triage|undo_judgement|person_card)\b"
                         r"|\b(ledger_bytes|table_csv|table_xlsx)\b")
    app = Path(str(data_path("qinyou.app")))
    files = [*app.glob("*.py"), *(app / "pages").glob("*.py")]
    assert len(files) > 8
    offending = {f.name: guarded.findall(f.read_text(encoding="utf-8")) for f in files}
    assert not {k: v for k, v in offending.items() if v}


def test_a_trainer_s_saved_query_masks_the_names_inside_its_cells(
        monkeypatch: pytest.MonkeyPatch, county: Path, tmp_path: Path) -> None:
    """case_list's titles and people hold the names the notice prints: notice-style for a trainer."""
    at = start(monkeypatch, county, tmp_path, "trainer")
    at = at.switch_page("pages/queries.py").run()
    at.selectbox(key="q_name").set_value("case_list").run()
    at.button[0].click().run()
    settled(at)
    table = at.dataframe[0].value.to_string()
    assert "优亲厚友" in table and "王某某" in table
    assert "王建国" not in table and "王建民" not in table
    at = start(monkeypatch, county, tmp_path, "analyst")  # outside trainer mode the published names stay
    at = at.switch_page("pages/queries.py").run()
    at.button[0].click().run()
    assert "王建国" in at.dataframe[0].value.to_string()
