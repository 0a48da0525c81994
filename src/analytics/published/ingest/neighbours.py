"""The DfE statistical-neighbour groupings: each LA's ten closest LAs, ranked, with closeness.

Two models are loaded: the April 2021 groupings (LGR version) and the May 2025
model. Files are wide (SN1, SNP, SN2, SNP, ...); here they become one row per
(model, LA, rank).
"""

from pathlib import Path

import duckdb

from analytics.published.ingest import IngestError, read_published_csv
from analytics.published.store import stage

MODELS = {
    "2021": "dfe/New_Statistical_Neighbour_Groupings_April_2021.csv",
    "2025": "dfe/sn_model_2025_wide.csv",
}
NEIGHBOURS_PER_LA = 10


COLUMNS = ("model", "area_code", "rank", "neighbour_code", "closeness")


def _read_model(path: Path, model: str, known_las: set[str]) -> list[tuple]:
    _, records = read_published_csv(path, [])
    # The LA number is the first column; neighbour code / closeness pairs follow the
    # region columns. Positional because the 2021 file repeats the header 'SNP'.
    first_pair = 5 if model == "2021" else 4
    rows = []
    for line, record in enumerate(records, start=2):
        la = str(record[0]).strip()
        if not la:
            continue
        for rank in range(1, NEIGHBOURS_PER_LA + 1):
            col = first_pair + 2 * (rank - 1)
            try:
                code, closeness = str(record[col]).strip(), str(record[col + 1]).strip()
            except IndexError:
                raise IngestError(path, f"line {line}: fewer than {NEIGHBOURS_PER_LA} neighbours") from None
            if code not in known_las:
                raise IngestError(path, f"line {line}: neighbour {rank} '{code}' is not a known LA number")
            rows.append((model, la, rank, code, closeness.capitalize()))
    unknown = {row[1] for row in rows} - known_las
    if unknown:
        raise IngestError(path, f"LA number(s) {sorted(unknown)} are not known LAs")
    return rows


def load(con: duckdb.DuckDBPyConnection, data_dir: Path, known_las: set[str]) -> None:
    """Stage both models' groupings in `con` as staged_neighbours."""
    rows = [row for model, file in MODELS.items() for row in _read_model(data_dir / file, model, known_las)]
    stage(con, "staged_neighbours", {c: [r[n] for r in rows] for n, c in enumerate(COLUMNS)}, {"rank": "INTEGER"})
