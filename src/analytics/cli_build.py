"""`python -m analytics build`: apart from cli.py so that the build, which needs neither pandas nor the other
commands' imports, starts without them (__main__ sends `build` here; cli.py lists it with the other commands)."""

import argparse
import sys

HELP = "build the store from the files in data/"
REVISION_KINDS = ("revised", "newly_suppressed", "now_published", "code_changed")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-needed", action="store_true", help="only if missing or the input files changed")


def cmd_build(args) -> int:
    from analytics.published.build import build, ensure_store
    from analytics.published.ingest import IngestError
    from analytics.published.store import IntegrityError

    try:
        report = ensure_store() if args.if_needed else build()
    except (IngestError, IntegrityError) as exc:
        print(f"Build stopped, the previous store is unchanged: {exc}", file=sys.stderr)
        return 1
    if report is None:
        print("Store is up to date.")
        return 0
    print(f"Built {report.path} in {report.seconds:.1f} s: {report.measures} measures, "
          f"{report.observations:,} observations, {report.areas} areas.")
    print_releases(report.release_files, report.revisions)
    return 0


def print_releases(files: list[dict], revisions: list[dict]) -> None:
    """Which file gave which years, the columns no measure uses, and what each newer edition revised (each file
    and each revision count a dict, as the store's release_files and revision_counts rows)."""
    print("Release files (edition 1 is the newest of its table):")
    for f in files:
        print(f"  {f['publication']:<5} {f['table_key']:<16} edition {f['edition']}  years {f['years']:<14} "
              f"gave {f['years_used']:<14} {f['file']}")
    for f in files:
        if isinstance(f["unused_columns"], str) and f["unused_columns"]:
            print(f"  columns no measure uses in {f['file']}: {f['unused_columns'].replace(';', ',')}")
    if not revisions:
        print("Revisions: no figure differs between editions.")
    for r in revisions:
        kinds = ", ".join(f"{r[k]} {k.replace('_', ' ')}" for k in REVISION_KINDS if r.get(k, 0))
        print(f"  {r['measure_id']:<32} {kinds} by {r['new_source']} (on {r['old_source']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analytics build", description=HELP)
    add_arguments(parser)
    try:
        return cmd_build(parser.parse_args(argv))
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
