"""The command line's commands on the council's own store: import, figures, batches, demo, undo, pack, roles and
audit (cli.py parses the arguments). Each imports what only it needs inside its function."""

import json
import sys
from contextlib import closing
from pathlib import Path

import pandas as pd

from analytics.access import command_line_user
from analytics.exports import json_safe
from analytics.lookup import NotFound, resolve_choice, resolve_la
from analytics.packs.meetings import MEETINGS, PackRequest


def _area_code(store, text: str) -> str | None:
    """The store's code for the LA a user typed, or None having said why there is none."""
    try:
        return resolve_la(store.areas(), text)
    except NotFound as exc:
        print(exc, file=sys.stderr)
        return None


def cmd_import(args) -> int:
    from analytics.local.importer import KINDS
    from analytics.local.store import LocalStore
    from analytics.published.store import Store

    if args.kind and args.kind not in KINDS:
        print(f"--kind must be one of: {', '.join(KINDS)}", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"No file at {path}", file=sys.stderr)
        return 2
    store = Store()
    area_code = _area_code(store, args.la)
    if area_code is None:
        return 2
    with closing(LocalStore()) as local:
        return _import(args, path, store, local, area_code)


def _import(args, path: Path, store, local, area_code: str) -> int:
    from analytics import services
    from analytics.local.catalogue import MeasureDeclaration
    from analytics.local.importer import KINDS
    from analytics.local.rules import in_all

    declarations = [MeasureDeclaration(*d) for d in args.declare or []]
    check = services.check_upload(store, local, command_line_user(), path.read_bytes(), path.name, area_code,
                                  args.kind, declarations, as_at=args.as_at)
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
        print(f"{path.name}: {in_all(check.problems)}; nothing was imported.", file=sys.stderr)
        return 1
    for c in [] if check.changes is None else check.changes.itertuples():
        print(f"List {c.list_no}: {c.new:,} new, {c.changed:,} changed, {c.unchanged:,} unchanged rows")
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


def cmd_figures(args) -> int:
    from analytics.formatting import format_value
    from analytics.local.catalogue import shipped_local_measures
    from analytics.local.figures import annex_a_figures
    from analytics.local.store import LocalStore
    from analytics.published.store import Store

    store = Store()
    area_code = _area_code(store, args.la)
    if area_code is None:
        return 2
    known = shipped_local_measures().set_index("id")
    if args.measure not in known.index:
        print(f"'{args.measure}' is not one of the council's own measures (see `measures`)", file=sys.stderr)
        return 2
    with closing(LocalStore()) as local:
        found = annex_a_figures(local, store, area_code)
    found = found[found.measure_id == args.measure]
    found = (found[found.team.fillna("").str.casefold() == args.team.casefold()] if args.team
             else found[found.team.isna()])
    if found.empty:
        print(f"No {args.measure} figures for {args.la}{' team ' + args.team if args.team else ''} in the "
              "imported Annex A extracts.", file=sys.stderr)
        return 1
    for r in found.itertuples():
        row = {"month": f"{r.month:%Y-%m}", "value": json_safe(r.value), "numerator": json_safe(r.numerator),
               "denominator": json_safe(r.denominator), "team": json_safe(r.team), "source": r.source}
        if args.json:
            print(json.dumps(row, allow_nan=False))  # JSON has no NaN: a missing one must fail here, not downstream
        else:
            print(f"{row['month']}  {format_value(r.value, known.unit[args.measure]):>10} "
                  + (f"({r.numerator:g} of {r.denominator:g})" if pd.notna(r.denominator) else ""))
    if not args.json:
        print(f"{known.label[args.measure]}, {args.la}{', ' + args.team if args.team else ''}. Source: "
              f"{found.source.iloc[-1]}.")
    return 0


def cmd_batches(args) -> int:
    from analytics.local.store import LocalStore

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
    from analytics import services
    from analytics.local.store import LocalStore
    from analytics.published.store import Store

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
    from analytics import services
    from analytics.local.store import LocalStore

    try:
        with closing(LocalStore()) as local:
            services.undo_batch(local, args.batch_id, command_line_user())
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    print(f"Batch {args.batch_id} undone: its figures no longer count anywhere.")
    return 0


def cmd_pack(args) -> int:
    from analytics import services
    from analytics.local.store import LocalStore, LocalStoreBusy
    from analytics.months import parse_year_month
    from analytics.published.store import Store

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
    from analytics import services
    from analytics.local.store import LocalStore

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
    from analytics import services
    from analytics.local.store import LocalStore

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
