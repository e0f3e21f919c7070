"""Who may see what: roles hold in the library (Session), users' passwords are Argon2id hashes,
the audit log is appended for every search, query, export, reveal, judgement and login, and
rewriting it is found; the command line's users and audit commands."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from argon2 import PasswordHasher

from qinyou import api
from qinyou.access import audit, users
from qinyou.access.roles import Principal
from qinyou.access.session import Session
from qinyou.cli import main
from qinyou.errors import AccessError, LoginError, QueryError
from qinyou.explore.findings import Filters
from qinyou.settings import Settings, load
from qinyou.stores import open_store
from test_app_pages import SECRETS, build_county
from test_detect import BROTHER, CADRE


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The county of test_app_pages, with raw ID numbers kept (QINYOU_STORE_IDNO=on), so there is one to reveal."""
    import os

    os.environ["QINYOU_STORE_IDNO"] = "on"
    try:
        return build_county(tmp_path_factory.mktemp("access"))
    finally:
        del os.environ["QINYOU_STORE_IDNO"]


@pytest.fixture()
def settings(county: Path, tmp_path: Path) -> Settings:
    return load(db_path=county, users_file=tmp_path / "users.json", audit_file=tmp_path / "audit.jsonl",
                triage_file=tmp_path / "triage.jsonl")


def as_(settings: Settings, role: str) -> Session:
    return Session(settings, Principal(f"u-{role}", role))


def roster_person(settings: Settings, text: str) -> str:
    return next(n.id for n in api.search(text, settings) if n.label == "Person" and n.props.get("idno"))


def logged(settings: Settings) -> list[dict[str, object]]:
    return list(audit.entries(settings.audit_path))


# -- roles in the library -----------------------------------------------------------------

def test_an_investigator_reveals_one_field_of_one_person_with_a_reason(settings: Settings) -> None:
    me, pid = as_(settings, "investigator"), roster_person(settings, "王建民")
    with pytest.raises(AccessError, match="reason"):
        me.reveal(pid, "idno", "  ")
    assert me.reveal(pid, "idno", "案件 D001 入户核查") == BROTHER
    assert me.reveal(pid, "name", "案件 D001 入户核查") == "王建民"
    with pytest.raises(AccessError, match="only idno, name"):
        me.reveal(pid, "birth_date", "案件 D001 入户核查")
    with pytest.raises(QueryError, match="no person"):
        me.reveal("Person:nobody", "idno", "案件 D001 入户核查")
    reveals = [e for e in logged(settings) if e["action"] == "reveal"]
    assert [e["ok"] for e in reveals] == [False, True, True]
    assert reveals[1]["params"] == {"person": pid, "field": "idno", "reason": "案件 D001 入户核查"}
    text = settings.audit_path.read_text(encoding="utf-8")
    assert BROTHER not in text and "王建民" not in text  # never the revealed value


def test_a_notice_person_has_no_id_number_to_reveal(settings: Settings) -> None:
    notice = next(n.id for n in api.search("王建国", settings) if n.label == "Person" and not n.props.get("idno"))
    with pytest.raises(QueryError, match="not stored"):
        as_(settings, "investigator").reveal(notice, "idno", "案件 D001 入户核查")


