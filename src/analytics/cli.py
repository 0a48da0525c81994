"""Command line: `python -m analytics build | measures | benchmark | import | batches | undo | pack | roles |
audit`, so figures can be checked, the council's own figures imported, board papers made and access managed
without a browser. Whoever runs it on the server can read the store's files anyway, so it acts as an admin,
recorded in the audit trail by their operating-system account (cli:NAME)."""

import argparse
import json
import math
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pandas as pd

from analytics import services
from analytics.access import ACTIONS, ROLES, command_line_user
from analytics.local.catalogue import MeasureDeclaration
from analytics.local.importer import KINDS
from analytics.local.store import LocalStore, LocalStoreBusy
from analytics.lookup import NotFound, resolve_choice, resolve_la, resolve_measure
from analytics.months import parse_year_month
from analytics.packs.meetings import MEETINGS, PackRequest
from analytics.published.benchmarks import prepare_measure
from analytics.published.build import build, ensure_store
from analytics.published.geography import DEFAULT_MODEL, MODELS, Geography
from analytics.published.ingest import IngestError
from analytics.published.store import IntegrityError, Store


def _clean(value):
    """JSON has no NaN: missing numbers are null; numpy numbers become plain ones."""
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def cmd_build(args) -> int:
    try:
        report = ensure_store() if args.if_needed else build()
    except (IngestError, IntegrityError) as exc:
        print(f"Build stopped, the previous store is unchanged: {exc}", file=sys.stderr)
        return 1
    if report is None:
        print("Store is up to date.")
    else:
        print(f"Built {report.path} in {report.seconds:.1f} s: {report.measures} measures, "
              f"{report.observations:,} observations, {report.areas} areas.")
    return 0


def cmd_measures(args) -> int:
    measures = Store().measures()
    if args.topic:
        measures = measures[measures.topics.fillna("").str.contains(args.topic, case=False, regex=False)]
    if args.json:
        print(measures[["id", "label", "unit", "polarity", "topic"]].to_json(orient="records", indent=1))
        return 0
    for m in measures.itertuples():
        print(f"{m.id:<45} {m.unit:<14} {m.polarity:<8} {m.label}")
    return 0


def cmd_benchmark(args) -> int:
    store = Store()
    measures = store.measures().set_index("id")
    areas = store.areas()
    try:
        la = resolve_la(areas, args.la)
        measure_id = resolve_measure(measures, args.measure)
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return 2
    geo = Geography.from_store(store)
    table, group = prepare_measure(store.observations(measure_id), geo, measures.loc[measure_id]).for_la(
        la, args.model)
    if args.year:
        table = table[table.year == args.year]
    records = [{k: _clean(v) for k, v in row.items()} for row in table.to_dict(orient="records")]
    for record in records:
        record["la_code"], record["measure"], record["model"] = la, measure_id, group.model_used
    if group.note:
        print(group.note, file=sys.stderr)
    if args.json:
        for record in records:
            print(json.dumps(record))
        return 0
    m = measures.loc[measure_id]
    print(f"{geo.name(la)} — {m.label} ({m.unit}); neighbours: {group.model_used} model")
    print(f"{'period':<9}{'LA':>8}{'SN mean':>9}{'SN med':>8}{'n':>4}{'region':>8}{'England':>9}"
          f"{'rank':>10}{'band':>5}")
    fmt = lambda v: "" if v is None else f"{v:.1f}"  # noqa: E731
    for r in records:
        la_text = fmt(r["la_value"]) or r["missing_reason"]
        rank = f"{r['rank']}/{r['rank_of']}" if r["rank"] is not None else ""
        print(f"{r['period']:<9}{la_text:>8}{fmt(r['sn_mean']):>9}{fmt(r['sn_median']):>8}{r['sn_count']:>4}"
              f"{fmt(r['region_value']):>8}{fmt(r['england_value']):>9}{rank:>10}{r['quartile'] or '':>5}")
    return 0


def cmd_import(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"No file at {path}", file=sys.stderr)
        return 2
    store = Store()
    try:
        area_code = resolve_la(store.areas(), args.la)
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return 2
    with closing(LocalStore()) as local:
        return _import(args, path, store, local, area_code)


