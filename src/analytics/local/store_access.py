"""The local store's audit trail and roles table (LocalStore takes these methods; SQL stays in store modules).

The audit trail is append-only: rows are added, in the same transaction as the
change they record, and never changed or removed (in PostgreSQL a trigger refuses
it). Emails in the roles table are kept in lower case, as users type them in any.
"""

from datetime import UTC, date, datetime, timedelta

import pandas as pd

from analytics.access import User


class AccessRecords:
    """Mixed into LocalStore: uses its sessions (_use, _run, _df)."""

    def record(self, user: User, action: str, outcome: str = "done", detail: str | None = None,
               area_code: str | None = None, batch_id: int | None = None) -> None:
        """Add a row to the audit trail (inside the caller's write session when there is one)."""
        with self._use(write=True) as con:
            self._run(con, """INSERT INTO audit (happened_at, identity, name, role, via, action, outcome, area_code,
                                                 batch_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                      [utc_now(), user.identity, user.name, user.role, user.via, action, outcome, area_code, batch_id,
                       detail])

    def audit(self, since: date | None = None, until: date | None = None, identity: str | None = None,
              actions: list[str] | None = None, outcome: str | None = None) -> pd.DataFrame:
        """Audit rows, newest first: from `since` to `until` (days, both included), whose identity contains
        `identity` (any case), for `actions`, with `outcome` ('done' or 'refused')."""
        where, params = ["true"], []
        if since:
            where.append("happened_at >= ?")
            params.append(datetime.combine(since, datetime.min.time()))
        if until:
            where.append("happened_at < ?")
            params.append(datetime.combine(until + timedelta(days=1), datetime.min.time()))
        if identity:
            where.append("strpos(lower(identity), lower(?)) > 0")
            params.append(identity)
        if actions:
            where.append("action IN (SELECT unnest(CAST(? AS VARCHAR[])))")
            params.append(list(actions))
        if outcome:
            where.append("outcome = ?")
            params.append(outcome)
        return self._df(f"""SELECT audit_id, happened_at, identity, name, role, via, action, outcome, area_code,
                                   batch_id, detail FROM audit WHERE {' AND '.join(where)} ORDER BY audit_id DESC""",
                        params)

    def roles(self) -> pd.DataFrame:
        return self._df("SELECT email, role, granted_by, granted_at FROM roles ORDER BY email")

    def set_role(self, email: str, role: str | None, granted_by: str) -> str | None:
        """Give `email` the role (None takes it away); returns the role it had."""
        email = email.strip().lower()
        with self._use(write=True) as con:
            before = self._run(con, "SELECT role FROM roles WHERE email = ?", [email])
            if role is None:
                self._run(con, "DELETE FROM roles WHERE email = ?", [email])
            else:
                self._run(con, """INSERT INTO roles VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE
                                  SET role = excluded.role, granted_by = excluded.granted_by,
                                      granted_at = excluded.granted_at""", [email, role, granted_by, utc_now()])
        return before[0][0] if before else None


def utc_now() -> datetime:
    """Now in UTC, as the store keeps times (without a zone)."""
    return datetime.now(UTC).replace(tzinfo=None)