def test_an_analyst_may_not_reveal_but_queries_and_exports_masked(settings: Settings) -> None:
    me, pid = as_(settings, "analyst"), roster_person(settings, "王建民")
    with pytest.raises(AccessError, match="analyst.*may not reveal"):
        me.reveal(pid, "idno", "想看看 just curious")
    with pytest.raises(AccessError):
        me.unmasked("query", {"name": "kin_benefit"}, "想看看 just curious")
    answer = me.query("kin_benefit")
    assert answer.rows and not any(s in json.dumps(answer.rows, ensure_ascii=False) for s in SECRETS)
    with open_store(settings, read_only=True) as store:
        cypher = me.cypher("MATCH (p:Person) WHERE p.idno IS NOT NULL "
                           "RETURN p.idno AS x, p.name AS name, 'id ' + p.idno AS y, p", store)
    dumped = json.dumps(cypher.rows, ensure_ascii=False)
    assert not any(s in dumped for s in SECRETS)  # ID numbers renamed, inside text, in nodes: masked
    assert cypher.rows and all(r["name"].endswith("*") and r["p"]["name"].endswith("*") for r in cypher.rows)
    book = openpyxl.load_workbook(io.BytesIO(me.export_table(answer.rows, answer.columns, "xlsx", "kin_benefit")))
    assert not any(s in str(c.value) for row in book.active.iter_rows() for c in row for s in SECRETS)
    refused = [e for e in logged(settings) if not e["ok"]]
    assert [e["action"] for e in refused] == ["reveal", "reveal"]


def test_a_trainer_is_masked_notice_style_and_may_not_export_cypher_judge_or_reveal(settings: Settings) -> None:
    me, pid = as_(settings, "trainer"), roster_person(settings, "王建民")
    assert me.trainer and me.masking().trainer and not me.masking().reveal
    card = me.card(pid)
    assert card.name == "王某某" and BROTHER not in card.idno
    hits = me.search("王建国")
    assert {h.props.get("name") for h in hits if h.label == "Person"} == {"王某某"}
    for refused in (lambda: me.reveal(pid, "idno", "培训演示 training"),
                    lambda: me.export_ledger(api.all_findings(settings), "csv"),
                    lambda: me.export_table([], [], "csv", "x"),
                    lambda: me.judge(pid, pid, "same"),
                    lambda: me.triage("kin_benefit:x", "confirmed"),
                    lambda: me.cypher("MATCH (n) RETURN n LIMIT 1", None)):  # type: ignore[arg-type]
        with pytest.raises(AccessError, match="trainer"):
            refused()
    rows = me.query("kin_benefit").rows
    assert rows and all("某" in str(r.get("cadre_name", "某")) for r in rows)


def test_qinyou_trainer_forces_every_role_into_trainer_mode(settings: Settings) -> None:
    import dataclasses

    forced = Session(dataclasses.replace(settings, trainer=True), Principal("z", "investigator"))
    with pytest.raises(AccessError, match="trainer mode"):
        forced.reveal(roster_person(settings, "王建民"), "idno", "案件 D001 入户核查")


# -- the audit log -----------------------------------------------------------------------

def test_every_search_query_export_reveal_judgement_and_failed_login_is_audited(settings: Settings) -> None:
    users.add(settings.users_path, "zhang", "investigator", "correct horse")
    with pytest.raises(LoginError):
        users.authenticate(settings.users_path, settings.audit_path, "zhang", "wrong horse")
    me = Session(settings, users.authenticate(settings.users_path, settings.audit_path, "zhang", "correct horse"))
    me.search(CADRE)  # an ID number typed into the search box
    me.query("kin_benefit", {"place": "柳溪村"})
    found = api.all_findings(settings, Filters(["kin_benefit"]))
    me.export_ledger(found, "csv")
    pid, other = roster_person(settings, "王建民"), roster_person(settings, "王建国")
    me.reveal(pid, "idno", "案件 D001 入户核查")
    me.judge(pid, other, "different")
    me.triage(found[0]["id"], "confirmed", "已核实")
    entries = logged(settings)
    assert [(e["action"], e["ok"]) for e in entries] == [
        ("login", False), ("login", True), ("search", True), ("query", True), ("export", True),
        ("reveal", True), ("judge", True), ("triage", True)]
    assert all(e["user"] == "zhang" and e["role"] == "investigator" for e in entries)
    assert all(dt.datetime.fromisoformat(str(e["time"])).tzinfo for e in entries)
    by = {e["action"]: e["params"] for e in entries}
    assert by["query"] == {"name": "kin_benefit", "params": {"place": "柳溪村"}, "rows": by["query"]["rows"]}  # type: ignore[index]
    assert by["search"]["text"] == CADRE[:6] + "********" + CADRE[-4:]  # type: ignore[index]
    assert by["judge"] == {"a": pid, "b": other, "verdict": "different", "by": "zhang"}
    text = settings.audit_path.read_text(encoding="utf-8")
    assert CADRE not in text and "correct horse" not in text and "wrong horse" not in text
    assert audit.verify(settings.audit_path).ok


