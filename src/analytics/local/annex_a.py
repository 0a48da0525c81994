"""Reading an Ofsted ILACS Annex A workbook, as councils keep it, into one ImportPlan (kind 'annex_a').

Each list's sheet is found by its name ('List 7', 'List 7 - Child Protection', 'L7 CP') or, failing that, by its
headers (the sheet whose header row has most of a list's fields). The header row is the first of the sheet's
first rows holding a child identifier header, so title rows above it do no harm. Cells are read with
python-calamine as Excel holds them: a date cell is a date whatever its format and whether or not it carries a
time of day; text dates are read day first ('31/01/2024', '2024-01-31', '31 Jan 2024', with or without a time);
a cell holding only spaces is blank; coded values are read with or without their letter ('a) Neglect',
'Neglect'; 'Yes', 'Y', 'a) Yes').

Privacy: the Child Unique ID becomes the keyed hash (keys.py) and the allocated worker's name a keyed worker id
(the same key, so caseloads can be counted without names); a date of birth is kept as its month; no postcode or
free text is read at all (annex_lists.py lists what is). Pre-birth plans (an unborn child: date of birth blank or
after the plan's start) are read as they are.

Every problem is reported at once, naming the sheet, the Excel row and the column; a rule failing on many rows
names its first few and counts the rest (rules.py). Nothing is read from a list this product does not store
but its row count.
"""

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from functools import cache

import numpy as np
import pandas as pd
import python_calamine

from analytics.local import rules
from analytics.local.annex_lists import LISTS, STORED_COLUMNS, ListSpec, header_key
from analytics.local.fields import CATEGORIES
from analytics.local.files import UnreadableFile, cycles_unchecked
from analytics.local.importer import ImportContext, ImportPlan
from analytics.local.rules import Key, Problem
from analytics.months import parse_date

HEADER_SEARCH_ROWS = 10  # the header row is among a sheet's first rows
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's serial dates (after its 1900 leap-year bug)
YES = {"yes", "y", "true", "1", "nfa", "no further action"}
NO = {"no", "n", "false", "0", "fa", "further action"}
NOT_ALLOCATED = {"", "unallocated", "not allocated", "none", "n a", "no worker", "tbc", "awaiting allocation"}
# in touch (a), not in touch (b), not recorded (c), excluded (d), by Ofsted's letters or the words
IN_TOUCH = {"a": "in touch", "b": "not in touch", "c": "not recorded", "d": "excluded", "yes": "in touch",
            "y": "in touch", "in touch": "in touch", "no": "not in touch", "n": "not in touch", "exclude": "excluded",
            "not in touch": "not in touch", "not recorded": "not recorded", "excluded": "excluded"}
SUITABILITY = {"a": "suitable", "b": "not suitable", "c": "not recorded", "d": "excluded", "suitable": "suitable",
               "yes": "suitable", "y": "suitable", "1": "suitable", "not suitable": "not suitable",
               "no": "not suitable", "n": "not suitable", "2": "not suitable", "exclude": "excluded",
               "not in touch or not recorded": "not recorded", "not recorded": "not recorded"}
NUMBER_TYPES = {bool, int, float}
NO_DAY = np.datetime64("NaT", "s")
# the stored columns' types: dates as datetime64, counts as floats (NaN when missing), Yes/No as nullable booleans
READS = {f.name: f.read for spec in LISTS.values() for f in spec.fields}
DTYPES = {**{c: {"date": "datetime64[s]", "month": "datetime64[s]", "count": "float64", "yes_no": "boolean"}
               .get(READS.get(c), "object") for c in STORED_COLUMNS}, "list_no": "int64", "as_at": "datetime64[s]"}
LETTER = re.compile(r"^\s*(?:([a-z])[).]|(\d{1,2})\s*-)\s*", re.IGNORECASE)  # 'a) ', 'b. ', '1 - '


def is_workbook_of_lists(data: bytes) -> bool:
    """True for a workbook with a sheet named like an Annex A list ('List 1', 'List 7 - CP')."""
    try:
        names = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    except Exception:  # not a workbook at all: the ordinary reader says why
        return False
    return any(_list_number(name) for name in names)


# how a workbook states its extract date (stated_date)
STATED_LABELS = ("Date of extract", "Extract date", "Date of extraction", "Extraction date", "As at", "As at date",
                 "Extract as at", "Data as at")
