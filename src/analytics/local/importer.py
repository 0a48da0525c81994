"""Planning an import of the council's own figures: what a file holds, read into rows, and every problem with it.

Four kinds of file (`KINDS`), told apart by their headers where that is
unambiguous:

- monthly figures, long (`month, measure, value[, numerator, denominator][, team]`)
  or wide (one row per month, one column per measure);
- a child-level child protection plan list (as Ofsted's Annex A list):
  child identifier, plan start date, plan end date, category of abuse;
- establishment (team workforce) data: posts, permanent, agency and vacant FTE,
  starters, leavers, case-holding FTE and cases, per month and team;
- targets: measure, date, value, tolerance, source, owner.

Headers match whatever their case, spacing and punctuation, and common synonyms
(`FIELDS`). Months can be typed as `2023-01`, `Jan-23`, `January 2023` or
`01/01/2023` (see months.py); "18%" is read as 18; suppression codes (c, x, z, ...)
become missing values with the code as their reason, never zero. A blank cell in
a wide file is no figure (nothing is stored for it); a blank value in a long file
is stored as missing with the reason 'blank', unless its numerator and
denominator give the percentage.

`plan_import` only reads and checks: it touches no store. Every problem is
collected at once, each naming the row as the user sees it in Excel (header = row
1) and the column by its header. Range, duplicate and consistency rules run
through pandera. LocalStore.apply writes a plan only when it has no problems.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analytics.local.catalogue import UNIT_RANGES, Catalogue, MeasureDeclaration, key
from analytics.local.files import RawTable
from analytics.lookup import NotFound, resolve_la
from analytics.months import month_label, parse_column, parse_date, parse_month
from analytics.suppression import CODES, read_cells

KINDS = {
    "monthly": "monthly figures",
    "cp_plans": "child protection plan list (one row per plan)",
    "establishment": "establishment (team workforce) figures",
    "targets": "targets and trajectories",
}

# field -> the names a header may have (compared by catalogue.key: case, spaces and punctuation ignored)
SHARED = {
    "team": ("team", "team name", "service", "service area", "team service area"),
    "area": ("la", "la code", "la number", "local authority", "area", "area code", "ons code", "council"),
    "source": ("source", "source document", "citation"),
    "note": ("note", "notes", "comment", "comments"),
}
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "monthly": {
        "month": ("month", "period", "date", "month ending", "month end", "reporting month", "month start"),
        "measure": ("measure", "measure id", "measure name", "indicator", "kpi", "metric"),
        "value": ("value", "figure", "actual", "result", "performance"),
        "numerator": ("numerator", "num"),
        "denominator": ("denominator", "denom", "out of"),
        **SHARED,
    },
    "cp_plans": {
        "child_id": ("child id", "child identifier", "child unique id", "unique child id", "child ref",
                     "child reference", "person id", "lcs id", "child"),
        "plan_start": ("plan start", "plan start date", "start date", "cp plan start date", "cpp start date",
                       "child protection plan start date", "date plan started"),
        "plan_end": ("plan end", "plan end date", "end date", "cp plan end date", "cpp end date",
                     "child protection plan end date", "date the child protection plan ended", "date plan ended"),
        "category": ("category", "category of abuse", "initial category of abuse", "latest category of abuse",
                     "abuse category"),
        "previous_plans": ("previous plans", "number of previous child protection plans", "previous cp plans",
                           "number of previous cp plans"),
        "area": SHARED["area"],
    },
    "establishment": {
        "month": ("month", "period", "date", "month ending", "month end", "reporting month"),
        "posts_fte": ("posts", "posts fte", "establishment", "establishment fte", "funded posts", "funded posts fte"),
        "permanent_fte": ("permanent", "permanent fte", "permanent staff", "permanent staff fte", "employed fte",
                          "in post fte", "filled by permanent staff", "filled by permanent staff fte"),
        "agency_fte": ("agency", "agency fte", "agency staff", "agency staff fte", "agency workers fte"),
        "vacant_fte": ("vacant", "vacant fte", "vacancies", "vacancies fte", "vacant posts", "vacant posts fte"),
        "starters_fte": ("starters", "starters fte", "joiners", "joiners fte"),
        "leavers_fte": ("leavers", "leavers fte"),
        "case_holders_fte": ("case holders", "case holders fte", "case holding fte", "case holding staff fte",
                             "case holding social workers fte"),
        "cases": ("cases", "cases held", "number of cases", "open cases"),
        **SHARED,
    },
    "targets": {
        "measure": ("measure", "measure id", "measure name", "indicator", "kpi", "metric"),
        "target_date": ("target date", "date", "month", "by", "due", "target month"),
        "value": ("value", "target", "target value"),
        "tolerance": ("tolerance", "amber tolerance", "amber band"),
        "owner": ("owner", "responsible officer", "lead officer"),
        "priority_area": ("priority area", "priority", "ofsted priority area"),
        **{k: SHARED[k] for k in ("area", "source")},
    },
}
REQUIRED = {
    "monthly": ("month",),
    "cp_plans": ("child_id", "plan_start"),
    "establishment": ("month", "posts_fte", "permanent_fte", "agency_fte", "vacant_fte", "leavers_fte",
                      "case_holders_fte", "cases"),
    "targets": ("measure", "value"),
}
WHOLE_SERVICE = {"", "all", "all teams", "total", "whole service", "service total"}
CATEGORIES = {"neglect": "Neglect", "n": "Neglect", "physical abuse": "Physical abuse", "physical": "Physical abuse",
              "p": "Physical abuse", "sexual abuse": "Sexual abuse", "sexual": "Sexual abuse", "s": "Sexual abuse",
              "emotional abuse": "Emotional abuse", "emotional": "Emotional abuse", "e": "Emotional abuse",
              "multiple": "Multiple", "m": "Multiple", "mixed": "Multiple"}
ESTABLISHMENT_NUMBERS = ["posts_fte", "permanent_fte", "agency_fte", "vacant_fte", "starters_fte", "leavers_fte",
                         "case_holders_fte", "cases"]
# The columns each kind's rows carry to LocalStore.apply (besides bookkeeping ones).
OUTPUT = {
    "monthly": ["area_code", "measure_id", "month", "team", "value", "numerator", "denominator", "status", "source",
                "note"],
    "cp_plans": ["area_code", "child_key", "plan_start", "plan_end", "category", "previous_plans"],
    "establishment": ["area_code", "month", "team", *ESTABLISHMENT_NUMBERS],
    "targets": ["area_code", "measure_id", "target_date", "value", "tolerance", "source", "owner", "priority_area"],
}
# A percentage that disagrees with its own numerator and denominator by more than this (points) is refused;
# half a point lets through figures rounded to whole percentages, as papers often print them.
PERCENT_TOLERANCE = 0.5


@dataclass(frozen=True)
class Problem:
    row: int | None  # as in Excel: the header is row 1
    column: str | None  # the header as in the file
    message: str

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "",
                                      f"column '{self.column}'" if self.column else "") if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class UnknownMeasure:
    name: str  # as written in the file
    column: str
    rows: list[int]
    suggestions: list[str]  # 'id — label'


@dataclass(frozen=True)
class ImportContext:
    """What planning an import needs to know besides the file."""

    catalogue: Catalogue
    area_code: str  # the council the figures are for, unless the file has an LA column
    today: date
    areas: pd.DataFrame | None = None  # the store's areas, to read an LA column
    child_key: Callable[[str], str] | None = None  # child_keys.hasher(key), for CP plan lists


@dataclass
class ImportPlan:
    file_name: str
    sha256: str
    kind: str | None
    layout: str | None  # 'long' or 'wide' for monthly figures
    rows: pd.DataFrame  # OUTPUT[kind] columns plus 'row' (the Excel row)
    problems: list[Problem]
    unknown_measures: list[UnknownMeasure] = field(default_factory=list)
    declarations: list[MeasureDeclaration] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as in the file

    @property
    def ok(self) -> bool:
        return not self.problems

    def preview(self, n: int = 20) -> pd.DataFrame:
        """What the import would add, for the user to check: rows for figures, counts only for a CP list."""
        if self.kind == "cp_plans":
            plans = self.rows.assign(start_year=pd.to_datetime(self.rows.plan_start).dt.year,
                                     open=self.rows.plan_end.isna())
            return (plans.groupby(["start_year", "category"], dropna=False)
                    .agg(plans=("plan_start", "size"), still_open=("open", "sum")).reset_index())
        return self.rows.drop(columns=["row"], errors="ignore").head(n)


@dataclass(frozen=True)
class Key:
    """The columns that identify a row: two rows with the same values are duplicates."""

    columns: list[str]
    what: str  # in words, for the message
    names: str  # the field whose header a duplicate's problem names


NULLABLE_KEYS = {"team", "target_date"}


@dataclass(frozen=True)
class Rule:
    """One check on normalised rows: `ok(frame)` is True where a row passes; `message(row)` says why not."""

    name: str
    column: str  # the field whose header the problem names
    ok: Callable[[pd.DataFrame], pd.Series]
    message: Callable[[pd.Series], str]


def detect_kind(header: list[str]) -> str | None:
    """The kind a header row can only mean, or None."""
    found = {kind: set(_map_columns(header, kind)[0]) for kind in FIELDS}
    if {"child_id", "plan_start"} <= found["cp_plans"]:
        return "cp_plans"
    if len(found["establishment"] & set(ESTABLISHMENT_NUMBERS)) >= 3:
        return "establishment"
    keys = {key(h) for h in header}
    if "measure" in found["targets"] and keys & {"target", "target value", "tolerance", "target date", "owner"}:
        return "targets"
    if "month" in found["monthly"]:
        return "monthly"
    return None


def plan_import(raw: RawTable, context: ImportContext, kind: str | None = None,
                declarations: list[MeasureDeclaration] = ()) -> ImportPlan:
    """Read and check `raw` as `kind` (detected from the headers when not given)."""
    declarations = list(declarations)
    problems = [Problem(1, d.name, f"declared measure: {p}") for d in declarations for p in d.problems()]
    problems += [Problem(1, d.name, f"declared measure: '{d.id}' is already in the catalogue; use it instead")
                 for d in declarations if d.id in context.catalogue.measures.index]
    kind = kind or detect_kind(raw.header)
    plan = ImportPlan(raw.file_name, raw.sha256, kind, None, pd.DataFrame(), problems, declarations=declarations)
    if kind not in FIELDS:
        plan.problems.append(Problem(1, None, "cannot tell what this file holds from its headers; choose one of: "
                                     + "; ".join(f"{k} ({v})" for k, v in KINDS.items())))
        return plan
    columns, clashes = _map_columns(raw.header, kind)
    plan.columns = {name: raw.header[pos] for name, pos in columns.items()}
    plan.problems += [Problem(1, raw.header[pos], f"also looks like the '{name}' column "
                              f"('{raw.header[columns[name]]}'); rename one of them") for name, pos in clashes]
    missing = [name for name in REQUIRED[kind] if name not in columns]
    if missing:
        plan.problems.append(Problem(1, None, f"no column for {', '.join(missing)}; the headers are "
                                     + ", ".join(f"'{h}'" for h in raw.header)))
        return plan
    reader = Reader(raw, context.catalogue.with_declarations(declarations), context, columns)
    rows, rules, keys = {"monthly": reader.monthly, "cp_plans": reader.cp_plans,
                         "establishment": reader.establishment, "targets": reader.targets}[kind]()
    plan.problems = sorted(plan.problems + reader.problems + _check(rows, rules, keys, reader),
                           key=lambda p: (p.row or 0, p.column or ""))
    plan.layout, plan.unknown_measures, plan.notes = reader.layout, reader.unknown, reader.notes
    plan.rows = reader.finish(kind, rows)
    return plan


def _map_columns(header: list[str], kind: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """field -> header position for the headers that name a field of `kind`; and the clashes."""
    names = {key(name): f for f, synonyms in FIELDS[kind].items() for name in synonyms}
    columns, clashes = {}, []
    for pos, text in enumerate(header):
        name = names.get(key(text))
        if name is None:
            continue
        if name in columns:
            clashes.append((name, pos))
        else:
            columns[name] = pos
    return columns, clashes


class Reader:
    """Reads one file's cells into typed rows, noting each cell it cannot read."""

    def __init__(self, raw: RawTable, catalogue: Catalogue, context: ImportContext, columns: dict[str, int]):
        self.raw, self.catalogue, self.context, self.columns = raw, catalogue, context, columns
        self.rows = pd.Series(raw.rows)
        self.problems: list[Problem] = []
        self.unknown: list[UnknownMeasure] = []
        self.notes: list[str] = []
        self.layout: str | None = None

    # cells of one column
    def text(self, name: str) -> pd.Series:
        return self.raw.column(self.columns[name]) if name in self.columns else pd.Series(
            "", index=self.raw.cells.index, dtype="str")

    def header(self, name: str) -> str:
        return self.raw.header[self.columns[name]] if name in self.columns else name

    def _bad(self, mask: pd.Series, cells: pd.Series, column: str, message: Callable[[str], str]) -> None:
        for index in mask[mask].index:
            self.problems.append(Problem(int(self.rows[index]), column, message(str(cells[index]))))

    def months(self, cells: pd.Series, column: str, parser=parse_month, blank_ok=False) -> pd.Series:
        parsed = parse_column(cells.where(cells != "", None), parser)
        blank = cells == ""
        if not blank_ok:
            self._bad(blank, cells, column, lambda _: "is empty; a date is needed")
        what = "month" if parser is parse_month else "date"
        examples = "2023-01, Jan-23, January 2023 or 01/01/2023" if what == "month" else "31/01/2023 or 2023-01-31"
        self._bad(~blank & parsed.isna(), cells, column,
                  lambda text: f"'{text}' is not a {what} (write it as {examples})")
        return parsed

    def numbers(self, cells: pd.Series, column: str, codes_ok=True) -> tuple[pd.Series, pd.Series]:
        """(value, status): '18%' is 18; codes and blanks are missing with their reason."""
        cleaned = cells.str.strip().str.removesuffix("%").str.strip()
        if self.raw.delimiter == ";":  # semicolon files come from locales that write 18,5 for 18.5
            cleaned = cleaned.str.replace(",", ".", regex=False)
        values, status, unknown = read_cells(cleaned)
        not_allowed = unknown | (status.notna() & (status != "blank") & (not codes_ok))
        codes = ", ".join(c for c in CODES if c != "blank")
        self._bad(not_allowed, cells, column,
                  lambda text: f"'{text}' is not a number" + (f" or a suppression code ({codes})" if codes_ok else ""))
        return values, status

    def area(self) -> pd.Series:
        if "area" not in self.columns:
            return pd.Series(self.context.area_code, index=self.raw.cells.index, dtype="object")
        cells = self.text("area")
        resolved = {}
        for text in pd.unique(cells):
            try:
                resolved[text] = resolve_la(self.context.areas, text) if self.context.areas is not None else None
            except NotFound as exc:
                resolved[text] = None
                first = cells[cells == text].index[0]
                self.problems.append(Problem(int(self.rows[first]), self.header("area"), str(exc)))
        if self.context.areas is None:
            self.problems.append(Problem(1, self.header("area"), "an LA column needs the list of areas to read it"))
        return cells.map(resolved).astype("object")

    def teams(self) -> pd.Series:
        cells = self.text("team").str.strip()
        return cells.where(~cells.str.casefold().isin(WHOLE_SERVICE), None).astype("object")

    def measure_ids(self, names: pd.Series, column: str, rows: pd.Series | None = None) -> pd.Series:
        """Catalogue ids for measure names; unknown names noted once each, with the closest ids."""
        rows = self.rows if rows is None else rows
        found = {}
        for name in pd.unique(names):
            found[name] = self.catalogue.match(name) if name else None
            if found[name] is None:
                at = [int(r) for r in rows[names[names == name].index]]
                suggestions = self.catalogue.suggestions(name) if name else []
                self.unknown.append(UnknownMeasure(name, column, at, suggestions))
                more = f" (and {len(at) - 1} more rows)" if len(at) > 1 else ""
                hint = f"; closest: {'; '.join(suggestions)}" if suggestions else ""
                self.problems.append(Problem(at[0], column, (
                    f"unknown measure '{name}'{more}{hint}; or declare it as a new local measure "
                    "(label, unit, polarity)") if name else f"no measure given{more}"))
        return names.map(found).astype("object")

    def units(self, ids: pd.Series) -> pd.Series:
        units = self.catalogue.measures.unit
        return ids.map(lambda i: units.get(i) if isinstance(i, str) else None).astype("object")

    # the kinds of file
    def monthly(self):
        if "measure" in self.columns:
            return self._monthly_long()
        return self._monthly_wide()

    def _base(self) -> pd.DataFrame:
        return pd.DataFrame({"row": self.rows, "area_code": self.area(),
                             "month": self.months(self.text("month"), self.header("month"))})

    def _monthly_long(self):
        self.layout = "long"
        if "value" not in self.columns and not {"numerator", "denominator"} <= set(self.columns):
            self.problems.append(Problem(1, None, "no value column (or numerator and denominator columns)"))
        frame = self._base()
        frame["team"] = self.teams()
        frame["measure_id"] = self.measure_ids(self.text("measure").str.strip(), self.header("measure"))
        frame["value"], frame["status"] = self.numbers(self.text("value"), self.header("value"))
        for part in ("numerator", "denominator"):
            frame[part], _ = self.numbers(self.text(part), self.header(part), codes_ok=False)
        frame["value_column"] = self.header("value")
        for name in ("source", "note"):
            frame[name] = self.text(name).replace("", None).astype("object")
        self._ignored(["month", "measure", "value", "numerator", "denominator", "team", "area", "source", "note"])
        return self._monthly_rules(frame)

    def _monthly_wide(self):
        self.layout = "wide"
        base = self._base()
        base["team"] = self.teams()
        for name in ("source", "note"):
            base[name] = self.text(name).replace("", None).astype("object")
        used = {self.columns[n] for n in ("month", "team", "area", "source", "note") if n in self.columns}
        parts = []
        for pos, header in enumerate(self.raw.header):
            if pos in used:
                continue
            measure_id = self.measure_ids(pd.Series([header]), header, rows=pd.Series([1])).iloc[0]
            cells = self.raw.column(pos)
            part = base.assign(measure_id=measure_id, value_column=header, numerator=np.nan, denominator=np.nan)
            part["value"], part["status"] = self.numbers(cells, header)
            parts.append(part[cells.str.strip() != ""])  # a blank cell in a wide sheet is no figure
        frame = pd.concat(parts, ignore_index=True) if parts else base.iloc[:0].assign(
            measure_id=None, value_column=None, numerator=np.nan, denominator=np.nan, value=np.nan, status=None)
        if not parts:
            self.problems.append(Problem(1, None, "no measure columns beside the month"))
        return self._monthly_rules(frame)

    def _monthly_rules(self, frame: pd.DataFrame):
        frame["unit"] = self.units(frame.measure_id)
        ratio = 100 * frame.numerator / frame.denominator.where(frame.denominator > 0)
        from_parts = frame.value.isna() & (frame.unit == "percent") & ratio.notna()
        frame.loc[from_parts, "value"] = ratio[from_parts].round(6)
        frame.loc[from_parts, "status"] = None
        self._fraction_note(frame)
        current = self.context.today.replace(day=1)
        rules = [
            _future(current),
            Rule("range", "value", lambda f: _in_unit_range(f.value, f.unit), _range_message),
            *(Rule(f"negative_{part}", part, lambda f, p=part: ~(f[p] < 0),
                   lambda r, p=part: f"{p} {r[p]:g} is negative") for part in ("numerator", "denominator")),
            Rule("numerator_above_denominator", "numerator", lambda f: ~(f.numerator > f.denominator),
                 lambda r: f"numerator {r.numerator:g} is above the denominator {r.denominator:g}"),
            Rule("value_matches_parts", "value",
                 lambda f: ~((f.unit == "percent") & ((f.value - ratio).abs() > PERCENT_TOLERANCE)),
                 lambda r: f"{r.value:g}% does not match numerator/denominator "
                           f"({r.numerator:g}/{r.denominator:g} = {100 * r.numerator / r.denominator:.1f}%)"),
        ]
        return frame, rules, Key(["area_code", "month", "measure_id", "team"], "month, measure and team", "month")

    def cp_plans(self):
        if self.context.child_key is None:
            raise ValueError("planning a CP plan list needs the child identifier key (ImportContext.child_key)")
        ids = self.text("child_id").str.strip()
        self._bad(ids == "", ids, self.header("child_id"), lambda _: "is empty; each plan needs the child's identifier")
        frame = pd.DataFrame({"row": self.rows, "area_code": self.area(),
                              "child_key": ids.map(lambda i: self.context.child_key(i) if i else None).astype(object)})
        frame["plan_start"] = self.months(self.text("plan_start"), self.header("plan_start"), parse_date)
        frame["plan_end"] = self.months(self.text("plan_end"), self.header("plan_end"), parse_date, blank_ok=True)
        categories = self.text("category").str.strip()
        frame["category"] = categories.str.casefold().map(CATEGORIES).astype("object")
        self._bad((categories != "") & frame.category.isna(), categories, self.header("category"),
                  lambda t: f"'{t}' is not a category of abuse (Neglect, Physical abuse, Sexual abuse, "
                            "Emotional abuse or Multiple)")
        frame["previous_plans"], _ = self.numbers(self.text("previous_plans"), self.header("previous_plans"),
                                                  codes_ok=False)
        ignored = self._ignored(list(FIELDS["cp_plans"]))
        if ignored:
            self.notes[-1] += " They are not stored: only what the plan measures need is kept."
        today = pd.Timestamp(self.context.today)
        starts, ends = pd.to_datetime(frame.plan_start), pd.to_datetime(frame.plan_end)
        order = frame.assign(s=starts).sort_values(["child_key", "s"])
        previous_end = pd.to_datetime(order.groupby("child_key").plan_end.shift())
        previous_row = order.groupby("child_key").row.shift()
        overlap = previous_row.notna() & (previous_end.isna() | (previous_end > order.s))
        frame["overlaps_row"] = previous_row.where(overlap).reindex(frame.index)
        rules = [
            Rule("start_in_future", "plan_start", lambda f: ~(starts > today),
                 lambda r: f"the plan starts in the future ({r.plan_start:%d/%m/%Y})"),
            Rule("end_in_future", "plan_end", lambda f: ~(ends > today),
                 lambda r: f"the plan ends in the future ({r.plan_end:%d/%m/%Y})"),
            Rule("end_before_start", "plan_end", lambda f: ~(ends < starts),
                 lambda r: f"the plan ends ({r.plan_end:%d/%m/%Y}) before it starts ({r.plan_start:%d/%m/%Y})"),
            Rule("previous_plans", "previous_plans",
                 lambda f: f.previous_plans.isna() | ((f.previous_plans >= 0) & (f.previous_plans % 1 == 0)),
                 lambda r: f"{r.previous_plans:g} is not a whole number of plans"),
            Rule("overlap", "plan_start", lambda f: f.overlaps_row.isna(),
                 lambda r: f"overlaps the plan on row {int(r.overlaps_row)} for the same child"),
        ]
        return frame, rules, Key(["area_code", "child_key", "plan_start"], "child and start date", "plan_start")

    def establishment(self):
        frame = self._base()
        frame["team"] = self.teams()
        for name in ESTABLISHMENT_NUMBERS:
            frame[name], _ = self.numbers(self.text(name), self.header(name))
        self._ignored(list(FIELDS["establishment"]))
        current = self.context.today.replace(day=1)
        rules = [
            _future(current),
            *(Rule(f"negative_{n}", n, lambda f, n=n: ~(f[n] < 0), lambda r, n=n: f"{r[n]:g} FTE is negative"
                   if n != "cases" else f"{r[n]:g} cases is negative") for n in ESTABLISHMENT_NUMBERS),
            *(Rule(f"{n}_above_posts", n, lambda f, n=n: ~(f[n] > f.posts_fte),
                   lambda r, n=n: f"{r[n]:g} FTE is more than the {r.posts_fte:g} FTE posts")
              for n in ("permanent_fte", "vacant_fte")),
        ]
        return frame, rules, Key(["area_code", "month", "team"], "month and team", "month")

    def targets(self):
        frame = pd.DataFrame({"row": self.rows, "area_code": self.area()})
        frame["measure_id"] = self.measure_ids(self.text("measure").str.strip(), self.header("measure"))
        frame["unit"] = self.units(frame.measure_id)
        frame["target_date"] = self.months(self.text("target_date"), self.header("target_date"), blank_ok=True)
        frame["value"], status = self.numbers(self.text("value"), self.header("value"), codes_ok=False)
        self._bad(status == "blank", self.text("value"), self.header("value"), lambda _: "is empty; a target is needed")
        frame["tolerance"], _ = self.numbers(self.text("tolerance"), self.header("tolerance"), codes_ok=False)
        for name in ("source", "owner", "priority_area"):
            frame[name] = self.text(name).replace("", None).astype("object")
        frame["value_column"] = self.header("value")
        self._ignored(list(FIELDS["targets"]))
        rules = [
            Rule("range", "value", lambda f: _in_unit_range(f.value, f.unit), _range_message),
            Rule("tolerance", "tolerance", lambda f: ~(f.tolerance < 0),
                 lambda r: f"tolerance {r.tolerance:g} is negative"),
        ]
        return frame, rules, Key(["area_code", "measure_id", "target_date"], "measure and date", "measure")

    def _ignored(self, known: list[str]) -> list[str]:
        used = {self.columns[n] for n in known if n in self.columns}
        ignored = [h for pos, h in enumerate(self.raw.header) if pos not in used]
        if ignored:
            self.notes.append("Columns not used: " + ", ".join(f"'{h}'" for h in ignored) + ".")
        return ignored

    def _fraction_note(self, frame: pd.DataFrame) -> None:
        """Excel keeps 18% as 0.18 under a percent format; a percentage column entirely within 0-1 is suspicious."""
        percent = frame[(frame.unit == "percent") & frame.value.notna()]
        for measure_id, values in percent.groupby("measure_id").value:
            if len(values) > 1 and values.between(0, 1).all() and (values > 0).any():
                self.notes.append(
                    f"Every {measure_id} value is between 0 and 1: if the sheet holds 18% as 0.18, multiply by 100 "
                    "(or save the column as text) before importing.")

    def finish(self, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.reindex(columns=["row", *OUTPUT[kind]]).reset_index(drop=True)


def _future(current: date) -> Rule:
    return Rule("future_month", "month", lambda f: f.month.isna() | (f.month <= current),
                lambda r: f"{month_label(r.month)} is in the future")


def _in_unit_range(values: pd.Series, units: pd.Series) -> pd.Series:
    low = units.map(lambda u: UNIT_RANGES.get(u, (None, None))[0]).astype("float64")
    high = units.map(lambda u: UNIT_RANGES.get(u, (None, None))[1]).astype("float64")
    return ~((values < low) | (values > high))


def _range_message(row: pd.Series) -> str:
    low, high = UNIT_RANGES[row.unit]
    if high is not None:
        return f"{row.value:g} is outside {low:g} to {high:g} for a percentage"
    return f"{row.value:g} is negative, which a {row.unit.replace('_', ' ')} figure cannot be"


def _check(frame: pd.DataFrame, rules: list[Rule], key: "Key", reader: Reader) -> list[Problem]:
    """Run the rules and the duplicate check through pandera, all at once; one Problem per failing row and rule."""
    frame = frame.copy()
    required = [c for c in key.columns if c not in NULLABLE_KEYS]
    complete = frame[required].notna().all(axis=1)
    # a missing team or target date is itself a key value (the whole service; a standing target)
    keyed = frame[key.columns].astype("object").where(frame[key.columns].notna(), "").assign(row=frame.row)
    first = keyed[complete].groupby(key.columns, sort=False).row.transform("first")
    frame["duplicate_of"] = first.where(first != frame.row[complete]).reindex(frame.index)
    rules = [*rules, Rule("duplicate", key.names, lambda f: f.duplicate_of.isna(),
                          lambda r: f"repeats row {int(r.duplicate_of)} (same {key.what})")]
    schema = pa.DataFrameSchema(checks=[pa.Check(rule.ok, name=rule.name) for rule in rules])
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        failed = errors.failure_cases[["check", "index"]].dropna().drop_duplicates()
    by_name = {rule.name: rule for rule in rules}
    problems = []
    for name, index in zip(failed["check"], failed["index"]):
        rule, row = by_name[name], frame.loc[index]
        column = row.value_column if rule.column == "value" and "value_column" in row else reader.header(rule.column)
        problems.append(Problem(int(row.row), column, rule.message(row)))
    return problems
