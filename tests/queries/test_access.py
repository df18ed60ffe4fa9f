"""Roles files, who gets which role and areas, and how areas narrow a query."""

from __future__ import annotations

import pytest

from queries.access import (
    LOCAL,
    Access,
    RolesFileError,
    access_for,
    load_roles,
    roles_path,
)

ROLES = """
groups_claim = "roles"

[users."Ann.Analyst@force.example"]
role = "analyst"
areas = ["A"]                  # ignored: analysts see every area

[users."sam@force.example"]
role = "supervisor"
areas = ["B"]

[groups."chief-officers"]
role = "board"

[groups."north-supervisors"]
role = "supervisor"
areas = ["A"]
"""


@pytest.fixture
def roles(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES)
    return load_roles(path)


def test_users_are_matched_by_email_whatever_its_case(roles):
    ann = access_for(
        roles, {"email": "ann.analyst@FORCE.example", "email_verified": True, "sub": "x"}
    )
    assert (ann.role, ann.areas, ann.case_level) == ("analyst", None, True)
    sam = access_for(
        roles, {"email": "sam@force.example", "email_verified": True, "roles": ["chief-officers"]}
    )
    assert (sam.role, sam.areas) == ("supervisor", ("B",))  # the user entry wins over groups


def test_groups_come_from_the_configured_claim_first_match_in_file_order(roles):
    both = access_for(
        roles,
        {
            "email": "x@force.example",
            "email_verified": True,
            "roles": ["north-supervisors", "chief-officers"],
        },
    )
    assert (both.role, both.areas, both.aggregates_only) == ("board", None, True)
    one = access_for(roles, {"sub": "kim", "roles": "north-supervisors"})  # a single string
    assert (one.user, one.role, one.areas) == ("kim", "supervisor", ("A",))
    assert (
        access_for(
            roles,
            {"email": "x@force.example", "email_verified": True, "groups": ["chief-officers"]},
        )
        is None
    )


def test_an_unverified_email_is_not_trusted_unless_the_roles_file_says_so(roles, tmp_path):
    """Anyone could claim an analyst's address at a provider that lets users edit it."""
    claimed = {"email": "ann.analyst@force.example", "sub": "mallory"}
    assert access_for(roles, claimed) is None
    assert access_for(roles, {**claimed, "email_verified": False}) is None
    path = tmp_path / "trusting.toml"
    path.write_text("trust_email = true\n" + ROLES.replace('groups_claim = "roles"\n', ""))
    assert access_for(load_roles(path), claimed).role == "analyst"


def test_an_unknown_person_has_no_access(roles):
    assert access_for(roles, {"email": "nobody@force.example", "email_verified": True}) is None


def test_restrict_keeps_queries_inside_the_permitted_areas():
    sam = Access("sam", "supervisor", ("B", "C"))
    assert sam.restrict(None) == ["B", "C"]
    assert sam.restrict(["C"]) == ["C"]
    assert sam.restrict(["A"]) == []  # outside: no rows, never every row
    assert LOCAL.restrict(None) is None and LOCAL.restrict(["A"]) == ["A"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[users."a@x"]\nrole = "admin"\n', "role is 'admin'"),
        ('[users."a@x"]\nrole = "supervisor"\n', "a supervisor needs the areas"),
        ('[users."a@x"]\nrole = "board"\nareas = "A"\n', "areas must be a list"),
        ('[users."a@x"]\nrole = "board"\nteam = "x"\n', "unknown key 'team'"),
        ('[users."a@x"]\nrole = "board"\nareas = []\n', "areas is empty"),
        ('trust_email = "yes"\n[users."a@x"]\nrole = "board"\n', "trust_email must be"),
        ('groups_claim = "g"\n', "nobody could sign in"),
        ("[users\n", "not valid TOML"),
        ('[user."a@x"]\nrole = "board"\n', "unknown key 'user'"),
    ],
)
def test_a_malformed_roles_file_is_refused_naming_the_key(tmp_path, text, message):
    path = tmp_path / "roles.toml"
    path.write_text(text)
    with pytest.raises(RolesFileError, match=message):
        load_roles(path)


def test_a_missing_roles_file_is_refused(tmp_path):
    with pytest.raises(RolesFileError, match="does not exist"):
        load_roles(tmp_path / "nope.toml")


def test_access_control_is_off_unless_a_roles_file_is_configured(monkeypatch):
    monkeypatch.delenv("STALKING_ROLES", raising=False)
    assert roles_path({}) is None
    assert str(roles_path({"access": {"roles_file": "r.toml"}})) == "r.toml"
    monkeypatch.setenv("STALKING_ROLES", "/etc/x.toml")
    assert str(roles_path({})) == "/etc/x.toml"


def test_keys_differing_only_in_case_are_refused(tmp_path):
    """Security pass, class 8. Before: the last of the two silently won."""
    path = tmp_path / "roles.toml"
    path.write_text(
        '[users."Ann@force.example"]\nrole = "analyst"\n'
        '[users."ann@force.example"]\nrole = "board"\n'
    )
    with pytest.raises(RolesFileError, match="differ only in case"):
        load_roles(path)


def test_subjects_and_emails_are_matched_apart(tmp_path):
    """A token whose subject is an analyst's address (its e-mail unverified or absent) is
    not that analyst: [users] holds e-mail addresses, [subjects] token subjects. Before: one
    key space, so the subject matched the e-mail key."""
    path = tmp_path / "roles.toml"
    path.write_text(
        '[users."ann@force.example"]\nrole = "analyst"\n[subjects."b7c1-41"]\nrole = "board"\n'
    )
    roles = load_roles(path)
    assert access_for(roles, {"sub": "ann@force.example"}) is None
    assert (
        access_for(roles, {"sub": "ann@force.example", "email": "x@y", "email_verified": True})
        is None
    )
    board = access_for(roles, {"sub": "b7c1-41"})
    assert (board.user, board.role) == ("b7c1-41", "board")
    path.write_text('[users."b7c1-41"]\nrole = "board"\n')
    with pytest.raises(RolesFileError, match="not an e-mail address"):
        load_roles(path)


def test_an_area_the_data_does_not_know_is_refused(roles):
    from queries.access import check_areas

    check_areas(roles, {"A", "B"})
    with pytest.raises(RolesFileError, match="area B is in no reference area"):
        check_areas(roles, {"A"})


def test_access_control_asked_for_without_a_usable_roles_file_is_refused():
    """Security pass, class 1: sign-in configured, or the variable set but empty, or a
    misspelt [access] key, never means "off"."""
    assert roles_path({}, {}) is None
    for secrets, environ, message in (
        ({"auth": {"client_id": "x"}}, {}, "names no roles file"),
        ({}, {"STALKING_ROLES": ""}, "STALKING_ROLES names no roles file"),
        ({"auth": {}}, {"STALKING_ROLES": "  "}, "names no roles file"),
        ({"access": {"role_file": "r.toml"}}, {}, "unknown key 'role_file'"),
        ({"access": {}}, {}, "roles_file names no roles file"),
    ):
        with pytest.raises(RolesFileError, match=message):
            roles_path(secrets, environ)
