"""Audit trail and roles (admins): every import, undo, target edit, role change, pack made and child-level
download, with who did it; who has which role."""

from datetime import date, timedelta

import streamlit as st

from analytics import access, services
from analytics.access import AccessDenied
from analytics.exports import csv_bytes
from analytics.local.store import LocalStoreBusy
from analytics.ui import cache, shell


def change_role(email: str, role: str | None) -> None:
    """A button callback (it runs before the next run, so a rerun cannot lose the click)."""
    try:
        services.set_role(cache.local_store(), shell.current_user(), email, role)
    except (ValueError, LocalStoreBusy, AccessDenied) as refused:
        st.session_state.role_failed = f"The role was not changed: {refused}"
        return
    st.session_state.role_done = f"{email}: {role or 'no role'}."


chosen = shell.current_selection()
user = shell.current_user()
shell.page_header("Audit trail and roles", chosen, "Who did what, recorded when it was done, and never changed "
                  "afterwards; and who may do what.", workforce=False, figures=False)

st.subheader("Audit trail")
left, middle, right = st.columns([2, 2, 3])
days = left.date_input("From and to", (date.today() - timedelta(days=30), date.today()), key="audit_days")
identity = middle.text_input("Identity contains", key="audit_identity")
actions = right.multiselect("Actions", list(access.ACTIONS), key="audit_actions",
                            help="None chosen: every action.")
outcome = st.segmented_control("Outcome", ["done", "refused"], key="audit_outcome")
since, until = (days + (None, None))[:2] if isinstance(days, tuple) else (days, days)
trail = services.audit_trail(cache.local_store(), user, since=since, until=until, identity=identity or None,
                             actions=actions or None, outcome=outcome)
# what was done, and to what, before how the person signed in, so the detail is in view at a laptop's width
st.dataframe(trail.rename(columns={"audit_id": "Entry", "happened_at": "When (UTC)", "identity": "Identity",
                                   "name": "Name", "role": "Role", "via": "Signed in by", "action": "Action",
                                   "outcome": "Outcome", "area_code": "Area", "batch_id": "Batch", "detail": "Detail"})
             [["Entry", "When (UTC)", "Identity", "Action", "Outcome", "Detail", "Area", "Batch", "Role",
               "Signed in by", "Name"]].fillna({"Name": ""}),
             hide_index=True, width="stretch")
st.download_button(f"Download these {len(trail):,} entries (CSV)", csv_bytes(trail), file_name="audit-trail.csv",
                   mime="text/csv", key="audit_csv")

st.subheader("Roles")
st.caption("A role in the ID token's `roles` claim (Microsoft Entra ID app roles) comes first; this table gives "
           "roles to people whose provider sends none. " + "; ".join(f"**{r}**: {t}"
                                                                  for r, t in access.ROLE_TEXT.items()) + ".")
if "role_done" in st.session_state:
    st.success(st.session_state.pop("role_done"), icon=":material/check_circle:")
if "role_failed" in st.session_state:
    st.error(st.session_state.pop("role_failed"), icon=":material/error:")
st.dataframe(cache.local_store().roles().rename(columns={"email": "Email", "role": "Role", "granted_by": "Given by",
                                                         "granted_at": "When (UTC)"}),
             hide_index=True, width="stretch")
with st.form("give_role", clear_on_submit=True):
    a, b = st.columns([3, 1])
    email = a.text_input("Email", key="role_email")
    role = b.selectbox("Role", [*access.ROLES, None], format_func=lambda r: r or "no role (take it away)",
                       key="role_choice")
    if st.form_submit_button("Save the role", key="role_save"):
        change_role(email, role)
        st.rerun()
shell.footer()
