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


def gate(s: Settings, title: str) -> Principal | None:
    """The logged-in user; else ``None`` after drawing the login page as the app's only page.

    The login page goes through ``st.navigation`` too: a run that calls no navigation
    would let Streamlit fall back to running ``pages/*.py`` by itself, past the gate.
    """
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
        return current()

    def login_page() -> None:
        _login(s, title, bool(known))

    st.navigation([st.Page(login_page, title=LOGIN_LABEL, icon=":material/login:", default=True)],
                  position="hidden").run()
    return None


def _login(s: Settings, title: str, any_user: bool) -> None:
    st.title(title)
    if not any_user:
        st.error("还没有用户 / no user is configured, so nobody can log in.")
        st.info("在服务器上创建一个用户 / create one on the server, then reload this page:\n\n"
                "`qinyou users add NAME --role investigator` (roles: investigator, analyst, trainer)\n\n"
                f"用户文件 / user file: `{s.users_path}`")
        return
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


def logout(s: Settings) -> None:
    who = current()
    if who is not None:
        audit.record(s.audit_path, who.user, who.role, "logout", {})
    for key in (KEY, "_searches", "_answers", "revealed", "trainer"):
        st.session_state.pop(key, None)


def badge(who: Principal) -> str:
    return f"**{who.user}** · {ROLE_ZH[who.role]} ({who.role})"
