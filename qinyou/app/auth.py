"""The app's login: a local user list (``qinyou users add``), or the demo account of ``qinyou demo``.

Nobody sees a page before logging in. With no user configured, the app says how
to create one and shows nothing else (no open single-user mode: the data is
personal). ``qinyou demo`` marks its account as a demo and logs it in at once
(announced in the sidebar). Every login, failed ones too, goes to the audit log,
and repeated failures lock the name for a while (:mod:`qinyou.access.users`).
"""
from __future__ import annotations

import streamlit as st

from qinyou.access import audit, users
from qinyou.access.roles import ROLE_ZH, Principal
from qinyou.errors import QinyouError
from qinyou.settings import Settings

KEY = "principal"
LOGIN_LABEL = "登录 / log in"


def current() -> Principal | None:
    who = st.session_state.get(KEY)
    return who if isinstance(who, Principal) else None


def gate(s: Settings, title: str) -> Principal:
    """The logged-in user; else the login form (or how to create a user) and a stopped run."""
    who = current()
    if who is not None:
        return who
    try:
        known = users.load(s.users_path)
    except QinyouError as exc:
        st.error(str(exc))
        st.stop()
        raise
    if s.demo_user and s.demo_user in known and known[s.demo_user].demo:
        st.session_state[KEY] = users.demo_login(s.users_path, s.audit_path, s.demo_user)
        return st.session_state[KEY]
    st.title(title)
    if not known:
        st.error("还没有用户 / no user is configured, so nobody can log in.")
        st.info("在服务器上创建一个用户 / create one on the server, then reload this page:\n\n"
                "`qinyou users add NAME --role investigator` (roles: investigator, analyst, trainer)\n\n"
                f"用户文件 / user file: `{s.users_path}`")
        st.stop()
    with st.form("login"):
        st.subheader(LOGIN_LABEL)
        name = st.text_input("用户名 / user", key="login_name")
        password = st.text_input("密码 / password", type="password", key="login_password")
        pressed = st.form_submit_button(LOGIN_LABEL)
    if pressed:
        try:
            st.session_state[KEY] = users.authenticate(s.users_path, s.audit_path, name, password)
        except QinyouError as exc:
            st.error(str(exc))
        else:
            st.rerun()
    st.stop()
    raise RuntimeError("unreachable")  # st.stop() ends the run


def logout(s: Settings) -> None:
    who = current()
    if who is not None:
        audit.record(s.audit_path, who.user, who.role, "logout", {})
    for key in list(st.session_state):
        del st.session_state[key]


def badge(who: Principal) -> str:
    return f"**{who.user}** · {ROLE_ZH[who.role]} ({who.role})"
