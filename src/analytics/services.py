"""The one way to change the council's figures or make a paper.

The Import figures and Improvement plan pages, the Board packs page, the command
line, the demo seeding and the tests all call these functions, so each step (read
a file, check it, store it as a batch, undo it, make a pack) is written once.
Callers pass the stores they hold: the dashboard its cached ones, the command
line the ones it opened.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from analytics.local import demo
from analytics.local import figures as local_figures
from analytics.local.catalogue import Catalogue, MeasureDeclaration
from analytics.local.files import UnreadableFile, read_table, table_from_frame
from analytics.local.importer import ImportContext, ImportPlan, Problem, plan_import
from analytics.local.keys import hasher, load_key
from analytics.local.store import ImportRefused, LocalStore
from analytics.packs.content import Pack, build_pack
from analytics.packs.local_sections import sections_for_meeting
from analytics.packs.meetings import PackRequest
from analytics.published.benchmarks import MeasureBenchmarks, prepare_measure
from analytics.published.geography import Geography
from analytics.published.store import Store

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Published:
    """The published figures as a caller holds them: the store, its geography and catalogue, and a function
    giving one measure's benchmarks (the dashboard passes its cached one)."""

    store: Store
    geo: Geography
    measures: pd.DataFrame  # indexed by id
    prepared: Callable[[str], MeasureBenchmarks]

    @classmethod
    def open(cls, store: Store) -> "Published":
        geo = Geography.from_store(store)
        measures = store.measures().set_index("id")
        return cls(store, geo, measures,
                   lambda measure_id: prepare_measure(store.observations(measure_id), geo, measures.loc[measure_id]))


def import_context(store: Store, local: LocalStore, area_code: str, today: date | None = None) -> ImportContext:
    """What checking a file for `area_code` needs: both catalogues, the areas, today and the child key."""
    return ImportContext(catalogue=Catalogue.build(store.measures(), local.declared_measures()),
                         area_code=area_code, today=today or date.today(), areas=store.areas(),
                         child_key=hasher(load_key()))


@dataclass(frozen=True)
class UploadCheck:
    """What a file would add, and everything that stops it. `plan` is None when the file cannot be read at all
    (`unreadable` says why); `previous` lists earlier imports of the same bytes."""

    file_name: str
    plan: ImportPlan | None
    unreadable: str | None = None
    conflicts: list[Problem] = field(default_factory=list)
    previous: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def problems(self) -> list[Problem]:
        return ([] if self.plan is None else self.plan.problems) + self.conflicts

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.problems


def check_upload(store: Store, local: LocalStore, data: bytes, file_name: str, area_code: str,
                 kind: str | None = None, declarations: list[MeasureDeclaration] = (),
                 today: date | None = None) -> UploadCheck:
    """Read and check a file against the catalogue and what the local store holds; writes nothing."""
    try:
        raw = read_table(data, file_name)
    except UnreadableFile as problem:
        return UploadCheck(file_name, None, unreadable=str(problem))
    plan = plan_import(raw, import_context(store, local, area_code, today), kind, list(declarations))
    if not plan.ok:
        return UploadCheck(file_name, plan)
    conflicts, previous = local.check(plan)
    return UploadCheck(file_name, plan, conflicts=conflicts, previous=previous)


def import_file(local: LocalStore, check: UploadCheck, who: str | None, confirm_reimport: bool = False,
                demo_batch: bool = False, note: str | None = None) -> int:
    """Store a checked file as one batch; returns its id. Raises ImportRefused or AlreadyImported, having stored
    nothing, if the check found problems or the store has changed since."""
    if check.plan is None:
        raise ImportRefused([Problem(None, None, check.unreadable or "the file cannot be read")])
    return local.apply(check.plan, who=who, confirm_reimport=confirm_reimport, demo=demo_batch, note=note)


def undo_batch(local: LocalStore, batch_id: int, who: str | None) -> None:
    """Take a batch out of every figure; its rows are kept. KeyError if there is no such active batch."""
    local.undo(batch_id, who=who)


TARGET_COLUMNS = ["measure", "target_date", "value", "tolerance", "source", "owner", "priority_area"]


def save_targets(store: Store, local: LocalStore, table: pd.DataFrame, area_code: str, who: str | None,
                 note: str = "edited on the Improvement plan page") -> int:
    """Store an edited target table (TARGET_COLUMNS) as a new targets batch, through the same checks as an
    imported file; raises ImportRefused with every problem when it has any."""
    months = pd.to_datetime(table.target_date).dt.strftime("%Y-%m")
    raw = table_from_frame(table.reindex(columns=TARGET_COLUMNS).assign(target_date=months), note)
    plan = plan_import(raw, import_context(store, local, area_code), "targets")
    return local.apply(plan, who=who, confirm_reimport=True, note=note)


def seed_demo(store: Store, local: LocalStore, who: str = "demo") -> list[int]:
    """Import the labelled demo into an empty local store (the dashboard's first run); returns the new batch ids.

    Every file is read and checked before any is stored, so a damaged demo file adds nothing.
    """
    if not local.is_empty():
        return []
    checks = []
    for name, (kind, note) in demo.FILES.items():
        check = check_upload(store, local, (demo.demo_dir() / name).read_bytes(), name, demo.DUDLEY, kind)
        if not check.ok:
            raise ImportRefused(check.problems)
        checks.append((check, note))
    return [import_file(local, check, who, demo_batch=True, note=note) for check, note in checks]


def pack_from_figures(published: Published, figures: local_figures.LocalFigures, request: PackRequest,
                      progress: Progress | None = None) -> Pack:
    """A pack's content from the published figures and the council's own figures already read."""
    sections = sections_for_meeting(figures, request, published.geo.name(request.la))
    return build_pack(request, published.geo, published.measures, published.prepared,
                      published.store.publications(), published.store.build_info().get("built_at", ""),
                      figures.targets, sections, progress=progress)


def make_pack(published: Published, local: LocalStore, request: PackRequest, file_format: str = "pdf",
              catalogue: pd.DataFrame | None = None, progress: Progress | None = None) -> tuple[Pack, bytes]:
    """A meeting's pack from the published figures and the council's own in the local store, as PDF or HTML
    bytes (`file_format` 'pdf' or 'html').

    `catalogue`: local_figures.all_measures (worked out when not given); `progress(done, text)` runs from
    0 to 1.
    """
    if file_format.lower() not in ("pdf", "html", "htm"):
        raise ValueError(f"a pack is made as pdf or html, not '{file_format}'")
    from analytics.packs import render  # plotly.js and the browser driver load only when a pack is made

    report = progress or (lambda done, text: None)
    pdf = file_format.lower() == "pdf"
    # a PDF's Chromium starts first, so that it opens while the figures are read and the pack is built
    with render.Chromium() if pdf else nullcontext() as browser:
        report(0.0, "Reading the council's own figures")
        figures = local_figures.local_figures(local, published.store, request.la, catalogue)
        share = 0.45 if pdf else 0.9  # of the progress bar, for building the content
        pack = pack_from_figures(published, figures, request, lambda done, text: report(0.05 + share * done, text))
        if not pdf:
            return pack, render.pack_html(pack).encode("utf-8")
        return pack, render.pack_pdf(pack, browser, progress=lambda done, text: report(0.5 + 0.5 * done, text))
