"""Sign-in for real: an OpenID Connect provider on loopback (oidc-provider-mock), the app with
access control on, and headless Chromium going through the provider's login form.

On the committed sample: a supervisor of Welwyn Hatfield sees only Welwyn Hatfield, down to
the rows of the case lists they download (and each download is audited); a chief officer
(board) is never shown the daily meeting, and no page or download they can reach carries a
crime reference. Nothing leaves loopback.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.dashboards.browser import CHROMIUM, FLAGS, each_part, free_port, serve, wait_idle

pytestmark = pytest.mark.slow
CRIME_REF = re.compile(r"\b42/\d{6}/\d{2}\b")  # the sample force's references
WELWYN_HATFIELD = "E07000241"
ROLES = f"""
[users."sam@force.example"]
role = "supervisor"
areas = ["{WELWYN_HATFIELD}"]

[groups."chief-officers"]
role = "board"
"""
PEOPLE = {
    "sam": {"email": "sam@force.example", "email_verified": True, "name": "Sam Supervisor"},
    "cc": {
        "email": "cc@force.example",
        "email_verified": True,
        "name": "Chris Chief",
        "groups": ["chief-officers"],
    },
    "eve": {"email": "eve@elsewhere.example", "email_verified": True, "name": "Eve"},
}


@pytest.fixture(scope="module")
def app(sample_db, tmp_path_factory):
    """The app with sign-in through a provider on loopback; yields (url, audit file)."""
    import oidc_provider_mock

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    folder = tmp_path_factory.mktemp("signin")
    users = [oidc_provider_mock.User(sub=sub, claims=claims) for sub, claims in PEOPLE.items()]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        port = free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-secret-that-is-long-enough"\n'
            'client_id = "stalking-dashboard"\n'
            'client_secret = "test-only"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}'
            '/.well-known/openid-configuration"\n'
        )
        (folder / "roles.toml").write_text(ROLES)
        audit = folder / "audit.sqlite"
        env = {"STALKING_ROLES": str(folder / "roles.toml"), "STALKING_AUDIT_DB": str(audit)}
        with serve(sample_db, port, env, ("--secrets.files", str(secrets))):
            yield f"http://localhost:{port}", audit


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        # Nothing leaves loopback (the test provider's own login page links a CDN stylesheet).
        context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda r: r.abort())
        page = context.new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith(
                    ("http://localhost", "http://127.0.0.1", "data:", "blob:", "about:")
                )
                else None
            ),
        )
        page.outside = outside
        yield page
        browser.close()


def sign_in(page, url: str, who: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_role("button", name="Sign in").click()
    page.fill("input[name=sub]", who)  # the provider's login form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)
    page.outside.clear()  # from here on, only the app's own requests count


def nav_links(page):
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [links.nth(i) for i in range(links.count())]


DOWNLOADS = '[data-testid="stDownloadButton"] button, [class*="st-key-deliver-"] button'


def downloads(page) -> list[tuple[str, str]]:
    """Click every download button on the page (aggregate exports, and the case-level files
    made when asked); (file name, text) of each file."""
    found = []
    for i in range(page.locator(DOWNLOADS).count()):
        with page.expect_download() as event:
            page.locator(DOWNLOADS).nth(i).click()
        download = event.value
        data = Path(download.path()).read_bytes()
        found.append((download.suggested_filename, data.decode("utf-8-sig", errors="replace")))
        wait_idle(page)
    return found


def test_a_supervisor_sees_only_their_area_and_downloads_are_audited(app, browser_page):
    url, audit = app
    page = browser_page
    sign_in(page, url, "sam")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    # the address reads as text, with an invisible word joiner that keeps it from being a link
    assert "sam@force.example · supervisor" in sidebar.replace("\u2060", "")
    # the area filter offers their area alone
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"] input').click()
    options = page.locator('[role="option"]').all_inner_texts()
    assert options == ["Welwyn Hatfield"]
    page.keyboard.press("Escape")
    files = dict(downloads(page))  # on the daily meeting: the pack and the case list
    rows = list(
        csv.DictReader(
            line
            for line in io.StringIO(files["daily-meeting-cases.csv"])
            if not line.startswith("#")
        )
    )
    assert rows and {r["area_code"] for r in rows} == {WELWYN_HATFIELD}
    from queries import audit as trail

    done = [r for r in trail.rows(audit) if r["action"] == "download"]
    assert done and done[0]["user"] == "sam@force.example"
    assert done[0]["what"] == "daily-meeting-cases.csv" and done[0]["rows"] == len(rows)
    assert page.outside == []


def test_a_board_member_never_sees_a_crime_reference(app, browser_page):
    url, _ = app
    page = browser_page
    sign_in(page, url, "cc")
    titles = [link.inner_text().strip().splitlines()[-1] for link in nav_links(page)]
    assert "Daily meeting" not in titles and "Performance board" in titles
    checked = []
    for i in range(len(titles)):
        nav_links(page)[i].click()
        wait_idle(page)
        for part in each_part(page):  # every part of a page drawn in parts
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert not CRIME_REF.search(text), (titles[i], part, CRIME_REF.search(text).group(0))
            for name, content in downloads(page):
                assert not CRIME_REF.search(content), (titles[i], part, name)
                checked.append(name)
    # the aggregate exports they can reach (FOI, outcomes, hotspots, victims) were all read
    assert {"stalking-foi.csv", "stalking-foi.xlsx", "stalking-hotspots.csv"} <= set(checked)
    assert page.outside == []


def test_someone_without_a_role_sees_no_data(app, browser_page):
    url, _ = app
    page = browser_page
    sign_in(page, url, "eve")
    assert "gives you no role" in page.locator('[data-testid="stMain"]').inner_text()
    assert page.locator('[data-testid="stMetric"], [data-testid="stDataFrame"]').count() == 0
