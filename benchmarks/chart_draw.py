"""Time how long the browser takes to draw each page's Plotly figures, against the one-chart page's figure.

Run by hand from the project root: `.venv/bin/python benchmarks/chart_draw.py [--runs 9] [--baseline PATH]`.
The figures are the pages' own: each page is run in AppTest for Dudley (la=332, or `--la`) and the spec JSON of its
plotly_chart elements is what Streamlit sends the browser. Each is then drawn with `Plotly.newPlot` (plotly.js
from the plotly Python package) in headless Chromium at 1440x900, until the next frame, and removed again; every
figure's draw is paired with a draw of the floor (benchmarks/one_chart_app.py's figure) just before it, and the
median of the runs is printed with its ratio to the floor's. `--baseline PATH` (a `git worktree` of another commit)
collects that tree's figures too and draws them in the same alternation, for before/after claims; the floor is
then the baseline's. `--screenshots DIR` saves a PNG of each figure as drawn; the margins Plotly gave each figure
are printed, so a change of look shows beside its time.

Wall clock is printed beside the renderer's main-thread task time (CDP Performance.TaskDuration), which other
processes on the shared machine disturb less.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("pages/workforce.py", "pages/practice.py", "pages/workforce_board.py", "pages/explorer.py",
         "pages/improvement_plan.py")
FLOOR = "one-chart page"
CHROMIUM = "/usr/bin/chromium"
WIDTH = 1100  # px of the main column at 1440 wide with the sidebar open


def collect(root: Path, la: str) -> dict[str, dict]:
    """Every figure the pages send for the LA, by '<page> <key>', and the one-chart page's (run inside `root`)."""
    sys.path.insert(0, str(root / "src"))
    from streamlit.testing.v1 import AppTest

    def charts(at: AppTest) -> dict[str, dict]:
        return {e.proto.id.rsplit("-", 1)[-1]: json.loads(e.proto.spec) | {"config": json.loads(e.proto.config)}
                for e in at.get("plotly_chart")}

    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.query_params["la"] = la
    at.run()
    figures = {}
    for page in PAGES:
        at.switch_page(page).run()
        figures |= {f"{Path(page).stem} {key}": spec for key, spec in charts(at).items()}
    one = AppTest.from_file(str(ROOT / "benchmarks" / "one_chart_app.py"), default_timeout=120)
    one.run()
    return figures | {FLOOR: next(iter(charts(one).values()))}


def collected(root: Path, la: str, env: dict[str, str]) -> dict[str, dict]:
    """`collect(root, la)` in a process of its own, so each tree imports its own analytics package."""
    reply = subprocess.run([sys.executable, __file__, "--collect", str(root), "--la", la], cwd=root,
                           env=os.environ | env, capture_output=True, text=True, check=True)
    return json.loads(reply.stdout)


DRAW = """async (spec) => {
  const figure = JSON.parse(spec);
  const div = document.getElementById("chart");
  const started = performance.now();
  await Plotly.newPlot(div, figure.data, figure.layout, figure.config);
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));  // laid out and painted
  const size = div._fullLayout._size;  // the margins automargin gave it: a changed look shows here
  return [performance.now() - started, [size.l, size.r, size.t, size.b]];
}"""


def page_html() -> str:
    import plotly.offline

    return (f"<html><body style='margin:0'><div id='chart' style='width:{WIDTH}px'></div>"
            f"<script>{plotly.offline.get_plotlyjs()}</script></body></html>")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", type=Path, help="a worktree of the code to compare with")
    parser.add_argument("--screenshots", type=Path)
    parser.add_argument("--la", default="332", help="the LA's code (Dudley's by default)")
    parser.add_argument("--collect", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.collect:
        print(json.dumps(collect(args.collect, args.la)))
        return
    sys.path.insert(0, str(ROOT / "src"))
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from conftest import CHROMIUM_ARGS

    from analytics.paths import store_path
    from analytics.published.build import ensure_store

    ensure_store()
    scratch = Path(tempfile.mkdtemp())
    env = {"ANALYTICS_STORE": str(store_path()), "ANALYTICS_LOCAL_STORE": str(scratch / "local.duckdb"),
           "ANALYTICS_LOCAL_KEY": str(scratch / "local.key")}  # both trees read the same figures
    trees = {"this": collected(ROOT, args.la, env)}
    if args.baseline:
        trees = {"base": collected(args.baseline.resolve(), args.la, env)} | trees
    floor = json.dumps(next(iter(trees.values()))[FLOOR])
    html = scratch / "plotly.html"
    html.write_text(page_html())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(html.as_uri())
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def task_time() -> float:
            return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                        if m["name"] == "TaskDuration") * 1000

        def draw(spec: str, shot: Path | None = None) -> tuple[float, float, list]:
            before = task_time()
            wall, margins = page.evaluate(DRAW, spec)
            task = task_time() - before
            if shot:
                page.screenshot(path=shot, full_page=True)
            page.evaluate("Plotly.purge(document.getElementById('chart'))")
            return wall, task, margins

        names = [n for n in trees["this"] if n != FLOOR]
        for _ in range(2):  # warm the JIT on every figure
            for figures in trees.values():
                for name in names:
                    draw(json.dumps(figures[name]))
        times: dict[tuple[str, str], list] = {}
        for run in range(args.runs):
            for name in names:
                for tree, figures in trees.items():
                    times.setdefault(("floor", name + tree), []).append(draw(floor))
                    shot = (args.screenshots / f"{tree}-{name.replace(' ', '-')}.png"
                            if args.screenshots and run == 0 else None)
                    if shot:
                        shot.parent.mkdir(parents=True, exist_ok=True)
                    times.setdefault((tree, name), []).append(draw(json.dumps(figures[name]), shot))
        browser.close()
    print(f"{'figure':<32} {'tree':<5} {'traces':>6} {'draw':>8} {'floor':>8} {'ratio':>6} "
          f"{'task':>8} {'floor':>8} {'ratio':>6}  margins l r t b")
    for name in names:
        for tree, figures in trees.items():
            own, base = times[(tree, name)], times[("floor", name + tree)]
            wall, floor_wall = (statistics.median(t[0] for t in x) for x in (own, base))
            task, floor_task = (statistics.median(t[1] for t in x) for x in (own, base))
            print(f"{name:<32} {tree:<5} {len(figures[name]['data']):>6} {wall:6.1f}ms {floor_wall:6.1f}ms "
                  f"{wall / floor_wall:5.2f}x {task:6.1f}ms {floor_task:6.1f}ms {task / floor_task:5.2f}x  {own[0][2]}")


if __name__ == "__main__":
    main()