STATED_ROWS = 20


def plan_annex_a(data: bytes, file_name: str, sha256: str, context: ImportContext, as_at: date | None) -> ImportPlan:
    """Read and check a whole workbook as at `as_at` (the extract date given), else the date the workbook states
    (stated_date); refused when neither says. Its rows carry STORED_COLUMNS plus 'row' and 'sheet'."""
    if context.child_key is None:
        raise ValueError("reading Annex A needs the identifier key (ImportContext.child_key)")
    with cycles_unchecked():
        return _plan(data, file_name, sha256, context, as_at)


def _plan(data: bytes, file_name: str, sha256: str, context: ImportContext, as_at: date | None) -> ImportPlan:
    sheets = _sheets(data)
    plan = ImportPlan(file_name, sha256, "annex_a", None, pd.DataFrame(columns=["row", "sheet", *STORED_COLUMNS]),
                      [])
    found = _find_lists(sheets)
    stated = stated_date(sheets, found)
    if as_at is None and stated is None:
        plan.problems.append(Problem(None, None, "the workbook does not state its extract date (a cell 'Date of "
                                     "extract', 'Extract date' or 'As at' beside the date): give it (--as-at, or on "
                                     "the Import figures page)"))
        return plan
    if as_at is None or stated == as_at:
        plan.notes.append(f"Extract date {stated:%d %b %Y}, as the workbook states.")
    elif stated is not None:
        plan.notes.append(f"Extract date {as_at:%d %b %Y} as given; the workbook states {stated:%d %b %Y}.")
    as_at = as_at or stated
    child_key = cache(context.child_key)  # a child is in several lists: each identifier is hashed once
    frames = []
    absent = [f"List {n} ({spec.title})" for n, spec in LISTS.items() if spec.stored and n not in found]
    if absent:
        plan.notes.append("Not in the workbook: " + ", ".join(absent) + ".")
    for number, spec in LISTS.items():
        if number not in found:
            continue
        name, header_at, records = found[number]
        reader = _ListReader(spec, name, header_at, records, context, as_at, child_key)
        if not spec.stored:
            plan.notes.append(f"List {number} ({spec.title}), sheet '{name}': {reader.count:,} rows read, not used.")
            continue
        frame = reader.read()
        plan.problems += reader.problems
        plan.notes.append(f"List {number} ({spec.title}), sheet '{name}': {len(frame):,} rows.")
        frames.append(frame)
    if not frames:
        plan.problems.append(Problem(None, None, "no Annex A list found: name each sheet 'List 1' to 'List 11', "
                                     "or keep Ofsted's headers"))
    else:
        plan.rows = pd.concat(frames, ignore_index=True).assign(area_code=context.area_code)
    plan.problems.sort(key=lambda p: (p.sheet or "", p.row or 0, p.column or ""))
    return plan


def _sheets(data: bytes) -> dict[str, list[list]]:
    """Every sheet's cells, the sheets parsed side by side: calamine lets go of Python's lock while it parses,
    which is most of reading a workbook (a workbook object per thread: one read by two threads at once raises
    'Already borrowed')."""
    def sheet(name: str) -> list[list]:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    try:
        names = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            return dict(zip(names, pool.map(sheet, names)))
    except Exception as exc:  # calamine raises its own and zip errors alike for damaged files
        raise UnreadableFile(f"this looks like a spreadsheet but cannot be opened ({exc})") from exc


def _list_number(sheet_name: str) -> int | None:
    found = re.match(r"\s*(?:list|l)\s*(\d{1,2})\b", sheet_name.replace("\u00a0", " "), re.IGNORECASE)
    return int(found[1]) if found and int(found[1]) in LISTS else None


def _header_row(records: list[list]) -> int | None:
    """The index of the first of the first rows naming a child (or adopter) identifier."""
    ids = {header_key(h) for spec in LISTS.values() for h in spec.fields[0].headers}
    for at, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        if any(header_key(c) in ids for c in record if c is not None):
            return at
    return None


