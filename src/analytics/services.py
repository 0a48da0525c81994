"""The one way to change the council's figures, see child-level rows or make a paper.

The Import figures, Improvement plan, Practice, Board packs and Admin pages, the
command line, the demo seeding and the tests all call these functions, so each
step (read a file, check it, store it as a batch, undo it, make a pack, give a
role) is written once, and so is its access check: each takes the User acting
(access.py), refuses what their role does not allow, and records what it did in
the audit trail with their identity, in the same transaction as the change.
A refusal is recorded too. Callers pass the stores they hold: the dashboard its
cached ones, the command line the ones it opened.
"""

import hashlib
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

import pandas as pd

from analytics.access import FIRST_RUN, ROLES, User
from analytics.local import annex_a, census, cp_plans, demo
from analytics.local import figures as local_figures
from analytics.local import views as local_views
from analytics.local.catalogue import Catalogue, MeasureDeclaration
from analytics.local.files import UnreadableFile, read_table, table_from_frame
from analytics.local.importer import ImportContext, ImportPlan, Problem, plan_import
from analytics.local.keys import hasher, load_key
from analytics.local.store import ImportRefused, LocalStore
from analytics.packs.content import Pack, PackSection, build_pack
from analytics.packs.local_sections import left_out, sections_for_meeting
from analytics.packs.meetings import PackRequest
from analytics.published.benchmarks import MeasureBenchmarks, prepare_measure
from analytics.published.geography import Geography
from analytics.published.store import Store

if TYPE_CHECKING:  # the browser driver loads only when a pack is made
    from analytics.packs.chromium import Chromium

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


