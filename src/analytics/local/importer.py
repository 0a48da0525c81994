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
1) and the column by its header; a problem repeated on many rows is named for the
first few and counted (rules.py, where each kind's checks are). LocalStore.apply
writes a plan only when it has no problems.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analytics.local import rules
from analytics.local.catalogue import Catalogue, MeasureDeclaration, key
from analytics.local.fields import CATEGORIES, ESTABLISHMENT_NUMBERS, FIELDS, KINDS, OUTPUT, REQUIRED, WHOLE_SERVICE
from analytics.local.files import RawTable
from analytics.local.rules import Key, Problem
from analytics.lookup import NotFound, resolve_la
from analytics.months import parse_column, parse_date, parse_month
from analytics.suppression import CODES, read_cells

__all__ = ["KINDS", "ImportContext", "ImportPlan", "Problem", "UnknownMeasure", "detect_kind", "plan_import"]

@dataclass(frozen=True)
class UnknownMeasure:
    name: str  # as written in the file
    column: str
    rows: list[int]
    suggestions: list[str]  # 'id — label'


@dataclass(frozen=True)
class ImportContext:
    """What planning an import needs to know besides the file."""

    catalogue: Catalogue | None  # None for a child-level list, which names no measures (services.import_context)
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
        if self.kind == "annex_a":
            return (self.rows.groupby(["list_no", "sheet"]).agg(Rows=("row", "size"), Children=("child_key", "nunique"))
                    .reset_index().rename(columns={"list_no": "List", "sheet": "Sheet"}))
        if self.kind == "cp_plans":
            plans = self.rows.assign(start_year=pd.to_datetime(self.rows.plan_start).dt.year,
                                     open=self.rows.plan_end.isna())
            return (plans.groupby(["start_year", "category"], dropna=False)
                    .agg(plans=("plan_start", "size"), still_open=("open", "sum")).reset_index())
        return self.rows.drop(columns=["row"], errors="ignore").head(n)


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
    rows, kind_rules, keys = {"monthly": reader.monthly, "cp_plans": reader.cp_plans,
                              "establishment": reader.establishment, "targets": reader.targets}[kind]()
    failed = rules.check(rows, kind_rules, keys, reader.problem_column)
    plan.problems = sorted(plan.problems + reader.problems + failed, key=lambda p: (p.row or 0, p.column or ""))
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
        index = mask[mask].index
        if len(index):
            self.problems += rules.bounded(self.rows[index].tolist(), column,
                                           lambda i: message(str(cells[index[i]])), message(str(cells[index[0]])))

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
        return frame, rules.monthly_rules(self.context.today), Key(["area_code", "month", "measure_id", "team"],
                                                                   "month, measure and team", "month")

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
        frame["overlaps_row"] = rules.overlapping_rows(frame, "child_key", "plan_start", "plan_end")
        return frame, rules.cp_plan_rules(self.context.today), Key(["area_code", "child_key", "plan_start"],
                                                                   "child and start date", "plan_start")

    def establishment(self):
        frame = self._base()
        frame["team"] = self.teams()
        for name in ESTABLISHMENT_NUMBERS:
            frame[name], _ = self.numbers(self.text(name), self.header(name))
        self._ignored(list(FIELDS["establishment"]))
        return frame, rules.establishment_rules(self.context.today, ESTABLISHMENT_NUMBERS), Key(
            ["area_code", "month", "team"], "month and team", "month")

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
        return frame, rules.target_rules(), Key(["area_code", "measure_id", "target_date"], "measure and date",
                                                "measure")

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

    def problem_column(self, row: pd.Series, rule: rules.Rule) -> str:
        """The header a failing rule names: a wide file's value is in its measure's own column."""
        return row.value_column if rule.column == "value" and "value_column" in row else self.header(rule.column)

    def finish(self, kind: str, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.reindex(columns=["row", *OUTPUT[kind]]).reset_index(drop=True)
