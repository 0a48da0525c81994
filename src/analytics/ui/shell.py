"""The frame every page shares: page settings, sign-in, navigation, the sidebar (kept in the URL), header and
footer.

app.py calls `run()`; every page starts with `current_selection()`, and a page that acts for someone takes
`current_user()`. The navigation lists only the pages the user's role may use (the services refuse the rest
anyway).

Streamlit and a pages/ folder: while pages/ sits beside app.py, Streamlit starts
each server in its legacy multipage mode, in which a link to a page runs that
page's script on its own, without app.py; only a call to `st.navigation` ends
that mode (for the whole server), and AppTest starts every run in it. A page
that finds app.py did not run first does what app.py does, in the same run:
the frame, then the page itself inside the dashboard's navigation (so its
widgets keep their identity on later runs); the outer run then stops, having
drawn nothing. Nothing reruns, so a page opened from a link draws once.
"""

import pandas as pd
import streamlit as st

from analytics import access, selection
from analytics.published.geography import MODELS
from analytics.published.sources import LICENCE, LICENCE_URL
from analytics.ui import auth, cache

_APP_RAN = "_shell_selection"  # set by run() for the page it runs, taken by current_selection()
_USER = "_shell_user"  # who this run is for, set by run()


def _page(file: str, title: str, icon: str, default: bool = False) -> st.Page:
    # the url path is the file name, as Streamlit's legacy pages/ handling gives it, so a link means the same
    # page in either mode
    return st.Page(f"pages/{file}.py", title=title, icon=f":material/{icon}:", default=default,
                   url_path=None if default else file)


# section -> (file, title, icon, the action a user must be allowed to open it: access.ACTIONS)
PAGES = {
    "Published benchmarks": [("overview", "Overview", "dashboard", "view"),
                             ("workforce", "Workforce", "groups", "view"),
                             ("practice", "Practice", "child_care", "view"),
                             ("explorer", "Benchmark explorer", "search", "view")],
    "Council's own figures": [("workforce_board", "Workforce Board", "badge", "view"),
                              ("improvement_plan", "Improvement plan", "flag", "view"),
                              ("data", "Import figures", "upload_file", "import")],
    "Papers": [("packs", "Board packs", "picture_as_pdf", "pack made")],
    "About": [("sources", "Data sources", "description", "view")],
    "Administration": [("admin", "Audit trail and roles", "admin_panel_settings", "audit trail")],
}


def _navigation(user: access.User):
    sections = {section: [_page(file, title, icon, default=file == "overview")
                          for file, title, icon, action in pages if user.may(action)]
                for section, pages in PAGES.items()}
    return st.navigation({section: pages for section, pages in sections.items() if pages})


def run() -> None:
    """What app.py does: page settings, sign-in, the navigation and the sidebar, then the page the URL asks for."""
    st.set_page_config(page_title="Children's services benchmarking", page_icon=":material/insights:",
                       layout="wide")
    user = auth.user()
    st.session_state[_USER] = user
    page = _navigation(user)
    st.session_state[_APP_RAN] = sidebar()
    page.run()


def current_user() -> access.User:
    """Who this run is for (run() has signed them in)."""
    return st.session_state[_USER]


def current_selection() -> selection.Selection:
    """The sidebar's choice for this run (every page starts with this)."""
    chosen = st.session_state.pop(_APP_RAN, None)
    if chosen is None:  # Streamlit ran the page without app.py (see above)
        run()
        st.stop()
    return chosen


def _initialise_from_link(las: pd.DataFrame, years: tuple[int, int]) -> None:
    """First run of a session: take the selection from the URL, explaining anything not understood."""
    parsed = selection.parse(st.query_params.to_dict(), set(las.index), las["name"].to_dict(), years)
    chosen = parsed.selection
    st.session_state.update({
        "sel_la": chosen.la, "sel_model": chosen.model, "sel_avg": chosen.average,
        "sel_show": list(chosen.comparators), "sel_years": (chosen.first_year, chosen.last_year),
        "link_notices": parsed.notices,
    })