def import_context(store: Store, local: LocalStore, area_code: str, today: date | None = None,
                   measures: bool = True) -> ImportContext:
    """What checking a file for `area_code` needs: both catalogues, the areas, today and the child key.
    `measures` False for a child-level list (an Annex A workbook, a census file), which names no measure and no
    area: neither catalogue nor the areas are read."""
    return ImportContext(catalogue=Catalogue.build(store.measures(), local.declared_measures()) if measures else None,
                         area_code=area_code, today=today or date.today(), areas=store.areas() if measures else None,
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
    changes: pd.DataFrame | None = None  # an Annex A workbook's rows by list: new, changed, unchanged

    @property
    def problems(self) -> list[Problem]:
        return ([] if self.plan is None else self.plan.problems) + self.conflicts

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.problems


def require(local: LocalStore, user: User, action: str, detail: str | None = None,
            area_code: str | None = None) -> None:
    """Raise AccessDenied unless the user's role allows `action` (access.ACTIONS), recording the refusal."""
    if user.may(action):
        return
    local.record(user, action, "refused", detail, area_code)
    user.require(action)


def check_upload(store: Store, local: LocalStore, user: User, data: bytes, file_name: str, area_code: str,
                 kind: str | None = None, declarations: list[MeasureDeclaration] = (),
                 today: date | None = None, as_at: date | None = None) -> UploadCheck:
    """Read and check a file against the catalogue and what the local store holds (the import report, with the
    file's rows: an analyst's); writes nothing but a refusal. An Annex A workbook (kind 'annex_a', or a workbook
    with sheets named 'List 1' ...) and a workforce census file (kind 'census', or headed SWENo, FTE30, ...) are
    read as of `as_at`, their extract or census date (an Annex A workbook: else the date it states; either is
    refused without one)."""
    require(local, user, "import report", file_name, area_code)

    def context(measures: bool) -> ImportContext:
        return import_context(store, local, area_code, today, measures)

    try:
        if kind == "annex_a" or (kind is None and annex_a.is_workbook_of_lists(data)):
            plan = annex_a.plan_annex_a(data, file_name, hashlib.sha256(data).hexdigest(), context(False), as_at)
        else:
            raw = read_table(data, file_name)
            if kind == "census" or (kind is None and census.is_census(raw.header)):
                plan = census.plan_census(raw, context(False), as_at)
            else:
                plan = plan_import(raw, context(True), kind, list(declarations))
    except UnreadableFile as problem:
        return UploadCheck(file_name, None, unreadable=str(problem))
    if not plan.ok:
        return UploadCheck(file_name, plan)
    with local.reading():  # one session (a DuckDB file is opened once)
        conflicts, previous = local.check(plan)
        changes = local.annex_changes(plan, area_code) if plan.kind == "annex_a" else None
    return UploadCheck(file_name, plan, conflicts=conflicts, previous=previous, changes=changes)


def import_file(local: LocalStore, check: UploadCheck, user: User, confirm_reimport: bool = False,
                demo_batch: bool = False, note: str | None = None, action: str = "import") -> int:
    """Store a checked file as one batch; returns its id. Raises AccessDenied, ImportRefused, AlreadyImported or
    LocalStoreBusy, having stored nothing, if the user may not, the check found problems or the store has
    changed since."""
    areas = [] if check.plan is None or "area_code" not in check.plan.rows else check.plan.rows.area_code.unique()
    area_code = areas[0] if len(areas) == 1 else None
    require(local, user, action, check.file_name, area_code)
    if check.plan is None:
        raise ImportRefused([Problem(None, None, check.unreadable or "the file cannot be read")])
    with local.writing():
        batch_id = local.apply(check.plan, who=user.identity, confirm_reimport=confirm_reimport, demo=demo_batch,
                               note=note)
        local.record(user, action, detail=f"{check.file_name}: {len(check.plan.rows):,} rows of {check.plan.kind}",
                     area_code=area_code, batch_id=batch_id)
    return batch_id


def undo_batch(local: LocalStore, batch_id: int, user: User) -> None:
    """Take a batch out of every figure; its rows are kept. KeyError if there is no such active batch."""
    require(local, user, "undo", f"batch {batch_id}")
    with local.writing():
        local.undo(batch_id, who=user.identity)
        local.record(user, "undo", detail=f"batch {batch_id}", batch_id=batch_id)


TARGET_COLUMNS = ["measure", "target_date", "value", "tolerance", "source", "owner", "priority_area"]


def save_targets(store: Store, local: LocalStore, table: pd.DataFrame, area_code: str, user: User,
                 note: str = "edited on the Improvement plan page") -> int:
    """Store an edited target table (TARGET_COLUMNS) as a new targets batch, through the same checks as an
    imported file; raises ImportRefused with every problem when it has any."""
    require(local, user, "target edit", note, area_code)
    months = pd.to_datetime(table.target_date).dt.strftime("%Y-%m")
    raw = table_from_frame(table.reindex(columns=TARGET_COLUMNS).assign(target_date=months), note)
    plan = plan_import(raw, import_context(store, local, area_code), "targets")
    return import_file(local, UploadCheck(note, plan), user, confirm_reimport=True, note=note, action="target edit")


def seed_demo(store: Store, local: LocalStore) -> list[int]:
    """Import the labelled demo into an empty local store (the dashboard's first run); returns the new batch ids.

    Every file is read and checked before any is stored, and all are stored in one transaction, so a damaged
    demo file adds nothing, and servers starting together seed it once.
    """
    if not local.is_empty():
        return []
    # servers starting together: the first seeds (a few seconds), the others wait for it and find it done
    with local.writing(timeout=max(local.timeout, 120)):
        if not local.is_empty():
            return []
        checks = []
        for name, (kind, note) in demo.FILES.items():
            check = check_upload(store, local, FIRST_RUN, (demo.demo_dir() / name).read_bytes(), name, demo.DUDLEY,
                                 kind, as_at=demo.AS_AT.get(name))
            if not check.ok:
                raise ImportRefused(check.problems)
            checks.append((check, note))
        return [import_file(local, check, FIRST_RUN, demo_batch=True, note=note) for check, note in checks]


def set_role(local: LocalStore, user: User, email: str, role: str | None) -> None:
    """Give a user (by email) one of access.ROLES in the roles table, or take theirs away (None)."""
    require(local, user, "role change", email)
    if role is not None and role not in ROLES:
        raise ValueError(f"a role is one of {', '.join(ROLES)}, not '{role}'")
    if "@" not in email:
        raise ValueError(f"'{email}' is not an email address")
    with local.writing():
        before = local.set_role(email, role, user.identity)
        local.record(user, "role change", detail=f"{email.strip().lower()}: {before or 'no role'} -> "
                                                 f"{role or 'no role'}")


def audit_trail(local: LocalStore, user: User, **filters) -> pd.DataFrame:
    """The audit trail (LocalStore.audit's filters), for an admin."""
    require(local, user, "audit trail")
    return local.audit(**filters)


def long_plans(local: LocalStore, user: User, area_code: str, month: date) -> pd.DataFrame:
    """The child-level list behind a month's count of children on a plan 9 months or longer (keyed child codes,
    never identifiers), for an analyst; recorded as a child-level download."""
    require(local, user, "child-level download", f"plans 9 months or longer at {month:%b %Y}", area_code)
    with local.writing():
        rows = cp_plans.open_nine_months_or_longer(local.cp_plans(area_code), month)
        local.record(user, "child-level download", detail=f"{len(rows)} plans 9 months or longer at {month:%b %Y}",
                     area_code=area_code)
    return rows


def pack_from_figures(published: Published, figures: local_figures.LocalFigures, request: PackRequest,
                      progress: Progress | None = None, built: Callable[[PackSection], None] | None = None) -> Pack:
    """A pack's content from the published figures and the council's own figures already read; `built(section)`
    is called as each section is built."""
    sections = sections_for_meeting(figures, request, published.geo.name(request.la))
    for section in sections if built else []:
        built(section)
    return build_pack(request, published.geo, published.measures, published.prepared,
                      published.store.publications(), published.store.build_info().get("built_at", ""),
                      figures.targets, sections, progress=progress,
                      demo_batches=local_views.demo_batch_ids(figures.batches),
                      left_out=left_out(figures, request, sections), built=built)


def make_pack(published: Published, local: LocalStore, user: User, request: PackRequest, file_format: str = "pdf",
              catalogue: pd.DataFrame | None = None, progress: Progress | None = None,
              chromium: "Chromium | None" = None) -> tuple[Pack, bytes]:
    """A meeting's pack from the published figures and the council's own in the local store, as PDF or HTML
    bytes (`file_format` 'pdf' or 'html'), for the board role and up; recorded as made.

    `catalogue`: local_figures.all_measures (worked out when not given); `progress(done, text)` runs from
    0 to 1; `chromium`: an open render.browser() to print a PDF with (the dashboard keeps one), else one is
    opened for this pack.
    """
    what = (f"{request.meeting} {request.period:%Y-%m} {file_format.lower()}"
            f"{' public' if request.public else ''}")
    require(local, user, "pack made", what, request.la)
    if file_format.lower() not in ("pdf", "html", "htm"):
        raise ValueError(f"a pack is made as pdf or html, not '{file_format}'")
    from analytics.packs import render  # plotly.js and the browser driver load only when a pack is made

    report = progress or (lambda done, text: None)
    pdf = file_format.lower() == "pdf"
    with ExitStack() as stack:
        document = None
        if pdf:  # its Chromium starts first, to open while the figures are read; each chart is drawn as it is built
            document = stack.enter_context((chromium or stack.enter_context(render.browser())).document())
        report(0.0, "Reading the council's own figures")
        figures = local_figures.local_figures(local, published.store, request.la, catalogue)
        share = 0.8 if pdf else 0.9  # of the progress bar, for building the content
        pack = pack_from_figures(published, figures, request, lambda done, text: report(0.05 + share * done, text),
                                 partial(render.add_section, document) if pdf else None)
        if pdf:
            data = render.print_pack(pack, document, progress=lambda done, text: report(0.85 + 0.15 * done, text))
        else:
            data = render.pack_html(pack).encode("utf-8")
    local.record(user, "pack made", detail=f"{what}: {pack.title}", area_code=request.la)
    return pack, data
