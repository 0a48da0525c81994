"""Sign-in and roles in the app, with a signed-in user in session (AppTest's `user`): what each role is shown,
and that what they do is recorded with their identity."""

import pytest
from streamlit.testing.v1 import AppTest

from analytics.access import LOCAL_MODE
from analytics.local.store import LocalStore
from tests.pages.conftest import APP, tables, texts

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a test secret of some length",
        "client_id": "dashboard", "client_secret": "secret",
        "server_metadata_url": "http://localhost:1/.well-known/openid-configuration"}
MASH = b"month,measure,value\n2019-01,mash_decisions_1wd_pct,71.5\n"


def as_user(claims: dict | None, page: str | None = None, **query) -> AppTest:
    """The app with sign-in configured, for a user with these ID-token claims (None: not signed in)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if claims is None else {"is_logged_in": True, **claims}
    at.query_params.update({"la": "332", **query})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def audit(email: str):
    local = LocalStore()
    try:
        return local.audit(identity=email)
    finally:
        local.close()


def test_someone_not_signed_in_sees_only_the_sign_in_page():
    at = as_user(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Sign in with your work account" in texts(at)
    assert not at.sidebar.selectbox and not at.dataframe and not tables(at) and not at.metric


def test_a_signed_in_user_without_a_role_is_told_how_to_get_one():
    at = as_user({"email": "nobody@council.test", "roles": []})
    assert any("have not been given access" in w.value for w in at.warning)
    assert [b.label for b in at.button] == ["Sign out"] and not at.metric


def test_a_viewer_sees_the_figures_but_no_editing_nor_child_level_rows():
    at = as_user({"email": "viewer@council.test", "name": "Vera Viewer", "roles": ["viewer"]},
                 "pages/improvement_plan.py")
    assert "Signed in as **Vera Viewer** (viewer)" in " ".join(c.value for c in at.sidebar.caption)
    assert tables(at)  # the aggregated figures
    assert not [t for t in at.toggle if t.key == "edit_targets"]
    at = as_user({"email": "viewer@council.test", "roles": ["viewer"]}, "pages/practice.py")
    at.segmented_control(key="practice_view").set_value("9 months or longer: the council's own count").run()
    assert any(m.label == "On a plan 9 months or longer" for m in at.metric)
    assert not [b for b in at.get("download_button") if b.key == "long_plans_csv"]


def test_the_import_page_is_not_there_for_a_board_member():
    at = as_user({"email": "board@council.test", "roles": ["board"]})
    with pytest.raises(ValueError, match="Could not find a navigation page") as missing:
        at.switch_page("pages/data.py")
    assert "pages/packs.py" in str(missing.value)  # a board member has the board packs


def test_an_analysts_import_is_recorded_with_their_identity_not_a_typed_name():
    email = "ana.lyst@council.test"
    at = as_user({"email": email, "name": "Ana Lyst", "roles": ["Analyst"]}, "pages/data.py")
    assert not [t for t in at.text_input if "name" in (t.label or "").lower()]
    at.file_uploader[0].set_value(("mash2019.csv", MASH, "text/csv")).run()
    at.button(key="import_button").click().run()
    done = [s.value for s in at.success]
    assert done and done[0].startswith("Imported mash2019.csv as batch"), [e.value for e in at.error]
    batch = int(done[0].split("batch ")[1].split(" ")[0])
    rows = audit(email)
    assert rows.action.tolist() == ["import"] and rows.batch_id.tolist() == [batch]
    assert rows.role.iloc[0] == "analyst" and rows.via.iloc[0] == "sign-in"
    at.selectbox(key="undo_batch").set_value(batch)
    at.checkbox(key="undo_sure").check()
    at.run()
    at.button(key="undo_button").click().run()
    assert audit(email).action.tolist() == ["undo", "import"]


def test_an_admin_gives_a_role_that_the_next_sign_in_uses():
    admin = {"email": "ad.min@council.test", "roles": ["admin"]}
    at = as_user(admin, "pages/admin.py")
    at.text_input(key="role_email").set_value("New.Person@Council.test")
    at.selectbox(key="role_choice").set_value("board")
    at.button(key="role_save").click().run()
    assert any("New.Person@Council.test: board" in s.value for s in at.success), [e.value for e in at.error]
    assert at.dataframe[-1].value.set_index("Email").at["new.person@council.test", "Role"] == "board"
    assert "role change" in audit("ad.min@council.test").action.tolist()
    # a provider that sends no roles claim: the table gives the role
    at = as_user({"email": "new.person@council.test"})
    assert "(board)" in " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("role", ["viewer", "board", "analyst"])
def test_only_an_admin_has_the_audit_trail_page(role):
    at = as_user({"email": f"{role}@council.test", "roles": [role]})
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")


def test_without_sign_in_configured_the_app_says_it_is_in_local_mode():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert any(LOCAL_MODE.capitalize() in i.value for i in at.info)