def sidebar() -> selection.Selection:
    """The controls every page shares; the choice is mirrored in the URL so a link reopens the same view."""
    las = cache.selectable_las()
    years = cache.year_span()
    if "sel_la" not in st.session_state:
        _initialise_from_link(las, years)
    la_names = las["name"].to_dict()
    with st.sidebar:
        st.selectbox("Local authority", options=list(las.index), format_func=la_names.get, key="sel_la",
                     help="Type to search. Abolished councils are listed with the year they ended.")
        st.radio("Statistical neighbours", options=list(MODELS), format_func=MODELS.get,
                 key="sel_model", help="The DfE's groupings of the ten most similar LAs.")
        st.radio("Neighbour average", options=list(selection.AVERAGES), format_func=selection.AVERAGES.get,
                 key="sel_avg", horizontal=True)
        st.multiselect("Compare with", options=list(selection.COMPARATORS),
                       format_func=selection.COMPARATORS.get, key="sel_show")
        st.slider("Years (the year each period ends in)", min_value=years[0], max_value=years[1], key="sel_years")
    first, last = st.session_state.sel_years
    chosen = selection.Selection(
        la=st.session_state.sel_la, model=st.session_state.sel_model, average=st.session_state.sel_avg,
        comparators=tuple(c for c in selection.COMPARATORS if c in st.session_state.sel_show),
        first_year=first, last_year=last)
    # keep what a page reads for itself (the explorer's measure) in the link too
    page_params = {k: st.query_params[k] for k in selection.PAGE_PARAMS if k in st.query_params}
    st.query_params.from_dict(selection.encode(chosen) | page_params)
    return chosen


def page_header(title: str, chosen: selection.Selection, intro: str = "", years: tuple[int, int] | None = None,
                workforce: bool = True, figures: bool = True) -> None:
    """The page's title and what it shows: LA, region, neighbours and the years (`years`: those the page's figures
    actually span, where known, rather than the slider's range; none where the page draws no `figures` of the
    selected years, as an import or the audit trail); `workforce`: the page shows workforce figures, so a joint
    workforce return is worth a notice."""
    geo = cache.geography()
    st.title(title)
    for notice in st.session_state.pop("link_notices", []):
        st.warning(notice, icon=":material/link_off:")
    la_name = geo.name(chosen.la)
    region = geo.name(geo.areas.at[chosen.la, "region_code"])
    span = f" · {'–'.join(map(str, years or (chosen.first_year, chosen.last_year)))}" if figures else ""
    st.markdown(f"**{la_name}** · region: {region} · neighbours: {MODELS[chosen.model]} ({chosen.average}){span}")
    if intro:
        st.caption(intro)
    _area_notes(chosen.la, workforce)


def _area_notes(la: str, workforce: bool = True) -> None:
    """Say plainly when an LA was created or abolished, or reports its workforce jointly."""
    geo = cache.geography()
    area = geo.areas.loc[la]
    changes = cache.boundary_changes()
    if pd.notna(area.abolished):
        successors = changes[changes.predecessor == la].successor.map(geo.name).tolist()
        st.info(f"{geo.name(la)} was abolished on 1 April {area.abolished}; its figures end there. "
                f"It was replaced by {' and '.join(dict.fromkeys(successors))}.", icon=":material/history:")
    if pd.notna(area.created):
        predecessors = changes[changes.successor == la].predecessor.map(geo.name).tolist()
        st.info(f"{geo.name(la)} was created on 1 April {area.created} from "
                f"{' and '.join(dict.fromkeys(predecessors))}; earlier figures are theirs, not shown as its own.",
                icon=":material/history:")
    if workforce and la in geo.joint_of:
        st.info(f"{geo.name(la)} makes a joint social work workforce return: "
                f"{geo.name(geo.joint_of[la])}. Workforce figures shown for it are the joint figures.",
                icon=":material/group:")


def footer() -> None:
    st.divider()
    st.caption(f"Published figures: Department for Education, Ofsted and Office for National Statistics. "
               f"Crown copyright, [{LICENCE}]({LICENCE_URL}). See *Data sources* for each publication.")