def _find_lists(sheets: dict[str, list[list]]) -> dict[int, tuple[str, int, list[list]]]:
    """List number -> (sheet name, header row index, records): by sheet name first, then by headers."""
    found, unnamed = {}, []
    for name, records in sheets.items():
        header_at = _header_row(records)
        if header_at is None:
            continue
        number = _list_number(name)
        if number is not None and number not in found:
            found[number] = (name, header_at, records)
        else:
            unnamed.append((name, header_at, records))
    for name, header_at, records in unnamed:
        keys = {header_key(c) for c in records[header_at] if c is not None}
        scores = {n: sum(any(header_key(h) in keys for h in f.headers) for f in spec.fields[1:])
                  for n, spec in LISTS.items() if n not in found}
        best = max(scores, key=scores.get, default=None)
        if best is not None and scores[best] >= 2:
            found[best] = (name, header_at, records)
    return found


def stated_date(sheets: dict[str, list[list]], found: dict[int, tuple[str, int, list[list]]]) -> date | None:
    """The extract date a workbook states: a cell reading one of STATED_LABELS with the date after a colon in the
    same cell, else in the next filled cell to its right, else in the cell below; looked for in the first
    STATED_ROWS rows of each sheet, sheets in order, above a list's headers (a cover sheet or a list's title rows).
    The document properties are not read: they say when the file was saved, not what date its figures are as at."""
    headers = {name: at for name, at, _ in found.values()}
    labels = {header_key(label) for label in STATED_LABELS}
    for name, records in sheets.items():
        top = records[:min(headers.get(name, STATED_ROWS), STATED_ROWS)]
        for r, record in enumerate(top):
            for c, cell in enumerate(record):
                label, _, rest = _text(cell).partition(":")
                if header_key(label) not in labels:
                    continue
                below = top[r + 1][c] if r + 1 < len(top) and c < len(top[r + 1]) else None
                right = next((x for x in record[c + 1:] if _text(x)), None)
                for candidate in (rest.strip() or None, right, below):
                    value = _date(candidate) if candidate is not None else None
                    if isinstance(value, date):
                        return value
    return None


def _text(cell) -> str:
    if type(cell) is str:  # most cells, so first
        return cell.replace("\u00a0", " ").strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).replace("\u00a0", " ").strip()