def _import(args, path: Path, store: Store, local: LocalStore, area_code: str) -> int:
    declarations = [MeasureDeclaration(*d) for d in args.declare or []]
    check = services.check_upload(store, local, command_line_user(), path.read_bytes(), path.name, area_code,
                                  args.kind, declarations)
    if check.plan is None:
        print(f"{path.name} cannot be read: {check.unreadable}", file=sys.stderr)
        return 1
    plan = check.plan
    for problem in check.problems:
        print(problem, file=sys.stderr)
    for note in plan.notes:
        print(f"Note: {note}")
    what = f"{len(plan.rows):,} rows of {KINDS.get(plan.kind, 'figures')}" + (
        f" ({plan.layout} layout)" if plan.layout else "")
    if check.problems:
        print(f"{path.name}: {len(check.problems)} problem(s); nothing was imported.", file=sys.stderr)
        return 1
    if len(check.previous) and not args.yes:
        first = check.previous.iloc[0]
        print(f"{path.name} was already imported as batch {first.batch_id} on {first.imported_at:%d %b %Y %H:%M}; "
              "run again with --yes to import it again.", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"{path.name}: {what} would be imported for area {area_code}; nothing was written (--dry-run).")
        return 0
    batch_id = services.import_file(local, check, command_line_user(), confirm_reimport=args.yes)
    print(f"Imported {path.name} as batch {batch_id}: {what} for area {area_code}.")
    return 0


def cmd_batches(args) -> int:
    with closing(LocalStore()) as local:
        batches = local.batches()
    if args.json:
        print(batches.to_json(orient="records", date_format="iso", indent=1))
        return 0
    for b in batches.itertuples():
        state = f"undone {b.undone_at:%d %b %Y}" if pd.notna(b.undone_at) else "active"
        demo = " demo" if b.demo else ""
        print(f"{b.batch_id:>4} {b.kind:<14} {b.rows:>9,} rows  {b.imported_at:%d %b %Y %H:%M}  "
              f"{b.imported_by or '':<12} {state}{demo}  {b.file_name}")
    return 0


def cmd_demo(args) -> int:
    """The labelled demo into an empty local store, as the dashboard's first run does (services.seed_demo)."""
    with closing(LocalStore()) as local:
        added = services.seed_demo(Store(), local)
    if not added:
        print("The local store already holds figures, so the demo was not loaded (it goes only into an empty "
              "store).", file=sys.stderr)
        return 1
    print(f"Loaded the labelled demo (Dudley's transcribed figures and targets, and synthetic series) as batches "
          f"{', '.join(map(str, added))}; each is marked demo and can be undone.")
    return 0


def cmd_undo(args) -> int:
    try:
        with closing(LocalStore()) as local:
            services.undo_batch(local, args.batch_id, command_line_user())
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    print(f"Batch {args.batch_id} undone: its figures no longer count anywhere.")
    return 0


