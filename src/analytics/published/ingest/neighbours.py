"""The DfE statistical-neighbour groupings: each LA's ten closest LAs, ranked, with closeness.

Two models are loaded: the April 2021 groupings (LGR version) and the May 2025
model. Files are wide (SN1, SNP, SN2, SNP, ...); here they become one row per
(model, LA, rank).
"""

from pathlib import Path

import pandas as pd

from analytics.published.ingest import IngestError, read_published_csv

MODELS = {
    "2021": "dfe/New_Statistical_Neighbour_Groupings_April_2021.csv",
    "2025": "dfe/sn_model_2025_wide.csv",
}
NEIGHBOURS_PER_LA = 10


def _read_model(path: Path, model: str, known_las: set[str]) -> pd.DataFrame:
    frame = read_published_csv(path, [])
    # The LA number is the first column; neighbour code / closeness pairs follow the
    # region columns. Positional because the 2021 file repeats the header 'SNP'.
    first_pair = 5 if model == "2021" else 4
    rows = []
    for line, record in enumerate(frame.itertuples(index=False), start=2):
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
    result = pd.DataFrame(rows, columns=["model", "area_code", "rank", "neighbour_code", "closeness"])
    unknown = set(result.area_code) - known_las
    if unknown:
        raise IngestError(path, f"LA number(s) {sorted(unknown)} are not known LAs")
    return result


def load(data_dir: Path, known_las: set[str]) -> pd.DataFrame:
    return pd.concat([_read_model(data_dir / file, model, known_las) for model, file in MODELS.items()],
                     ignore_index=True)
