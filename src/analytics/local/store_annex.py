"""The local store's Annex A rows (LocalStore takes these methods; SQL stays in store modules).

Successive Annex A extracts overlap (each covers the months before its date), so a row is one child's event in one
list, keyed by child and the event's start date (annex_lists.KEY): what the store says about it is the row of the
latest active batch holding that key. A later extract thus replaces an earlier one's rows for the same key (a plan's
end date filled in, an assessment authorised), keeps the earlier rows it no longer covers, and undoing it brings
back what the earlier extract said.
"""

import pandas as pd

from analytics.local.annex_lists import KEY, STORED_COLUMNS

ANNEX_DATES = ("event_start", "event_end", "authorised", "icpc_date", "last_visit", "dob_month", "as_at")
COMPARED = [c for c in STORED_COLUMNS if c not in KEY and c != "as_at"]  # what a changed row differs in
# a list 9 row has no event date: its key is the child alone (a missing date matches a missing date)
_ON = " AND ".join(f"coalesce(i.{k}, DATE '1900-01-01') = coalesce(c.{k}, DATE '1900-01-01')"
                   if k == "event_start" else f"i.{k} = c.{k}" for k in KEY)
CURRENT = """
    SELECT * FROM (
        SELECT a.*, row_number() OVER (PARTITION BY a.list_no, a.child_key, a.event_start
                                       ORDER BY a.batch_id DESC) AS newest
        FROM annex_a a JOIN batches b ON b.batch_id = a.batch_id
        WHERE a.area_code = ? AND b.undone_at IS NULL) latest
    WHERE newest = 1"""


class AnnexRecords:
    """Mixed into LocalStore: uses its sessions (_use, _run, _df) and backend."""

    def _annex_changes(self, incoming: pd.DataFrame, area_code: str) -> pd.DataFrame:
        """For an extract's rows (STORED_COLUMNS, as LocalStore stores them), by list: how many are new, changed
        and unchanged against what the store holds now."""
        same = " AND ".join(f"i.{c} IS NOT DISTINCT FROM c.{c}" for c in COMPARED)
        with self._use(write=False) as con, self._backend.staged(con, "incoming_annex", incoming):
            found = self._backend.frame(con, f"""
                WITH c AS ({CURRENT})
                SELECT i.list_no,
                       count(*) FILTER (WHERE c.child_key IS NULL) AS new,
                       count(*) FILTER (WHERE c.child_key IS NOT NULL AND NOT ({same})) AS changed,
                       count(*) FILTER (WHERE c.child_key IS NOT NULL AND {same}) AS unchanged
                FROM incoming_annex i LEFT JOIN c ON {_ON}
                GROUP BY i.list_no ORDER BY i.list_no""", [area_code])
        return found.astype({"list_no": int, "new": int, "changed": int, "unchanged": int})

    def annex_rows(self, area_code: str, list_no: int) -> pd.DataFrame:
        """What the store says now about each child's events in one list (keyed hashes only: for measures to
        count, never to show)."""
        columns = ", ".join(c for c in STORED_COLUMNS if c != "list_no")
        return self._df(f"SELECT {columns}, batch_id FROM ({CURRENT}) c WHERE list_no = ? "
                        "ORDER BY child_key, event_start", [area_code, list_no])

    def annex_extracts(self, area_code: str) -> pd.DataFrame:
        """The active Annex A batches for an area, oldest first, with their as-at dates."""
        return self._df("""SELECT a.batch_id, min(a.as_at) AS as_at, count(*) AS rows, bool_or(b.demo) AS demo
                           FROM annex_a a JOIN batches b ON b.batch_id = a.batch_id
                           WHERE a.area_code = ? AND b.undone_at IS NULL GROUP BY a.batch_id ORDER BY a.batch_id""",
                        [area_code])
