"""The local store's Annex A rows (LocalStore takes these methods; SQL stays in store modules).

Successive Annex A extracts overlap (each covers the months before its date), so a row is one child's event in one
list, keyed by child and the event's start date (annex_lists.KEY): what the store says about it is the row of the
latest active batch holding that key. A later extract thus replaces an earlier one's rows for the same key (a plan's
end date filled in, an assessment authorised), keeps the earlier rows it no longer covers, and undoing it brings
back what the earlier extract said. Each row carries whether it is the newest for its key (`newest`), set for the
keys a batch touches when it is imported or undone, so the pages' reads take it without sorting every extract.
The measures of an area's current rows (annex_measures.measures) are worked out in the same transaction and
stored (`annex_measures`), so the pages read them in one query instead of counting about 120,000 rows each time.
"""

import numpy as np
import pandas as pd

from analytics.local import annex_measures
from analytics.local.annex_lists import KEY, STORED_COLUMNS

ANNEX_DATES = ("event_start", "event_end", "authorised", "icpc_date", "last_visit", "dob_month", "as_at")
COMPARED = [c for c in STORED_COLUMNS if c not in KEY and c != "as_at"]  # what a changed row differs in
NO_DATE = "DATE '1900-01-01'"  # a list 9 row's key has no event date: a missing date matches a missing date
_ON = " AND ".join(f"coalesce(i.{k}, {NO_DATE}) = coalesce(c.{k}, {NO_DATE})"
                   if k == "event_start" else f"i.{k} = c.{k}" for k in KEY)
CURRENT = """
    SELECT a.* FROM annex_a a JOIN batches b ON b.batch_id = a.batch_id
    WHERE a.area_code = ? AND b.undone_at IS NULL AND a.newest"""
# after batch ?'s rows come in or go out: each row holding one of its keys is newest when no later active batch
# holds the key
REFRESH = f"""
    UPDATE annex_a SET newest = (annex_a.batch_id = k.latest)
    FROM (SELECT a.list_no, a.child_key, coalesce(a.event_start, {NO_DATE}) AS started, max(a.batch_id) AS latest
          FROM annex_a a JOIN batches b ON b.batch_id = a.batch_id
          JOIN (SELECT DISTINCT list_no, child_key, coalesce(event_start, {NO_DATE}) AS started FROM annex_a
                WHERE batch_id = ?) touched
            ON touched.list_no = a.list_no AND touched.child_key = a.child_key
           AND touched.started = coalesce(a.event_start, {NO_DATE})
          WHERE b.undone_at IS NULL AND a.area_code = ?
          GROUP BY a.list_no, a.child_key, coalesce(a.event_start, {NO_DATE})) k
    WHERE annex_a.area_code = ? AND annex_a.list_no = k.list_no AND annex_a.child_key = k.child_key
      AND coalesce(annex_a.event_start, {NO_DATE}) = k.started"""
# REFRESH after importing batch ?, which is the latest batch, so its rows (stored as newest) hold their keys: the
# rows that held those keys until now give way, and no other row changes (a batch holds each key once: a repeated
# key is refused on reading, so its keys need no DISTINCT)
SUPERSEDE = f"""
    UPDATE annex_a SET newest = false
    FROM (SELECT list_no, child_key, coalesce(event_start, {NO_DATE}) AS started FROM annex_a WHERE batch_id = ?) k
    WHERE annex_a.area_code = ? AND annex_a.newest AND annex_a.batch_id <> ? AND annex_a.list_no = k.list_no
      AND annex_a.child_key = k.child_key AND coalesce(annex_a.event_start, {NO_DATE}) = k.started"""
STORED = ", ".join(c for c in STORED_COLUMNS if c != "list_no")
# the current rows as annex_measures.measures reads them (READS, and READ_IN's columns only in their lists)
MEASURED = ", ".join([*annex_measures.READS, *(
    f"CASE WHEN list_no IN ({', '.join(map(str, lists))}) THEN {column} END AS {column}"
    for column, lists in annex_measures.READ_IN.items())])


