"""Every change through the services is checked against the user's role and recorded with their identity, in the
same transaction; refusals are recorded too. On both backends."""

from datetime import date

import pandas as pd
import pytest

from analytics import services
from analytics.access import AccessDenied, User
from analytics.local.store import LocalStore, LocalStoreBusy
from tests.conftest import another_writer

VIEWER = User("vera@council.test", "viewer", "Vera")
ANALYST = User("ana@council.test", "analyst", "Ana")
ADMIN = User("ad@council.test", "admin")
FIGURES = b"month,measure,value\n2023-01,sw_caseload,20\n"


def check(store, local, user=ANALYST, data=FIGURES):
    return services.check_upload(store, local, user, data, "f.csv", "332", today=date(2024, 6, 15))


def test_a_viewer_calling_the_import_service_is_refused_and_the_refusal_recorded(store, local):
    good = check(store, local)
    with pytest.raises(AccessDenied, match="import needs the analyst role"):
        services.import_file(local, good, VIEWER)
    with pytest.raises(AccessDenied):
        check(store, local, VIEWER)
    assert local.batches().empty
    trail = local.audit()
    assert trail[["identity", "action", "outcome"]].values.tolist() == [
        ["vera@council.test", "import report", "refused"], ["vera@council.test", "import", "refused"]]


def test_import_undo_and_target_edit_are_recorded_with_who_did_them(store, local):
    batch = services.import_file(local, check(store, local), ANALYST)
    services.undo_batch(local, batch, ANALYST)
    table = pd.DataFrame({"measure": ["sw_caseload"], "target_date": [pd.NaT], "value": [18.0], "tolerance": [1.0]})
    targets = services.save_targets(store, local, table, "332", ANALYST)
    trail = local.audit()
    assert trail[["action", "batch_id", "identity", "role"]].values.tolist() == [
        ["target edit", targets, "ana@council.test", "analyst"], ["undo", batch, "ana@council.test", "analyst"],
        ["import", batch, "ana@council.test", "analyst"]]
    assert local.batches().set_index("batch_id").at[batch, "undone_by"] == "ana@council.test"
    assert local.audit(actions=["undo"]).batch_id.tolist() == [batch]
    assert local.audit(identity="nobody").empty and len(local.audit(since=date.today())) == 3


def test_roles_are_given_and_taken_by_an_admin_only(local):
    with pytest.raises(AccessDenied):
        services.set_role(local, ANALYST, "new@council.test", "admin")
    services.set_role(local, ADMIN, " New@Council.test ", "board")
    services.set_role(local, ADMIN, "new@council.test", "viewer")
    assert local.roles()[["email", "role", "granted_by"]].values.tolist() == [
        ["new@council.test", "viewer", "ad@council.test"]]
    services.set_role(local, ADMIN, "new@council.test", None)
    assert local.roles().empty
    assert local.audit(actions=["role change"], outcome="done").detail.tolist() == [
        "new@council.test: viewer -> no role", "new@council.test: board -> viewer",
        "new@council.test: no role -> board"]
    with pytest.raises(ValueError):
        services.set_role(local, ADMIN, "new@council.test", "superuser")


def test_a_change_and_its_audit_row_are_stored_together_or_not_at_all(store, local):
    good = check(store, local)
    holder_timeout, local.timeout = local.timeout, 0.3
    try:
        with pytest.raises(LocalStoreBusy), another_writer(local.location):
            services.import_file(local, good, ANALYST)
    finally:
        local.timeout = holder_timeout
    assert local.batches().empty and local.audit().empty


def test_the_audit_trail_is_for_admins(local):
    with pytest.raises(AccessDenied):
        services.audit_trail(local, ANALYST)
    assert services.audit_trail(local, ADMIN, outcome="refused").identity.tolist() == ["ana@council.test"]


def test_a_shared_database_itself_refuses_to_change_the_audit_trail(postgres_server):
    """(DuckDB has no triggers: there, whoever can write the file could change anything in it.)"""
    import psycopg

    local = LocalStore(postgres_server.new_database())
    services.set_role(local, ADMIN, "new@council.test", "board")
    with psycopg.connect(local.location) as conn, pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        conn.execute("UPDATE audit SET identity = 'someone else'")
    assert local.audit().identity.tolist() == ["ad@council.test"]
    local.close()
