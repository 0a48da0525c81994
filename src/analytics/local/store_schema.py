"""The local store's schema, as numbered migrations the product applies itself (LocalStore does, on opening).

Each migration is a list of statements that DuckDB and PostgreSQL both run, plus
statements for one dialect only. A store records the migrations it has had in
`schema_version`; a new migration goes at the end of MIGRATIONS with the next
number, and is never edited once released (stores in the field have run it).
Version 1 is the schema of stores made before migrations were numbered; its
statements are `IF NOT EXISTS`, so such a store takes it without change.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    statements: list[str]
    only: dict[str, list[str]] = field(default_factory=dict)  # dialect -> its own further statements

    def for_dialect(self, dialect: str) -> list[str]:
        return self.statements + self.only.get(dialect, [])


VERSIONS = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL, what VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"""

MIGRATIONS = [
    Migration(1, "the council's figures: batches, declared measures, monthly figures, CP plan lists, "
                 "establishment, targets", [
        "CREATE SEQUENCE IF NOT EXISTS batch_ids START 1",
        """CREATE TABLE IF NOT EXISTS batches (
            batch_id INTEGER PRIMARY KEY DEFAULT nextval('batch_ids'), kind VARCHAR NOT NULL, file_name VARCHAR,
            sha256 VARCHAR, rows INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL, imported_by VARCHAR,
            demo BOOLEAN NOT NULL DEFAULT false, note VARCHAR, undone_at TIMESTAMP, undone_by VARCHAR)""",
        """CREATE TABLE IF NOT EXISTS local_measures (
            id VARCHAR NOT NULL, label VARCHAR NOT NULL, unit VARCHAR NOT NULL,
            polarity VARCHAR NOT NULL CHECK (polarity IN ('high', 'low', 'neither')), definition VARCHAR,
            source VARCHAR, batch_id INTEGER NOT NULL)""",
        # value is NULL exactly when status holds the reason (a suppression code or 'blank')
        """CREATE TABLE IF NOT EXISTS local_observations (
            batch_id INTEGER NOT NULL, measure_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, month DATE NOT NULL,
            team VARCHAR, value DOUBLE PRECISION, numerator DOUBLE PRECISION, denominator DOUBLE PRECISION,
            status VARCHAR, source VARCHAR, note VARCHAR, CHECK ((value IS NULL) = (status IS NOT NULL)))""",
        """CREATE TABLE IF NOT EXISTS cp_plans (
            batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, child_key VARCHAR NOT NULL,
            plan_start DATE NOT NULL, plan_end DATE, category VARCHAR, previous_plans INTEGER)""",
        """CREATE TABLE IF NOT EXISTS establishment (
            batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, month DATE NOT NULL, team VARCHAR,
            posts_fte DOUBLE PRECISION, permanent_fte DOUBLE PRECISION, agency_fte DOUBLE PRECISION,
            vacant_fte DOUBLE PRECISION, starters_fte DOUBLE PRECISION, leavers_fte DOUBLE PRECISION,
            case_holders_fte DOUBLE PRECISION, cases DOUBLE PRECISION)""",
        """CREATE TABLE IF NOT EXISTS targets (
            batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, measure_id VARCHAR NOT NULL, target_date DATE,
            value DOUBLE PRECISION NOT NULL, tolerance DOUBLE PRECISION, source VARCHAR, owner VARCHAR,
            priority_area VARCHAR)""",
    ], only={
        # DuckDB finds an area's rows by the zone maps of rows inserted in order (store.ORDER); PostgreSQL needs
        # indexes for the pages' reads, which are always for one area
        "postgresql": [
            "CREATE INDEX IF NOT EXISTS observations_by_area ON local_observations (area_code, measure_id, month)",
            "CREATE INDEX IF NOT EXISTS establishment_by_area ON establishment (area_code, month)",
            "CREATE INDEX IF NOT EXISTS cp_plans_by_area ON cp_plans (area_code, batch_id)",
            "CREATE INDEX IF NOT EXISTS targets_by_area ON targets (area_code, batch_id)",
        ],
    }),
]

MIGRATIONS.append(Migration(2, "sign-in: the roles an admin gives, and the append-only audit trail", [
    "CREATE SEQUENCE IF NOT EXISTS audit_ids START 1",
    """CREATE TABLE IF NOT EXISTS audit (
        audit_id INTEGER PRIMARY KEY DEFAULT nextval('audit_ids'), happened_at TIMESTAMP NOT NULL,
        identity VARCHAR NOT NULL, name VARCHAR, role VARCHAR, via VARCHAR NOT NULL, action VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL CHECK (outcome IN ('done', 'refused')), area_code VARCHAR, batch_id INTEGER,
        detail VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS roles (
        email VARCHAR PRIMARY KEY, role VARCHAR NOT NULL CHECK (role IN ('viewer', 'board', 'analyst', 'admin')),
        granted_by VARCHAR NOT NULL, granted_at TIMESTAMP NOT NULL)""",
], only={
    # the program never changes an audit row; on a shared server the database refuses it too (DuckDB has no
    # triggers: there, whoever can write the file could change anything anyway)
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$""",
        """CREATE TRIGGER audit_is_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
           FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only()""",
    ],
}))

MIGRATIONS.append(Migration(3, "Ofsted Annex A lists 1 and 3 to 9: one row per child and event, by extract", [
    # one table for the eight lists (list_no); a column is empty where its list has no such field. child_key and
    # worker_key are keyed hashes (keys.py); dob_month is the month of birth; no names, postcodes or free text.
    # newest: no later active batch holds the row's key (kept by store_annex on import and undo, so reads need
    # no sort of every extract's rows)
    """CREATE TABLE IF NOT EXISTS annex_a (
        batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, list_no INTEGER NOT NULL, child_key VARCHAR NOT NULL,
        event_start DATE, event_end DATE, authorised DATE, icpc_date DATE, last_visit DATE, dob_month DATE,
        team VARCHAR, worker_key VARCHAR, nfa BOOLEAN, referrals_12m INTEGER, previous_plans INTEGER,
        placements_12m INTEGER, category VARCHAR, in_touch VARCHAR, accommodation VARCHAR, activity VARCHAR,
        as_at DATE NOT NULL, newest BOOLEAN NOT NULL DEFAULT true)""",
], only={"postgresql": ["CREATE INDEX IF NOT EXISTS annex_a_by_area ON annex_a (area_code, list_no, child_key)"]}))

MIGRATIONS.append(Migration(4, "Ofsted Annex A measures worked out on import, so the pages read them in one query", [
    # what annex_measures.measures makes of an area's current Annex A rows (no rates: the population is in the
    # published store), under the latest active extract's batch id and as-at date; store_annex replaces an area's
    # rows in the transaction of each import or undo of an extract (LocalStore._migrate fills it for older stores)
    """CREATE TABLE IF NOT EXISTS annex_measures (
        batch_id INTEGER NOT NULL, area_code VARCHAR NOT NULL, measure_id VARCHAR NOT NULL, month DATE NOT NULL,
        team VARCHAR, value DOUBLE PRECISION, numerator DOUBLE PRECISION, denominator DOUBLE PRECISION,
        as_at DATE NOT NULL)""",
], only={"postgresql": ["CREATE INDEX IF NOT EXISTS annex_measures_by_area ON annex_measures (area_code)"]}))

LATEST = MIGRATIONS[-1].version
