"""The sign-in gate: who is using the app, before any data is read.

Access control off (nothing configures it): the local analyst. On: sign in with OpenID
Connect (st.login, the [auth] section of .streamlit/secrets.toml), then the roles file decides
the role and areas (queries.access). It fails closed: anything misconfigured stops the app
before any data is read. The administrator's reason goes to the server's log (it may name
files and staff); visitors see a generic message.
"""

from __future__ import annotations

import logging

import streamlit as st

from queries import api
from queries.access import (
    LOCAL,
    Access,
    RolesFileError,
    access_for,
    check_areas,
    load_roles,
    roles_path,
)

from . import data, safe

LOG = logging.getLogger("stalking.access")
UNAVAILABLE = (
    "The dashboard is not available: its sign-in is not set up correctly, so no data is shown. "
    "The administrator can read why in the server's log."
)


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets file: nothing configured
        return {}


@st.cache_resource(show_spinner=False)
def _roles(path: str, version: int):
    return load_roles(path)


def refuse(reason: str) -> None:
    """Stop the app: the reason to the server's log, a generic message to the visitor."""
    LOG.error("access control refused to serve: %s", reason)
    st.title("Stalking performance dashboard")
    st.error(UNAVAILABLE, icon=":material/lock:")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=4)
def _area_codes(_store: api.Store, version: tuple) -> set[str]:
    return set(api.areas(_store)["area_code"])


def _known_areas() -> set[str] | None:
    """The area codes the database knows (reference or cases), whoever asks; None before
    any load."""
    try:
        store = data.store()
        return _area_codes(store, store.version())
    except (api.NoDatabase, api.NeedsRebuild, api.CorruptDatabase, api.UnreadableDatabase):
        return None  # no data to guard: app.py says what is wrong with the file


def configured_roles():
    """The roles file, checked (its areas against the data), or None when access control is
    off; refuses to serve when it is asked for and unusable."""
    secrets = _secrets()
    try:
        path = roles_path(secrets)
        if path is None:
            return None, secrets
        roles = _roles(str(path), path.stat().st_mtime_ns)
        known = _known_areas()
        if known is not None:
            check_areas(roles, known, path)
    except FileNotFoundError:
        refuse(f"the roles file {path} does not exist")
    except (RolesFileError, OSError) as e:
        refuse(str(e))
    if "auth" not in secrets:
        refuse(
            "a roles file is configured but sign-in is not: add an [auth] section to "
            ".streamlit/secrets.toml (docs/access.md)"
        )
    return roles, secrets


def current_access() -> Access:
    """The signed-in person's access, or stop the script with the reason they have none."""
    roles, _ = configured_roles()
    if roles is None:
        return LOCAL
    if not st.user.is_logged_in:
        st.title("Stalking performance dashboard")
        st.write("Sign in with your force account to continue.")
        st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
        st.stop()
    who = access_for(roles, st.user.to_dict())
    if who is None:
        st.error(
            "You are signed in, but the dashboard gives you no role. Ask the dashboard's "
            "administrator to add you.",
            icon=":material/lock:",
        )
        st.button("Sign out", on_click=st.logout)
        st.stop()
    return who


def identity_panel(who: Access) -> None:
    """Who is signed in, in the sidebar, with a sign-out button."""
    if not who.signed_in:
        return
    with st.sidebar:
        areas = "all areas" if who.areas is None else f"{len(who.areas)} area(s)"
        st.caption(f":material/person: {safe.md(who.user)} · {who.role} · {areas}")
        st.button("Sign out", on_click=st.logout, key="sign-out")
