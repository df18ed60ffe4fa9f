"""Sign-in fails closed (security pass, classes 1 and 8): any configuration that asks for
access control and cannot enforce it serves no data. The administrator's reason goes to the
server's log; a visitor sees a generic message that names no file and no person."""

from __future__ import annotations

import logging

import pytest

from tests.dashboards.conftest import open_app
from tests.dashboards.test_roles import AUTH, ROLES, SIGNED_IN

ANN = {**SIGNED_IN, "email": "ann@force.example"}


@pytest.fixture
def site(fixture_db, tmp_path, monkeypatch):
    """The fixture database, no roles variable, and a helper to open the app as Ann."""
    monkeypatch.setenv("STALKING_DB", str(fixture_db))
    monkeypatch.delenv("STALKING_ROLES", raising=False)
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))

    def run(*, auth=AUTH, access=None):
        at = open_app(None, auth=auth, user=ANN)
        if access is not None:  # AppTest secrets: set a section, then run again
            at.secrets["access"] = access
            at.run()
        return at

    return run


def refused(at, caplog, reason: str) -> None:
    """No data shown; the generic message; the reason in the server's log only."""
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    shown = " ".join(e.value for e in at.error)
    assert "not available" in shown and "server's log" in shown
    assert reason not in shown
    logged = [r.getMessage() for r in caplog.records if r.name == "stalking.access"]
    assert any(reason in m for m in logged), logged


def test_sign_in_configured_without_a_roles_file_serves_nothing(site, caplog):
    """Before: the local analyst, every area, no sign-in prompt."""
    with caplog.at_level(logging.ERROR, logger="stalking.access"):
        at = site()
    refused(at, caplog, "names no roles file")


def test_a_misspelt_access_key_serves_nothing(site, caplog):
    with caplog.at_level(logging.ERROR, logger="stalking.access"):
        at = site(access={"role_file": "/srv/roles.toml"})
    refused(at, caplog, "unknown key 'role_file'")


@pytest.mark.parametrize("auth", [AUTH, None])
def test_an_empty_roles_variable_serves_nothing(site, caplog, monkeypatch, auth):
    monkeypatch.setenv("STALKING_ROLES", "")
    with caplog.at_level(logging.ERROR, logger="stalking.access"):
        at = site(auth=auth)
    refused(at, caplog, "STALKING_ROLES names no roles file")


def test_an_area_no_data_knows_is_refused_at_start(site, caplog, tmp_path, monkeypatch):
    """Before: a supervisor of 'Z9' saw plausible zeros."""
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES + '\n[users."zed@force.example"]\nrole = "supervisor"\nareas = ["Z9"]\n')
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    with caplog.at_level(logging.ERROR, logger="stalking.access"):
        at = site()
    refused(at, caplog, "area Z9 is in no reference area")


def test_a_malformed_roles_file_names_neither_file_nor_staff_to_visitors(
    site, caplog, tmp_path, monkeypatch
):
    """Before: the error box showed the roles file's path and the staff e-mail key."""
    roles = tmp_path / "roles.toml"
    roles.write_text('[users."sam@force.example"]\nrole = "supervisor"\n')  # no areas
    monkeypatch.setenv("STALKING_ROLES", str(roles))
    with caplog.at_level(logging.ERROR, logger="stalking.access"):
        at = site()
    refused(at, caplog, "a supervisor needs the areas")
    shown = " ".join(e.value for e in at.error)
    assert str(tmp_path) not in shown and "sam@force.example" not in shown


def test_nothing_configured_is_the_local_analyst(site):
    at = site(auth=None)
    assert not at.error and at.metric  # the daily meeting's counts
