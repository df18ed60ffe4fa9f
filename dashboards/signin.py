"""The sign-in gate: who is using the app, before any data is read.

Access control off (no roles file): the local analyst. On: sign in with OpenID Connect
(st.login, the [auth] section of .streamlit/secrets.toml), then the roles file decides the
role and areas (queries.access). Anything misconfigured stops the app with a message: it
never falls back to showing data.
"""

from __future__ import annotations

import streamlit as st

from queries.access import LOCAL, Access, RolesFileError, access_for, load_roles, roles_path


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets file: access control is off
        return {}


@st.cache_resource(show_spinner=False)
def _roles(path: str, version: int):
    return load_roles(path)


def current_access() -> Access:
    """The signed-in person's access, or stop the script with the reason they have none."""
    secrets = _secrets()
    path = roles_path(secrets)
    if path is None:
        return LOCAL
    try:
        roles = _roles(str(path), path.stat().st_mtime_ns)
    except (RolesFileError, OSError) as e:
        st.error(f"Access control is misconfigured, so no data is shown. {e}")
        st.stop()
    if "auth" not in secrets:
        st.error(
            "Access control is on (a roles file is configured) but sign-in is not: add an "
            "[auth] section to .streamlit/secrets.toml (see the README). No data is shown."
        )
        st.stop()
    if not st.user.is_logged_in:
        st.title("Stalking performance dashboard")
        st.write("Sign in with your force account to continue.")
        st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
        st.stop()
    who = access_for(roles, st.user.to_dict())
    if who is None:
        identity = st.user.get("email") or st.user.get("sub") or "an unknown account"
        st.error(
            f"You are signed in as {identity}, but the dashboard's roles file gives you no "
            "role. Ask the dashboard's administrator to add you."
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
        st.caption(f":material/person: {who.user} · {who.role} · {areas}")
        st.button("Sign out", on_click=st.logout, key="sign-out")