def _date(cell) -> date | None | str:
    """A date; None for a blank; the text itself when it is not a date."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return EXCEL_EPOCH + timedelta(days=int(cell)) if 1 <= cell < 2958466 else str(cell)
    text = _text(cell)
    if not text:
        return None
    day = re.split(r"[ T](?=\d{1,2}:\d{2})", text, maxsplit=1)[0]  # a time of day after the date
    return parse_date(day) or text


def _code(cell) -> tuple[str, str]:
    """('a', 'neglect') for 'a) Neglect'; ('', 'neglect') for 'Neglect'."""
    text = _text(cell)
    found = LETTER.match(text)
    letter = (found[1] or found[2] or "").casefold() if found else ""
    return letter, header_key(text[found.end():] if found else text)


class _ListReader:
    """One list's sheet read into STORED_COLUMNS, noting each cell it cannot read. Each column is read as its
    distinct cells (a column of 50,000 dates holds a few hundred), then spread over the rows by index arrays."""

    def __init__(self, spec: ListSpec, sheet: str, header_at: int, records: list[list], context: ImportContext,
                 as_at: date, child_key):
        self.spec, self.sheet, self.context, self.as_at, self.child_key = spec, sheet, context, as_at, child_key
        header = [_text(c) for c in records[header_at]]
        keys = [header_key(h) for h in header]
        found = {f.name: next((keys.index(header_key(h)) for h in f.headers if header_key(h) in keys), None)
                 for f in spec.fields}
        self.positions = {name: pos for name, pos in found.items() if pos is not None}
        self.headers = {name: header[pos] for name, pos in self.positions.items()}
        below = records[header_at + 1:]
        width = max(map(len, below), default=0)  # calamine's rows are all as wide as the sheet; others may not be
        below = below if min(map(len, below), default=0) == width else [[*r, *[None] * (width - len(r))] for r in below]
        columns = [_distinct(c) for c in zip(*below)]
        filled = np.zeros(len(below), dtype=bool)
        for uniques, codes in sorted(columns, key=lambda c: len(c[0])):  # a few distinct cells usually fill all
            filled |= np.array([c is not None and (not isinstance(c, str) or bool(c.strip())) for c in uniques],
                               dtype=bool)[codes]
            if filled.all():
                break
        kept = np.flatnonzero(filled)
        self.count = len(kept)
        self.rows = pd.Series(kept + header_at + 2, dtype="int64")  # Excel rows: the header's is header_at + 1
        self.columns = [(uniques, codes[kept]) for uniques, codes in columns]
        self.header_row = header_at + 1
        self.problems: list[Problem] = []

    def distinct(self, name: str) -> tuple[list, np.ndarray]:
        """A field's distinct cells, and each row's index among them (a missing column: one blank cell)."""
        pos = self.positions.get(name)
        if pos is None or pos >= len(self.columns):
            return [None], np.zeros(self.count, dtype=np.intp)
        return self.columns[pos]

    def each(self, read, name: str, dtype=object) -> np.ndarray:
        """`read` of each cell of a column, worked out once per distinct cell."""
        uniques, codes = self.distinct(name)
        found = [read(c) for c in uniques]
        return (np.fromiter(found, dtype=object, count=len(found)) if dtype is object
                else np.array(found, dtype=dtype))[codes]

    def cell(self, name: str, at: int):
        uniques, codes = self.distinct(name)
        return uniques[codes[at]]

    def bad(self, failing: np.ndarray, name: str, message) -> None:
        """`failing`: a boolean per row; `message(position)`, a position among the rows."""
        failing = np.flatnonzero(failing)
        if len(failing):
            self.problems += rules.bounded(self.rows.to_numpy()[failing].tolist(), self.headers.get(name, name),
                                           lambda i: message(failing[i]), message(failing[0]), self.sheet)

    def read(self) -> pd.DataFrame:
        missing = [f.header for f in self.spec.fields if f.required and f.name not in self.positions]
        if missing:
            self.problems.append(Problem(self.header_row, None, "no column for " + ", ".join(
                f"'{m}'" for m in missing) + " (Ofsted's header, or a known variant)", self.sheet))
            return _typed({}, self.rows.iloc[:0], self.sheet)
        read = {"child_key" if f.name == "child_id" else f.name: getattr(self, f"_{f.read}")(f.name, f.required)
                for f in self.spec.fields} | {"list_no": self.spec.number, "as_at": np.datetime64(self.as_at, "s")}
        frame = _typed(read, self.rows, self.sheet)
        self._check(frame)
        return frame

    # one reader per kind of field
    def _id(self, name, required):
        uniques, codes = self.distinct(name)
        texts = [_text(c) for c in uniques]
        self.bad(np.array([not t for t in texts], dtype=bool)[codes], name,
                 lambda _: "is empty; each row needs the child's identifier")
        keys = [self.child_key(t) if t else None for t in texts]
        return pd.Series(np.fromiter(keys, dtype=object, count=len(keys))[codes], dtype="object")

    def _date(self, name, required):
        self.bad(self.each(lambda c: isinstance(_date(c), str), name, bool), name,
                 lambda i: f"'{_date(self.cell(name, i))}' is not a date (write it as 31/01/2024, or use a date cell)")
        if required:
            self.bad(self.each(lambda c: _date(c) is None, name, bool), name, lambda _: "is empty; a date is needed")
        return pd.Series(self.each(lambda c: _day(_date(c)), name, "datetime64[s]"))

    def _month(self, name, required):
        """A date of birth kept as its month; an unreadable one is not needed, so is dropped, not refused."""
        return pd.Series(self.each(lambda c: _day(d.replace(day=1) if isinstance(d := _date(c), date) else None),
                                   name, "datetime64[s]"))

    def _team(self, name, required):
        return pd.Series(self.each(lambda c: _text(c) or None, name), dtype="object")

    def _worker(self, name, required):
        # a worker holds many children: each name is hashed once
        return pd.Series(self.each(lambda c: None if header_key(t := _text(c)) in NOT_ALLOCATED
                                   else self.child_key("worker:" + t), name), dtype="object")

    def _coded(self, name, read, accepted: str) -> pd.Series:
        def value(cell):
            letter, words = _code(cell)
            return read(letter, words) if (letter or words) else None
        self.bad(self.each(lambda c: value(c) is None and any(_code(c)), name, bool), name,
                 lambda i: f"'{_text(self.cell(name, i))}' is not one of {accepted}")
        return pd.Series(self.each(value, name), dtype="object")

    def _yes_no(self, name, required):
        def read(letter, words):
            return True if words in YES or letter == "a" else False if words in NO or letter == "b" else None
        return self._coded(name, read, "Yes or No (Y, N, a) Yes, b) No)").astype("boolean")

    def _category(self, name, required):
        return self._coded(name, lambda letter, words: CATEGORIES.get(words.removesuffix(" abuse").strip())
                           or CATEGORIES.get(words), "Ofsted's categories (a) Neglect ... e) Multiple)")

    def _in_touch(self, name, required):
        return self._coded(name, lambda letter, words: IN_TOUCH.get(letter) or IN_TOUCH.get(words),
                           "a) In touch, b) Not in touch, c) Not recorded, d) Exclude")

    def _suitability(self, name, required):
        return self._coded(name, lambda letter, words: SUITABILITY.get(letter) or SUITABILITY.get(words),
                           "a) Suitable, b) Not suitable, c) Not in touch or not recorded, d) Exclude")

    def _activity(self, name, required):
        def read(letter, words):
            found = re.match(r"([fpg]\d)\b", words)
            return found[1].upper() if found else None
        return self._coded(name, read, "the DfE's activity codes (F1 to P5 in education, employment or training; "
                                       "G4 to G6 not)")

    def _count(self, name, required):
        uniques, codes = self.distinct(name)
        texts = [_text(c) for c in uniques]
        values = pd.to_numeric(pd.Series(texts, dtype="object").replace("", None), errors="coerce").to_numpy("float64")
        wrong = np.array([bool(t) and bool(np.isnan(v) or v < 0 or v % 1) for t, v in zip(texts, values)], dtype=bool)
        self.bad(wrong[codes], name, lambda i: f"'{texts[codes[i]]}' is not a whole number")
        return pd.Series(np.where(values[codes] >= 0, values[codes], np.nan))

    def _check(self, frame: pd.DataFrame) -> None:
        spec, as_at = self.spec, self.as_at
        dated = [f.name for f in spec.fields if f.read == "date"]
        checks = [rules.date_not_after(d, as_at, "this date is", f"after the extract's as-at date {as_at:%d/%m/%Y}")
                  for d in dated]
        if "event_end" in dated:
            checks.append(rules.not_before("event_end", "event_start", "ends", "it starts"))
        if "authorised" in dated:
            checks.append(rules.not_before("authorised", "event_start", "authorised", "the assessment started"))
        if "icpc_date" in dated:
            checks.append(rules.not_before("icpc_date", "event_start", "the ICPC", "the strategy discussion"))
        if spec.number == 7:
            frame = frame.assign(overlaps_row=rules.overlapping_rows(frame, "child_key", "event_start", "event_end"))
            checks.append(rules.no_overlap("event_start"))
        key = (Key(["child_key", "event_start"], "child and start date", "event_start") if spec.start
               else Key(["child_key"], "child", "child_key"))
        headers = {**self.headers, "child_key": self.headers.get("child_id")}
        self.problems += rules.check(frame, checks, key, lambda row, rule: headers.get(rule.column, rule.column),
                                     self.sheet)


def _distinct(cells: tuple) -> tuple[list, np.ndarray]:
    """A column's distinct cells, and each cell's index among them; keyed by type too when the column mixes
    True, 1 and 1.0 (equal keys, but not the same cell)."""
    keys = list(zip(map(type, cells), cells)) if len(NUMBER_TYPES & set(map(type, cells))) > 1 else cells
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    codes = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
    return [k[1] for k in index] if keys is not cells else list(index), codes


def _day(value: date | None) -> np.datetime64:
    return np.datetime64(value, "s") if isinstance(value, date) else NO_DAY


def _typed(read: dict, rows: pd.Series, sheet: str) -> pd.DataFrame:
    """A list's frame, made once: its Excel rows, sheet and the stored columns in order, the fields it does not
    have as empty columns of their type, so the lists' frames join without falling back to Python objects."""
    return pd.DataFrame({"row": rows, "sheet": sheet, **{
        c: read[c] if c in read else pd.Series(index=rows.index, dtype=DTYPES[c]) for c in STORED_COLUMNS}})
