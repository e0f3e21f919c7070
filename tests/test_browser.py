"""The real app in a real headless Chromium: it asks for a login, renders offline, masks, searches,
and an investigator reveals one field with a reason; every page opens in every role that may see
it (investigator, analyst, trainer), with a screenshot of each (``ROLE-PAGE.png``).

Starts ``streamlit run app.py`` on a free port over a store built here, and
drives it with selenium. Skipped when chromium/chromedriver are missing,
unless ``CI`` is set: then their absence is a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from serving import free_port, wait_until_serving
from test_app import APP, HOSTILE, IDNO_BROTHER, IDNO_HEAD, build_store
from test_app_pages import PAGES, SECRETS, build_county
from test_app_roles import shown_pages

#: where the page screenshots go ($QINYOU_SCREENSHOTS, else the test's temporary directory)
SCREENSHOTS = os.environ.get("QINYOU_SCREENSHOTS")

pytestmark = pytest.mark.browser

USER, PASSWORD = "zhang", "correct horse battery"
#: one user per role in the served app's user list (the investigator is USER)
ROLE_USERS = {"investigator": USER, "analyst": "li", "trainer": "wu"}
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver")
STARTUP_SECONDS = 30
WAIT_SECONDS = 20


def require_browser() -> tuple[str, str]:
    if CHROMIUM and CHROMEDRIVER:
        return CHROMIUM, CHROMEDRIVER
    missing = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {missing}")
    pytest.skip(missing)


@pytest.fixture()
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app over a fresh village store, served by a real streamlit process."""
    yield from serve(tmp_path, build_store(tmp_path / "db"))


@pytest.fixture()
def county_url(tmp_path: Path) -> Iterator[str]:
    """The app over the small county of test_app_pages (rosters and a notice)."""
    yield from serve(tmp_path, build_county(tmp_path))


def serve(tmp_path: Path, db: Path) -> Iterator[str]:
    require_browser()
    from qinyou.access import users

    port = free_port()
    for role, user in ROLE_USERS.items():
        users.add(tmp_path / "users.json", user, role, PASSWORD)
    env = dict(os.environ, QINYOU_DB=str(db), QINYOU_STORE="embedded",
               QINYOU_TRIAGE=str(tmp_path / "triage.jsonl"), QINYOU_USERS=str(tmp_path / "users.json"),
               QINYOU_AUDIT=str(tmp_path / "audit.jsonl"))
    env.pop("QINYOU_DEMO_USER", None)
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
         "--client.toolbarMode", "viewer"],  # as `qinyou app` serves it: no developer menu, no Deploy
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(proc, url, STARTUP_SECONDS, tmp_path / "streamlit.log")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    chromium, chromedriver = require_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                "--window-size=1400,1100"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def shots(tmp_path: Path) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(driver: WebDriver, url: str, folder: Path | None = None, user: str = USER) -> None:
    """Open the app, see the login page (nothing else), log in as ``user`` of :func:`serve`."""
    wait = WebDriverWait(driver, WAIT_SECONDS)
    driver.get(url)
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="用户名 / user"]')))
    assert not driver.find_elements(By.CSS_SELECTOR, "h2")  # no page before the login
    if folder is not None:
        driver.save_screenshot(str(folder / "login.png"))
    box.send_keys(user)
    driver.find_element(By.CSS_SELECTOR, 'input[aria-label="密码 / password"]').send_keys(PASSWORD)
    driver.find_element(By.XPATH, "//button[contains(., '登录 / log in')]").click()
    wait.until(ec.presence_of_element_located((By.XPATH, f"//*[contains(text(), '{user}')]")))


def log_out(driver: WebDriver) -> None:
    """The sidebar's log-out button: back at the login form."""
    wait = WebDriverWait(driver, WAIT_SECONDS)
    wait.until(ec.element_to_be_clickable((By.XPATH, "//button[contains(., '退出 / log out')]"))).click()
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, 'input[aria-label="用户名 / user"]')))


def go(driver: WebDriver, page: str) -> None:
    """Open a page by its link in the sidebar menu (the session, and so the login, is kept)."""
    wait = WebDriverWait(driver, WAIT_SECONDS)
    links = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]'))
    link = next(a for a in links if (a.get_attribute("href") or "").rstrip("/").endswith(f"/{page}")
                or (page == PAGES[0] and (a.get_attribute("href") or "").count("/") == 3))
    link.click()


def open_and_shoot(driver: WebDriver, page: str, shot: Path) -> str:
    """Open ``page`` from the menu, wait until it has drawn, check no exception shows, save ``shot``;
    returns the page's source."""
    wait = WebDriverWait(driver, WAIT_SECONDS)
    go(driver, page)
    wait.until(lambda d: d.current_url.rstrip("/").endswith(page) or page == PAGES[0])
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "h2")))
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))
    time.sleep(2.0 if page in ("graph", "findings", "trainer") else 1.0)  # let iframes and tables draw
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]'), page
    driver.save_screenshot(str(shot))
    return driver.page_source


