"""Command line: `python -m analytics build | measures | benchmark | pack`, so figures can be checked and papers
made without a browser."""

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from analytics.benchmarks import MODELS, Geography, prepare_measure
from analytics.build import build, ensure_store
from analytics.ingest import IngestError
from analytics.lookup import NotFound, resolve_choice, resolve_la, resolve_measure
from analytics.pack_content import MEETINGS, PackRequest, build_pack, measure_loader
from analytics.pack_render import write_pack
from analytics.periods import parse_month
from analytics.store import IntegrityError, Store


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


def cmd_pack(args) -> int:
    store = Store()
    out = Path(args.out)
    try:
        la = resolve_la(store.areas(), args.la)
        meeting = resolve_choice("meeting", list(MEETINGS), args.meeting)
        period = parse_month(args.period)
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise ValueError(f"--out must end in .pdf or .html, not '{out.suffix or out.name}'")
    except (NotFound, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    request = PackRequest(la, meeting, period, args.model, args.average, args.public)
    geo, measures, prepared = measure_loader(store)
    pack = build_pack(request, geo, measures, prepared, store.publications(), store.build_info().get("built_at", ""))
    write_pack(pack, out)
    pages = f"{pack.pages} pages, " if out.suffix.lower() == ".pdf" else ""
    print(f"Wrote {out}: {pack.title} ({pages}{len(pack.sections)} measures"
          f"{', public: small numbers suppressed' if pack.public else ''}).")
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
    k.add_argument("--model", choices=MODELS, default="2021", help="statistical-neighbour model")
    k.add_argument("--year", type=int, help="only this year (the year the period ends in)")
    k.add_argument("--json", action="store_true", help="one JSON object per year")
    k.set_defaults(run=cmd_benchmark)
    b = sub.add_parser("pack", help="a board pack for a meeting: PDF or one self-contained HTML file")
    b.add_argument("--la", required=True, help="LA name, old three-digit number or ONS code")
    b.add_argument("--meeting", required=True, help=f"one of: {', '.join(MEETINGS)}")
    b.add_argument("--period", required=True, help="the paper's month, YYYY-MM (e.g. 2025-09)")
    b.add_argument("--out", required=True, help="file to write: .pdf or .html")
    b.add_argument("--model", choices=MODELS, default="2021", help="statistical-neighbour model")
    b.add_argument("--average", choices=("mean", "median"), default="mean", help="neighbour average")
    b.add_argument("--public", action="store_true",
                   help="apply the public-paper disclosure rules (the scrutiny pack always does)")
    b.set_defaults(run=cmd_pack)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "build":
        ensure_store()
    try:
        return args.run(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