class AnnexRecords:
    """Mixed into LocalStore: uses its sessions (_use, _run, _df) and backend."""

    def _annex_changes(self, incoming, area_code: str) -> pd.DataFrame:
        """For an extract's rows (STORED_COLUMNS, as LocalStore stages them), by list: how many are new, changed
        and unchanged against what the store holds now."""
        same = " AND ".join(f"i.{c} IS NOT DISTINCT FROM c.{c}" for c in COMPARED)
        with self._use(write=False) as con, self._backend.staged(con, "incoming_annex", incoming):
            # each row's columns compared once, not again for each count
            found = self._backend.frame(con, f"""
                WITH c AS ({CURRENT})
                SELECT list_no, count(*) FILTER (WHERE NOT stored) AS new,
                       count(*) FILTER (WHERE stored AND NOT same) AS changed, count(*) FILTER (WHERE same) AS unchanged
                FROM (SELECT i.list_no, c.child_key IS NOT NULL AS stored, c.child_key IS NOT NULL AND {same} AS same
                      FROM incoming_annex i LEFT JOIN c ON {_ON}) compared
                GROUP BY list_no ORDER BY list_no""", [area_code])
        return found.astype({"list_no": int, "new": int, "changed": int, "unchanged": int})

    def _annex_refresh(self, con, batch_id: int, imported: bool = False) -> None:
        """Which rows are newest, for the keys batch `batch_id` holds, and the area's measures (after undoing it,
        or after importing it: `imported`)."""
        found = self._run(con, "SELECT min(area_code) FROM annex_a WHERE batch_id = ?", [batch_id])
        if found and found[0][0] is not None:
            area_code = found[0][0]
            if imported:
                self._run(con, SUPERSEDE, [batch_id, area_code, batch_id])
            else:
                self._run(con, REFRESH, [batch_id, area_code, area_code])
            self._annex_derive(con, area_code)

    def _annex_derive(self, con, area_code: str) -> None:
        """Work out again and store the measures of what the store now says about the area's Annex A lists, under
        its latest active extract's batch id (none when no extract is active)."""
        self._run(con, "DELETE FROM annex_measures WHERE area_code = ?", [area_code])
        lists = self._annex_current(con, area_code, MEASURED)
        if not lists:
            return
        latest = max(int(rows.batch_id.max()) for rows in lists.values())
        as_at = max(pd.Timestamp(rows.as_at.max()) for rows in lists.values())
        found = annex_measures.measures(lists).assign(batch_id=latest, area_code=area_code, as_at=as_at)
        found = found.assign(month=pd.to_datetime(found.month), team=found.team.astype("object"))
        found["team"] = found.team.where(found.team.notna(), None)
        names = ", ".join(found.columns)
        with self._backend.staged(con, "derived_annex", found):
            self._run(con, f"INSERT INTO annex_measures ({names}) SELECT {names} FROM derived_annex "
                           "ORDER BY measure_id, team, month")

    def _annex_areas(self, con) -> list[str]:
        return [r[0] for r in self._run(con, "SELECT DISTINCT area_code FROM annex_a")]

    def _annex_current(self, con, area_code: str, columns: str = STORED) -> dict[int, pd.DataFrame]:
        found = self._backend.bulk_frame(con, f"SELECT list_no, {columns}, batch_id FROM ({CURRENT}) c", [area_code],
                                         sort_by="list_no")
        # each list a slice of the rows: a group-by would copy every column (Arrow-backed text slowly)
        lists, starts = np.unique(found.list_no.to_numpy(), return_index=True)
        ends = [*starts[1:], len(found)]
        return {int(n): found.iloc[a:b].drop(columns="list_no").reset_index(drop=True)
                for n, a, b in zip(lists, starts, ends)}  # with no rows, no lists: zip stops at them

    def annex_rows(self, area_code: str) -> dict[int, pd.DataFrame]:
        """What the store says now about each child's events, list by list (keyed hashes only: for measures to
        count, never to show); one read for every list."""
        with self._use(write=False) as con:
            return self._annex_current(con, area_code)

    def annex_figures(self, area_code: str) -> pd.DataFrame:
        """annex_measures.measures of the area's current Annex A rows (without rates) as stored on import, with
        the batch id and as-at date of the latest extract; months as dates."""
        found = self._df("""SELECT measure_id, month, team, value, numerator, denominator, batch_id, as_at
                            FROM annex_measures WHERE area_code = ?""", [area_code])
        return found.assign(month=found.month.dt.date, team=found.team.astype("object"))

    def annex_extracts(self, area_code: str) -> pd.DataFrame:
        """The active Annex A batches for an area, oldest first, with their as-at dates."""
        return self._df("""SELECT a.batch_id, min(a.as_at) AS as_at, count(*) AS rows, bool_or(b.demo) AS demo
                           FROM annex_a a JOIN batches b ON b.batch_id = a.batch_id
                           WHERE a.area_code = ? AND b.undone_at IS NULL GROUP BY a.batch_id ORDER BY a.batch_id""",
                        [area_code])
