"""The store's write refuses tables that do not fit together."""

import pytest

from analytics.published.store import SCHEMA, IntegrityError, new_store, publish, stage_order


@pytest.mark.parametrize(("extra", "message"), [
    # a figure for a measure the catalogue does not have
    ("('no_such_measure', '332', '2024', 2024, 1.0, NULL, 'test')",
     "observations name a measure that is not in the catalogue: no_such_measure"),
    # Dudley's 2024 turnover rate a second time
    ("('sw_turnover_rate', '332', '2024', 2024, 1.0, NULL, 'test')",
     "observations repeat a measure, area and period: sw_turnover_rate 332 2024"),
])
def test_write_stops_on_tables_that_do_not_fit(store, tmp_path, extra, message):
    with pytest.raises(IntegrityError, match=message), new_store(tmp_path / "new.duckdb") as con:
        con.execute("ATTACH ? AS built (READ_ONLY)", [str(store.path)])
        for name in SCHEMA:
            con.execute(f"CREATE TEMP TABLE staged_{name} AS SELECT * FROM built.{name}")
        con.execute("DELETE FROM staged_build_info WHERE key = 'observations'")
        con.execute(f"INSERT INTO staged_observations VALUES {extra}")
        con.execute("DETACH built")
        stage_order(con, "staged_measures")
        publish(con, {name: f"staged_{name}" for name in SCHEMA})
    assert not (tmp_path / "new.duckdb").exists()