def cmd_pack(args) -> int:
    store = Store()
    out = Path(args.out)
    try:
        la = resolve_la(store.areas(), args.la)
        meeting = resolve_choice("meeting", list(MEETINGS), args.meeting)
        period = parse_year_month(args.period)
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise ValueError(f"--out must end in .pdf or .html, not '{out.suffix or out.name}'")
    except (NotFound, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    request = PackRequest(la, meeting, period, args.model, args.average, args.public)
    local = LocalStore()
    try:
        pack, data = services.make_pack(services.Published.open(store), local, command_line_user(), request,
                                        out.suffix.lstrip("."))
    except LocalStoreBusy as exc:
        # a paper silently without the council's own figures would mislead, so none is written
        print(f"No pack was written: the council's own figures could not be read: {exc}.", file=sys.stderr)
        return 1
    finally:
        local.close()
    out.write_bytes(data)
    pages = f"{pack.pages} pages, " if out.suffix.lower() == ".pdf" else ""
    own = sum(s.is_local for s in pack.sections)
    local_text = f", {own} from the council's own figures" if own else ""
    print(f"Wrote {out}: {pack.title} ({pages}{len(pack.sections)} measures{local_text}"
          f"{', public: small numbers suppressed' if pack.public else ''}).")
    for notice in pack.demo:
        print(f"Note: {notice}")
    return 0


def cmd_roles(args) -> int:
    with closing(LocalStore()) as local:
        if args.set or args.remove:
            email, role = (args.set[0], args.set[1]) if args.set else (args.remove, None)
            try:
                services.set_role(local, command_line_user(), email, role)
            except ValueError as exc:
                print(exc, file=sys.stderr)
                return 2
            print(f"{email}: {role or 'no role'}.")
        for r in local.roles().itertuples():
            print(f"{r.email:<40} {r.role:<8} given by {r.granted_by} on {r.granted_at:%d %b %Y %H:%M}")
    return 0


def cmd_audit(args) -> int:
    with closing(LocalStore()) as local:
        trail = services.audit_trail(local, command_line_user(), since=args.since, identity=args.identity,
                                     actions=args.action, outcome=args.outcome)
    if args.csv:
        from analytics.exports import csv_bytes

        sys.stdout.buffer.write(csv_bytes(trail))
        return 0
    for a in trail.itertuples():
        print(f"{a.audit_id:>6} {a.happened_at:%Y-%m-%d %H:%M:%S} {a.identity:<32} {a.role or '':<8} {a.action:<21} "
              f"{a.outcome:<8} {a.detail or ''}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the store from the files in data/")
    b.add_argument("--if-needed", action="store_true", help="only if missing or the input files changed")
    b.set_defaults(run=cmd_build)
    m = sub.add_parser("measures", help="list the measure catalogue")
    m.add_argument("--topic", help="only measures whose topic contains this text")
    m.add_argument("--json", action="store_true")
    m.set_defaults(run=cmd_measures)
    k = sub.add_parser("benchmark", help="an LA's figures against neighbours, region and England")
    k.add_argument("--la", required=True, help="LA name, old three-digit number or ONS code")
    k.add_argument("--measure", required=True, help="measure id (see `measures`)")
    k.add_argument("--model", choices=MODELS, default=DEFAULT_MODEL, help="statistical-neighbour model")
    k.add_argument("--year", type=int, help="only this year (the year the period ends in)")
    k.add_argument("--json", action="store_true", help="one JSON object per year")
    k.set_defaults(run=cmd_benchmark)
    i = sub.add_parser("import", help="import the council's own figures (CSV or Excel) into the local store")
    i.add_argument("file")
    i.add_argument("--kind", choices=list(KINDS), help="what the file holds (detected from its headers if not given)")
    i.add_argument("--la", default="Dudley", help="the LA the figures are for (name, number or ONS code)")
    i.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    i.add_argument("--yes", action="store_true", help="import a file that was imported before")
    i.add_argument("--declare", nargs=5, action="append", metavar=("NAME", "ID", "LABEL", "UNIT", "POLARITY"),
                   help="declare a new local measure for a name the catalogue does not know")
    i.set_defaults(run=cmd_import)
    t = sub.add_parser("batches", help="list the imported batches")
    t.add_argument("--json", action="store_true")
    t.set_defaults(run=cmd_batches)
    d = sub.add_parser("demo", help="load the labelled demo into an empty local store (as the first run does)")
    d.set_defaults(run=cmd_demo)
    u = sub.add_parser("undo", help="take an imported batch out of every figure")
    u.add_argument("batch_id", type=int)
    u.set_defaults(run=cmd_undo)
    b = sub.add_parser("pack", help="a board pack for a meeting, from the published figures and the council's own "
                                    "in the local store: PDF or one self-contained HTML file")
    b.add_argument("--la", required=True, help="LA name, old three-digit number or ONS code")
    b.add_argument("--meeting", required=True, help=f"one of: {', '.join(MEETINGS)}")
    b.add_argument("--period", required=True, help="the paper's month, YYYY-MM (e.g. 2025-09)")
    b.add_argument("--out", required=True, help="file to write: .pdf or .html")
    b.add_argument("--model", choices=MODELS, default=DEFAULT_MODEL, help="statistical-neighbour model")
    b.add_argument("--average", choices=("mean", "median"), default="mean", help="neighbour average")
    b.add_argument("--public", action="store_true",
                   help="apply the public-paper disclosure rules (the scrutiny pack always does)")
    b.set_defaults(run=cmd_pack)
    r = sub.add_parser("roles", help="who has which role (for users whose ID token names none); change one")
    r.add_argument("--set", nargs=2, metavar=("EMAIL", "ROLE"), help=f"give a role: {', '.join(ROLES)}")
    r.add_argument("--remove", metavar="EMAIL", help="take a user's role away")
    r.set_defaults(run=cmd_roles)
    a = sub.add_parser("audit", help="the audit trail: who imported, undid, edited, made packs and downloaded what")
    a.add_argument("--since", type=lambda text: datetime.strptime(text, "%Y-%m-%d").date(),
                   help="from this day (YYYY-MM-DD)")
    a.add_argument("--identity", help="only identities containing this")
    a.add_argument("--action", action="append", choices=list(ACTIONS), help="only this action (repeatable)")
    a.add_argument("--outcome", choices=("done", "refused"))
    a.add_argument("--csv", action="store_true", help="as CSV on standard output")
    a.set_defaults(run=cmd_audit)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "build":
        ensure_store()
    try:
        return args.run(args)
    except LocalStoreBusy as exc:
        print(f"Nothing was changed: {exc}.", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
