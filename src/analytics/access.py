"""Who may do what: the four roles, the signed-in user, and when the dashboard may run without sign-in.

Each role can do everything the ones before it can:
- viewer: the published benchmarks and the council's aggregated figures;
- board: board packs too, private ones included;
- analyst: importing, undoing imports, editing targets, an import's report with
  its rows, and child-level downloads;
- admin: who has which role, and the audit trail.

A user's role comes from the ID token's `roles` claim (Microsoft Entra ID app
roles, or any provider that sends one), else from the roles table an admin keeps
in the local store (email -> role). A user with neither has no role and sees
nothing but how to ask for one. The services check every action here
(services.py); pages only hide what a service would refuse.
"""

import getpass
import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

ROLES = ("viewer", "board", "analyst", "admin")

# action -> the least role that may do it; every audited action is one of these
ACTIONS = {
    "view": "viewer",
    "pack made": "board",
    "import": "analyst",
    "undo": "analyst",
    "target edit": "analyst",
    "import report": "analyst",
    "child-level download": "analyst",
    "role change": "admin",
    "audit trail": "admin",
}
ROLE_TEXT = {
    "viewer": "published benchmarks and the council's aggregated figures",
    "board": "as viewer, and board packs (private ones included)",
    "analyst": "as board, and imports, undoing imports, targets and child-level rows",
    "admin": "as analyst, and who has which role, and the audit trail",
}
LOCAL_MODE = "local mode: no sign-in, every user is an analyst"


class AccessDenied(PermissionError):
    """The user's role does not allow the action; nothing was done (the refusal is in the audit trail)."""


@dataclass(frozen=True)
class User:
    """Who is acting: `identity` is what the audit trail records (the email, or subject, from the ID token; the
    operating-system account for the command line and local mode); `via` says how they were known."""

    identity: str
    role: str | None
    name: str | None = None
    via: str = "sign-in"  # "sign-in", "local mode", "command line", "first run"

    def may(self, action: str) -> bool:
        return self.role in ROLES and ROLES.index(self.role) >= ROLES.index(ACTIONS[action])

    def require(self, action: str) -> None:
        if not self.may(action):
            raise AccessDenied(f"{action} needs the {ACTIONS[action]} role; {self.identity} has "
                               f"{'the ' + self.role + ' role' if self.role else 'no role'}")


def role_from_claims(claims: Mapping) -> str | None:
    """The highest of the four roles the ID token's `roles` claim names (case does not matter), or None."""
    named = claims.get("roles") or []
    named = {str(r).strip().lower() for r in ([named] if isinstance(named, str) else named)}
    found = [r for r in ROLES if r in named]
    return found[-1] if found else None


def signed_in(claims: Mapping, roles_table: Mapping[str, str]) -> User:
    """The user an ID token's claims describe: their role from the token, else from the roles table."""
    email = claims.get("email") or claims.get("preferred_username")
    identity = str(email or claims.get("sub") or "unknown")
    role = role_from_claims(claims) or roles_table.get(identity.lower())
    return User(identity, role, claims.get("name"))


def local_mode_user() -> User:
    return User(f"local:{getpass.getuser()}", "analyst", via="local mode")


def command_line_user() -> User:
    """Whoever runs the command line on the server can read the store's files anyway: an admin, recorded by their
    operating-system account."""
    return User(f"cli:{getpass.getuser()}", "admin", via="command line")


FIRST_RUN = User("system:first run", "analyst", via="first run")


def is_local_address(address: str | None) -> bool:
    """Whether a server bound to `address` can be reached only from this machine. Streamlit binds every
    interface when no address is set."""
    if not address:
        return False
    if address == "localhost" or address.startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def startup_refusal(address: str | None, sign_in_configured: bool, allow_anonymous: bool) -> str | None:
    """Why the dashboard must not serve, or None: without sign-in every user is an analyst, which is safe only
    where nobody else can reach the server, or where the operator says so on purpose."""
    if sign_in_configured or allow_anonymous or is_local_address(address):
        return None
    return (f"This dashboard is bound to {address or 'every network interface'} without sign-in, so anyone who can "
            "reach it would be an analyst. Configure [auth] in .streamlit/secrets.toml (see the README), bind it to "
            "localhost, or start it with `streamlit run app.py -- --allow-anonymous` if that is really meant.")