def test_rewriting_the_audit_log_is_found(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    for i in range(4):
        audit.record(log, "zhang", "analyst", "search", {"text": f"王{i}"})
    assert audit.verify(log).ok and audit.verify(log).entries == 4
    lines = log.read_text(encoding="utf-8").splitlines()
    edited = lines[1].replace("王1", "李1")
    log.write_text("\n".join([lines[0], edited, *lines[2:]]) + "\n", encoding="utf-8")
    assert audit.verify(log).broken_at == 2 and "changed" in audit.verify(log).problem
    log.write_text("\n".join([lines[0], *lines[2:]]) + "\n", encoding="utf-8")  # a line removed
    assert audit.verify(log).broken_at == 2 and "link" in audit.verify(log).problem
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert audit.verify(log).ok


def test_the_log_is_appended_across_processes_in_one_chain(tmp_path: Path) -> None:
    import subprocess
    import sys

    log = tmp_path / "audit.jsonl"
    code = ("import sys; from pathlib import Path; from qinyou.access import audit\n"
            "for i in range(40): audit.record(Path(sys.argv[1]), sys.argv[2], 'analyst', 'search', {'i': i})")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(log), f"p{n}"]) for n in range(3)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    verdict = audit.verify(log)
    assert verdict.ok and verdict.entries == 120


# -- users --------------------------------------------------------------------------------

def test_users_are_kept_as_argon2id_hashes_and_failures_are_throttled(tmp_path: Path) -> None:
    path, log = tmp_path / "users.json", tmp_path / "audit.jsonl"
    users.add(path, "li", "analyst", "s3cret-pass")
    stored = path.read_text(encoding="utf-8")
    assert "s3cret-pass" not in stored
    digest = json.loads(stored)["users"][0]["hash"]
    assert digest.startswith("$argon2id$") and PasswordHasher().verify(digest, "s3cret-pass")
    with pytest.raises(AccessError, match="at least 8"):
        users.add(path, "wang", "analyst", "short")
    with pytest.raises(AccessError, match="exists"):
        users.add(path, "li", "trainer", "s3cret-pass")
    with pytest.raises(LoginError, match="wrong"):
        users.authenticate(path, log, "nobody", "s3cret-pass")
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(LoginError, match="wrong"):
            users.authenticate(path, log, "li", "guess-guess")
    with pytest.raises(LoginError, match="too many"):
        users.authenticate(path, log, "li", "s3cret-pass")  # the right password, too late
    later = dt.datetime.now(dt.timezone.utc) + users.FAILURE_WINDOW + dt.timedelta(seconds=1)
    assert users.recent_failures(log, "li", later) == 0
    users.set_role(path, "li", "trainer")
    users.set_password(path, "li", "another-pass")
    assert users.load(path)["li"].role == "trainer"
    users.remove(path, "li")
    assert users.load(path) == {}
    with pytest.raises(LoginError, match="not a demo"):
        users.demo_login(path, log, "li")


