"""Sign-in with Streamlit's own OIDC support (st.login, st.user, st.logout), configured by `[auth]` in
.streamlit/secrets.toml; without it, local mode.

`user()` runs first on every run (shell.run): it refuses to serve at all when the
server is reachable from other machines without sign-in (unless started with
`-- --allow-anonymous`), shows the sign-in page to someone not signed in, and
otherwise returns who is using the dashboard, with their role (access.py).
"""

import sys

import streamlit as st

from analytics import access
from analytics.ui import cache

ALLOW_ANONYMOUS = "--allow-anonymous"  # after `--` on the streamlit command line, so it reaches the script


def sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets.toml at all
        return False


def _only(page) -> None:
    """Show just this page: no navigation, nothing of the dashboard."""
    st.navigation([st.Page(page, title="Children's services benchmarking", url_path="signin")],
                  position="hidden").run()
    st.stop()


def user() -> access.User:
    """Who is using the dashboard in this run, with their role; stops the run at the sign-in page or a refusal."""
    configured = sign_in_configured()
    refusal = access.startup_refusal(st.get_option("server.address"), configured, ALLOW_ANONYMOUS in sys.argv[1:])
    if refusal:
        print(f"analytics: refusing to serve: {refusal}", file=sys.stderr)
        _only(lambda: st.error(refusal, icon=":material/block:"))
    if not configured:
        st.info(access.LOCAL_MODE.capitalize(), icon=":material/lock_open:")
        return access.local_mode_user()
    if not st.user.is_logged_in:
        _only(_sign_in)
    signed_in = access.signed_in(st.user.to_dict(), cache.roles())
    if signed_in.role is None:
        _only(lambda: _no_role(signed_in))
    with st.sidebar:
        st.caption(f"Signed in as **{signed_in.name or signed_in.identity}** ({signed_in.role})")
        st.button("Sign out", key="sign_out", on_click=st.logout, icon=":material/logout:")
    return signed_in


def _sign_in() -> None:
    st.title("Children's services benchmarking")
    st.markdown("The council's own figures are shown only to people it has given access. Sign in with your work "
                "account.")
    st.button("Sign in", type="primary", key="sign_in", on_click=st.login, icon=":material/login:")


def _no_role(signed_in: access.User) -> None:
    st.title("Children's services benchmarking")
    st.warning(f"You are signed in as {signed_in.identity}, but have not been given access to this dashboard. Ask "
               "its administrator for a role: " + "; ".join(f"**{r}**: {t}" for r, t in access.ROLE_TEXT.items()),
               icon=":material/person_off:")
    st.button("Sign out", key="sign_out", on_click=st.logout, icon=":material/logout:")