def test_every_page_opens_in_every_role_without_an_exception(county_url: str, browser: WebDriver,
                                                             tmp_path: Path) -> None:
    """Each role logs in and opens each page its menu offers: the header shows, no exception, nothing
    unmasked (and in trainer mode no name even half-masked); a screenshot of each ``ROLE-PAGE.png``.
    A role's menu leaves out the pages it may not use."""
    driver = browser
    wait = WebDriverWait(driver, WAIT_SECONDS)
    folder = shots(tmp_path)
    for i, (role, user) in enumerate(ROLE_USERS.items()):
        log_in(driver, county_url, folder if i == 0 else None, user=user)
        links = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]'))
        assert len(links) == len(shown_pages(role)), role
        for page in shown_pages(role):
            source = open_and_shoot(driver, page, folder / f"{role}-{page}.png")
            for secret in SECRETS:
                assert secret not in source, (role, page, secret)
            if role == "trainer":
                assert "王建国" not in source and "王**" not in source, page  # notice-style: 王某某
        # a saved query run: its first page as a table, with the page controls, masked for the role
        go(driver, "queries")
        wait.until(ec.element_to_be_clickable((By.XPATH, "//button[contains(., '运行 / run (read-only)')]"))).click()
        table = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, '[data-testid="stDataFrame"]')))
        wait.until(ec.presence_of_element_located((By.XPATH, "//*[contains(text(), '下一页 / next')]")))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", table)
        time.sleep(1.0)
        assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]'), role
        assert not any(secret in driver.page_source for secret in SECRETS), role
        driver.save_screenshot(str(folder / f"{role}-queries-run.png"))
        if role == "investigator":  # a finding opened: its path drawn and its evidence listed
            go(driver, "findings")
            path = wait.until(ec.presence_of_element_located((By.XPATH, "//*[contains(text(), '路径 / path')]")))
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", path)
            time.sleep(2.0)
            driver.save_screenshot(str(folder / "investigator-findings-open.png"))
            assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
        log_out(driver)


def test_the_app_renders_masks_searches_and_reveals(app_url: str, browser: WebDriver,
                                                    tmp_path: Path) -> None:
    driver = browser
    wait = WebDriverWait(driver, WAIT_SECONDS)
    graph_frame = (By.CSS_SELECTOR, 'iframe[title="关系图 / graph"]')

    def text_shown(text: str) -> None:
        wait.until(ec.presence_of_element_located((By.XPATH, f"//*[contains(text(), '{text}')]")))

    def graph_data() -> dict[str, Any]:
        """The drawn graph, read inside its iframe once vis-network has built it."""
        driver.switch_to.frame(wait.until(ec.presence_of_element_located(graph_frame)))
        try:
            wait.until(lambda d: d.execute_script("return typeof network !== 'undefined' && !!network;"))
            assert driver.find_elements(By.CSS_SELECTOR, "#mynetwork canvas")
            return driver.execute_script("""
                return {
                  labels: nodes.get().map(n => n.label),
                  tips: nodes.get().map(n => n.title ? n.title.textContent : ''),
                  injected: nodes.get().filter(n => n.title && n.title.querySelector('img, script')).length,
                  pwned: document.body.dataset.pwned || null,
                };""")
        finally:
            driver.switch_to.default_content()

    # the graph page around the case: offline, schema colours, masked personal data, escaped names
    log_in(driver, app_url)
    go(driver, "graph")
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label^="中心节点"]')))
    box.send_keys("优亲厚友", Keys.ENTER)
    text_shown("节点 nodes")
    time.sleep(1.5)
    drawn = graph_data()
    assert "王**" in drawn["labels"]
    assert any(str(label).startswith("<img src=x") for label in drawn["labels"])  # text, not markup
    assert drawn["injected"] == 0 and drawn["pwned"] is None
    assert any("350102********1234" in str(tip) for tip in drawn["tips"])
    assert any(HOSTILE in str(tip) for tip in drawn["tips"])  # shown literally in its tooltip
    driver.save_screenshot(str(tmp_path / "graph.png"))
    source = driver.page_source
    assert IDNO_HEAD not in source and IDNO_BROTHER not in source

    # search by name: one masked match and its card
    go(driver, "search")
    box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label="搜索 / search"]')))
    box.send_keys("王建军", Keys.ENTER)
    text_shown("1 个结果 / matches")
    text_shown("人员卡片")
    driver.save_screenshot(str(tmp_path / "search.png"))
    assert IDNO_BROTHER not in driver.page_source

    # an investigator reveals the ID number, giving a reason: that one field is shown, and logged
    driver.find_element(By.XPATH, "//summary[contains(., 'reveal one field')]").click()
    reason = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'input[aria-label^="理由"]')))
    reason.send_keys("案件 D001 核查")
    driver.find_element(By.XPATH, "//button[contains(., '显示 / reveal')]").click()
    wait.until(lambda d: IDNO_BROTHER in d.page_source)
    driver.save_screenshot(str(tmp_path / "revealed.png"))
    logged = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert '"action": "reveal"' in logged and "案件 D001 核查" in logged and IDNO_BROTHER not in logged


def test_ingest_page_uploads_a_roster_and_shows_counts_and_rejects(county_url: str, browser: WebDriver,
                                                                   tmp_path: Path) -> None:
    """Upload a GB18030 roster with one bad row through the browser: counts and the rejected row show."""
    from test_app_ingest import DIBAO_WITH_BAD_ROW

    roster = tmp_path / "upload" / "低保新增.csv"
    roster.parent.mkdir()
    roster.write_bytes(("\n".join(DIBAO_WITH_BAD_ROW) + "\n").encode("gb18030"))
    driver = browser
    wait = WebDriverWait(driver, WAIT_SECONDS * 3)
    log_in(driver, county_url)
    go(driver, "ingest")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, 'input[type="file"]'))).send_keys(str(roster))
    wait.until(ec.presence_of_element_located((By.XPATH, "//*[contains(text(), '低保新增.csv')]")))
    driver.find_element(By.XPATH, "//button[contains(., '导入 / load')]").click()
    wait.until(ec.presence_of_element_located((By.XPATH, "//*[contains(text(), '拒绝的行 / rejected rows')]")))
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))
    time.sleep(1.5)
    driver.save_screenshot(str(shots(tmp_path) / "ingest-loaded.png"))
    assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    source = driver.page_source
    assert "nothing changed" in source or "created" in source
    for secret in SECRETS:
        assert secret not in source, secret
