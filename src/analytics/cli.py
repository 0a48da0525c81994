"""Command line: `python -m analytics build | measures | benchmark | releases | import | figures | batches | demo |
undo | pack | roles | audit`, so figures can be checked, the council's own figures imported, board papers made and
access managed without a browser. Whoever runs it on the server can read the store's files anyway, so it acts as an
admin, recorded in the audit trail by their operating-system account (cli:NAME)."""

import argparse
import json
import sys
import textwrap
from datetime import datetime

import pandas as pd

from analytics import cli_local
from analytics.access import ACTIONS, ROLES
from analytics.cli_build import HELP as BUILD_HELP
from analytics.cli_build import add_arguments as add_build_arguments
from analytics.cli_build import cmd_build, print_releases
from analytics.exports import json_safe
from analytics.lookup import NotFound, resolve_la, resolve_measure
from analytics.packs.meetings import MEETINGS
from analytics.published.geography import DEFAULT_MODEL, MODELS

# Each command imports what only it needs inside its function, so `benchmark` or `measures` does not pay for the
# importer's validation library, the packs' renderer or the charts (python -X importtime shows what each costs).

def cmd_releases(args) -> int:
    from analytics.published.sources import PUBLICATIONS
    from analytics.published.store import Store

    store = Store()
    files, revisions = store.release_files(), store.revision_counts()
    if not args.json:
        print_releases(files.to_dict(orient="records"), revisions.to_dict(orient="records"))
        return 0
    out = []
    for key, rows in files.groupby("publication", sort=True):
        out.append({"publication": key, "title": PUBLICATIONS[key].title, "files": [{
            **{k: json_safe(v) for k, v in f.items()}, "file_date": str(f["file_date"])[:10],
            "revisions": [{k: json_safe(v) for k, v in r.items() if k not in ("new_source",)}
                          for r in revisions[revisions.new_source == f["file"]].to_dict(orient="records")],
        } for f in rows.to_dict(orient="records")]})
    print(json.dumps(out, indent=1))
    return 0


def cmd_measures(args) -> int:
    from analytics.local.catalogue import shipped_local_measures
    from analytics.published.store import Store

    # the published catalogue, then the council's own measures (Annex A and the like), with their definitions
    measures = pd.concat([Store().measures(), shipped_local_measures().assign(topics=lambda m: m.topic)],
                         ignore_index=True)
    if args.topic:
        measures = measures[measures.topics.fillna("").str.contains(args.topic, case=False, regex=False)]
    if args.json:
        print(measures[["id", "label", "unit", "polarity", "topic", "definition"]].to_json(orient="records",
                                                                                          indent=1))
        return 0
    for m in measures.itertuples():
        print(f"{m.id:<45} {m.unit:<14} {m.polarity:<8} {m.label}")
        if isinstance(m.definition, str) and m.definition.strip():
            print(textwrap.indent(textwrap.fill(" ".join(m.definition.split()), width=106), " " * 4))
    return 0


def cmd_benchmark(args) -> int:
    from analytics.published.benchmarks import prepare_measure
    from analytics.published.geography import Geography
    from analytics.published.store import Store

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
    records = [{k: json_safe(v) for k, v in row.items()} for row in table.to_dict(orient="records")]
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analytics", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help=BUILD_HELP)
    add_build_arguments(b)
    b.set_defaults(run=cmd_build)
    m = sub.add_parser("measures", help="list the measure catalogue, each with its definition")
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
    e = sub.add_parser("releases", help="each DfE publication's files found in data/dfe: editions, years, revisions")
    e.add_argument("--json", action="store_true")
    e.set_defaults(run=cmd_releases)
    i = sub.add_parser("import", help="import the council's own figures (CSV or Excel) into the local store")
    i.add_argument("file")
    i.add_argument("--kind", help="what the file holds (the error for an unknown one lists the kinds; detected from "
                                  "its headers if not given)")
    i.add_argument("--la", default="Dudley", help="the LA the figures are for (name, number or ONS code)")
    i.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    i.add_argument("--as-at", type=lambda text: datetime.strptime(text, "%Y-%m-%d").date(),
                   help="an Annex A workbook's extract date or a census file's date, YYYY-MM-DD (a workbook: "
                        "default the date it states; a census file: required)")
    i.add_argument("--yes", action="store_true", help="import a file that was imported before")
    i.add_argument("--declare", nargs=5, action="append", metavar=("NAME", "ID", "LABEL", "UNIT", "POLARITY"),
                   help="declare a new local measure for a name the catalogue does not know")
    i.set_defaults(run=cli_local.cmd_import)
    f = sub.add_parser("figures", help="the council's own monthly figures worked out from its Annex A extracts")
    f.add_argument("--la", required=True, help="LA name, old three-digit number or ONS code")
    f.add_argument("--measure", required=True, help="measure id (see `measures`, topic of the council's own)")
    f.add_argument("--team", help="one team's figures (at the latest extract's date) instead of the whole service")
    f.add_argument("--json", action="store_true", help="JSON Lines, one object per month")
    f.set_defaults(run=cli_local.cmd_figures)
    t = sub.add_parser("batches", help="list the imported batches")
    t.add_argument("--json", action="store_true")
    t.set_defaults(run=cli_local.cmd_batches)
    d = sub.add_parser("demo", help="load the labelled demo into an empty local store (as the first run does)")
    d.set_defaults(run=cli_local.cmd_demo)
    u = sub.add_parser("undo", help="take an imported batch out of every figure")
    u.add_argument("batch_id", type=int)
    u.set_defaults(run=cli_local.cmd_undo)
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
    b.set_defaults(run=cli_local.cmd_pack)
    r = sub.add_parser("roles", help="who has which role (for users whose ID token names none); change one")
    r.add_argument("--set", nargs=2, metavar=("EMAIL", "ROLE"), help=f"give a role: {', '.join(ROLES)}")
    r.add_argument("--remove", metavar="EMAIL", help="take a user's role away")
    r.set_defaults(run=cli_local.cmd_roles)
    a = sub.add_parser("audit", help="the audit trail: who imported, undid, edited, made packs and downloaded what")
    a.add_argument("--since", type=lambda text: datetime.strptime(text, "%Y-%m-%d").date(),
                   help="from this day (YYYY-MM-DD)")
    a.add_argument("--identity", help="only identities containing this")
    a.add_argument("--action", action="append", choices=list(ACTIONS), help="only this action (repeatable)")
    a.add_argument("--outcome", choices=("done", "refused"))
    a.add_argument("--csv", action="store_true", help="as CSV on standard output")
    a.set_defaults(run=cli_local.cmd_audit)
    return p


def main(argv: list[str] | None = None) -> int:
    from analytics.local.store_backends import LocalStoreBusy
    from analytics.published.build import ensure_store

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
