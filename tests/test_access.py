"""Roles from an ID token's claims and the roles table, and when the dashboard may serve without sign-in."""

import pytest

from analytics.access import ACTIONS, AccessDenied, User, role_from_claims, signed_in, startup_refusal


@pytest.mark.parametrize(("claims", "role"), [
    ({"roles": ["viewer"]}, "viewer"),
    ({"roles": ["Viewer", "Analyst"]}, "analyst"),  # Entra sends every app role given: the highest counts
    ({"roles": "board"}, "board"),
    ({"roles": ["Dashboard.Readers"]}, None),
    ({}, None),
])
def test_the_role_is_the_highest_the_roles_claim_names(claims, role):
    assert role_from_claims(claims) == role


def test_the_token_comes_before_the_roles_table_which_is_keyed_by_email_in_any_case():
    table = {"ana@council.test": "admin"}
    assert signed_in({"email": "Ana@Council.test", "roles": ["viewer"]}, table).role == "viewer"
    assert signed_in({"email": "Ana@Council.test"}, table).role == "admin"
    assert signed_in({"sub": "1234"}, table) == User("1234", None)


def test_each_role_may_do_what_the_roles_below_it_may():
    allowed = {role: {a for a in ACTIONS if User("x", role).may(a)} for role in ("viewer", "board", "analyst",
                                                                                   "admin")}
    assert allowed["viewer"] == {"view"}
    assert allowed["board"] == {"view", "pack made"}
    assert allowed["analyst"] == allowed["board"] | {"import", "undo", "target edit", "import report",
                                                     "child-level download"}
    assert allowed["admin"] == set(ACTIONS)
    with pytest.raises(AccessDenied, match="import needs the analyst role; v@x has the viewer role"):
        User("v@x", "viewer").require("import")


@pytest.mark.parametrize(("address", "configured", "anonymous", "refused"), [
    ("localhost", False, False, False),
    ("127.0.0.1", False, False, False),
    ("::1", False, False, False),
    ("0.0.0.0", False, False, True),
    (None, False, False, True),  # Streamlit binds every interface when no address is set
    ("192.0.2.10", False, False, True),
    ("0.0.0.0", True, False, False),
    ("0.0.0.0", False, True, False),
])
def test_the_dashboard_serves_anonymously_only_where_no_one_else_can_reach_it(address, configured, anonymous,
                                                                             refused):
    assert (startup_refusal(address, configured, anonymous) is not None) == refused