def test_cli_users_and_audit(settings: Settings, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QINYOU_USERS", str(settings.users_path))
    monkeypatch.setenv("QINYOU_AUDIT", str(settings.audit_path))
    monkeypatch.setenv("QINYOU_TRIAGE", str(settings.triage_file))
    db = ["--db", str(settings.db_path)]
    monkeypatch.setattr("sys.stdin", io.StringIO("pass-word-1\n"))
    assert main([*db, "users", "add", "zhao", "--role", "analyst", "--password-stdin"]) == 0
    assert main([*db, "users", "list", "--format", "json"]) == 0
    out = capsys.readouterr()
    assert '"zhao"' in out.out and "pass-word-1" not in out.out + out.err and "argon2" not in out.out
    assert main([*db, "users", "role", "zhao", "trainer"]) == 0
    monkeypatch.setenv("QINYOU_ROLE", "analyst")
    assert main([*db, "query", "kin_benefit", "--reveal", "--reason", "想看看 curious"]) == 2
    assert "may not reveal" in capsys.readouterr().err
    monkeypatch.setenv("QINYOU_ROLE", "investigator")
    assert main([*db, "query", "kin_benefit", "--reveal"]) == 2
    assert "--reason" in capsys.readouterr().err
    assert main([*db, "search", "王建民"]) == 0
    capsys.readouterr()
    assert main([*db, "audit", "tail", "--format", "json"]) == 0
    tail = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["action"], e["ok"]) for e in tail] == [("users", True), ("users", True), ("reveal", False),
                                                      ("reveal", False), ("search", True)]
    assert tail[-1]["user"].startswith("os:") and tail[-1]["role"] == "investigator"
    assert main([*db, "audit", "verify"]) == 0
    lines = settings.audit_path.read_text(encoding="utf-8").splitlines()
    settings.audit_path.write_text("\n".join(lines[:2] + lines[3:]) + "\n", encoding="utf-8")
    assert main([*db, "audit", "verify"]) == 1
    assert "entry 3" in capsys.readouterr().err


def test_qinyou_demo_creates_a_demo_account_logged_in_only_when_local(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from qinyou.commands.serve import DEMO_USER, demo_account

    settings = load(db_path=tmp_path / "db", users_file=tmp_path / "users.json")
    local = demo_account(settings, "127.0.0.1")
    assert local.demo_user == DEMO_USER and "DEMO account" in capsys.readouterr().err
    made = users.load(settings.users_path)[DEMO_USER]
    assert made.demo and made.role == "investigator" and made.hash.startswith("$argon2id$")
    assert demo_account(settings, "0.0.0.0").demo_user is None  # reachable from elsewhere: log in
    assert "not logged in by itself" in capsys.readouterr().err
    other = load(db_path=tmp_path / "db2", users_file=tmp_path / "real.json")
    users.add(other.users_path, DEMO_USER, "analyst", "a real password")
    assert demo_account(other, "127.0.0.1").demo_user is None  # a real user called demo is never auto-logged-in


def test_ingest_is_limited_by_role_and_audited_without_its_cells(tmp_path: Path) -> None:
    from test_detect import DIBAO

    s = load(db_path=tmp_path / "db", users_file=tmp_path / "users.json", audit_file=tmp_path / "audit.jsonl",
             triage_file=tmp_path / "triage.jsonl")
    upload = [("低保.csv", ("\n".join(DIBAO) + "\n").encode("gb18030"))]
    with pytest.raises(AccessError, match="trainer"):
        as_(s, "trainer").ingest(upload, detect=False)
    assert not (tmp_path / "db").exists()
    summary = as_(s, "analyst").ingest(upload, detect=False)
    loaded = sum(r.loaded for r in summary.reports)
    assert loaded == len(DIBAO) - 1  # every data row below the header
    entries = logged(s)
    assert [(e["action"], e["ok"], e["role"]) for e in entries] == [
        ("ingest", False, "trainer"), ("ingest", True, "analyst")]
    assert entries[1]["params"]["loaded"] == loaded  # type: ignore[index]
    assert entries[1]["params"]["files"] == [{"name": "低保.csv", "bytes": len(upload[0][1])}]  # type: ignore[index]
    text = s.audit_path.read_text(encoding="utf-8")
    personal = {cell for line in DIBAO[1:] for cell in line.split(",")[3:7]}  # names and ID numbers
    assert personal and not any(cell in text for cell in personal)
