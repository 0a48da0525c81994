"""Import figures: upload, preview, validation report, confirm; the imported files, each reversible."""

from datetime import date

import pandas as pd
import streamlit as st

from analytics import services
from analytics.access import AccessDenied
from analytics.local import views as local_views
from analytics.local.annex_lists import LISTS
from analytics.local.annex_measures import MEASURE_IDS
from analytics.local.catalogue import POLARITIES, UNIT_RANGES, MeasureDeclaration
from analytics.local.fields import kind_label
from analytics.local.importer import KINDS
from analytics.local.keys import PRIVACY
from analytics.local.rules import in_all
from analytics.local.store import AlreadyImported, ImportRefused, LocalStoreBusy
from analytics.published.catalogue import slug
from analytics.ui import blocks, cache, shell


# Actions run as button callbacks: before the next run, so a rerun cannot lose the click.
def import_file(check: services.UploadCheck, confirmed: bool) -> None:
    try:
        batch = services.import_file(cache.local_store(), check, shell.current_user(), confirm_reimport=confirmed)
    except (ImportRefused, AlreadyImported, LocalStoreBusy, AccessDenied) as refused:
        st.session_state.import_failed = f"Nothing was imported: {refused}"
        return
    st.session_state.import_done = f"Imported {check.file_name} as batch {batch} ({len(check.plan.rows):,} rows)."
    st.session_state.upload_round += 1


def undo(batch: int) -> None:
    try:
        services.undo_batch(cache.local_store(), batch, shell.current_user())
    except (KeyError, LocalStoreBusy, AccessDenied) as refused:  # undone meanwhile elsewhere, or the store busy
        st.session_state.import_failed = f"Batch {batch} was not undone: {refused}"
        return
    st.session_state.import_done = f"Batch {batch} undone: its figures no longer count anywhere."


chosen = shell.current_selection()
la_name = blocks.names_for(chosen)["la"]
shell.page_header("Import figures", chosen, f"Add {la_name}'s own monthly figures, establishment data, a child "
               "protection plan list, targets, an Ofsted Annex A workbook or a workforce census file. Nothing is "
               "stored until you confirm, and a file with any problem is not stored at all.", figures=False)
local = cache.local_store()
st.session_state.setdefault("upload_round", 0)
st.session_state.setdefault("declarations", {})
if "import_done" in st.session_state:
    st.success(st.session_state.pop("import_done"), icon=":material/check_circle:")
if "import_failed" in st.session_state:
    st.error(st.session_state.pop("import_failed"), icon=":material/error:")

with st.expander("What a file can look like"):
    st.markdown(
        "- **Monthly figures**, long (`month, measure, value`, optionally `numerator, denominator, team`) or wide "
        "(one row per month, one column per measure). Months as `2023-01`, `Jan-23`, `January 2023` or "
        "`01/01/2023`; `18%` is read as 18; `c`, `x` and blanks are kept as missing with their reason.\n"
        "- **Establishment**: month, team, posts, permanent, agency, vacant, starters, leavers, case holders, "
        "cases (all FTE but cases).\n"
        "- **Child protection plan list** (as Ofsted's Annex A list): child identifier, plan start date, plan end "
        "date if ended, category of abuse. Child identifiers are replaced by a keyed code on import and never "
        "stored or shown.\n"
        "- **Targets**: measure, target date (blank for a standing target), value, tolerance, source, owner, "
        "priority area.\n"
        "- **Ofsted Annex A workbook** as kept for inspection: one sheet per list ('List 1', 'List 7 - Child "
        "Protection', ...), Ofsted's headers or common variants, Excel or typed dates. Lists 1 and 3 to 9 are "
        "stored; a later extract replaces what an earlier one said about the same child and event.\n"
        "- **Workforce census** (one row per worker, the DfE's item names: AgencyWorker, SWENo, FTE, OrgRole, "
        "RoleStartDate, RoleEndDate, FTE30, Cases30, WorkingDaysLost, a team, NumberOfVacancies): rates at the "
        "census date by team.\n\n"
        f"**Privacy**: {PRIVACY}")

upload = st.file_uploader("CSV or Excel file", type=["csv", "txt", "xlsx", "xls", "xlsm", "ods"],
                          key=f"upload_{st.session_state.upload_round}")
# empty by default: an Annex A workbook that states its extract date is then read as at that date
as_at = st.date_input("Extract date (for an Annex A workbook or a census file: the day its figures are as at; for "
                      "a workbook, leave it empty for the date the workbook states)",
                      value=None, max_value=date.today(), key="upload_as_at", format="DD/MM/YYYY")
kind = st.selectbox("What the file holds", [None, *KINDS], key="upload_kind",
                    format_func=lambda k: "Work it out from the headers" if k is None else kind_label(k))
st.caption(f"Imports and undos are recorded as {shell.current_user().identity}.")

if upload is not None:
    declared = st.session_state.declarations.get(upload.file_id, [])
    check = services.check_upload(cache.store(), local, shell.current_user(), upload.getvalue(), upload.name,
                                  chosen.la, kind, declared, as_at=as_at)
    if check.plan is None:
        st.error(f"**{upload.name}** cannot be read: {check.unreadable}. Nothing was imported.",
                 icon=":material/error:")
    else:
        plan, problems, previous = check.plan, check.problems, check.previous
        kind_text = KINDS.get(plan.kind, "not recognised")
        st.markdown(f"**{upload.name}**: {kind_text}" + (f", {plan.layout} layout" if plan.layout else "")
                    + f" · {len(plan.rows):,} rows read")
        for note in plan.notes:
            st.info(note, icon=":material/info:")

        for unknown in plan.unknown_measures:
            with st.container(border=True):
                st.markdown(f"The measure **{unknown.name}** (column '{unknown.column}', rows "
                            f"{', '.join(map(str, unknown.rows[:8]))}{'…' if len(unknown.rows) > 8 else ''}) is "
                            f"not in the catalogue. Closest: {'; '.join(unknown.suggestions) or 'none'}. Correct "
                            "the file, or declare it as a new local measure:")
                with st.form(f"declare_{unknown.name}"):
                    a, b, c, d = st.columns([2, 3, 1, 1])
                    new_id = a.text_input("Id", value=slug(unknown.name))
                    label = b.text_input("Label", value=unknown.name)
                    unit = c.selectbox("Unit", list(UNIT_RANGES))
                    polarity = d.selectbox("Better when", POLARITIES,
                                           format_func={"high": "higher", "low": "lower", "neither": "neither"}.get)
                    if st.form_submit_button("Declare this measure"):
                        declared = [x for x in declared if x.name != unknown.name]
                        declared.append(MeasureDeclaration(unknown.name, new_id, label, unit, polarity))
                        st.session_state.declarations[upload.file_id] = declared
                        st.rerun()

        if problems:
            st.error(f"Nothing was imported: {in_all(problems)}, to put right in the file (rows are numbered "
                     "as in Excel, the header being row 1).",
                     icon=":material/error:")
            table = pd.DataFrame({"Row": [p.row for p in problems], "Column": [p.column for p in problems],
                                  "Problem": [p.message for p in problems]})
            if any(p.sheet for p in problems):
                table.insert(0, "Sheet", [p.sheet for p in problems])
            st.dataframe(table, hide_index=True, width="stretch")
        else:
            st.markdown("**Preview** of what will be added:")
            st.dataframe(plan.preview(), hide_index=True, width="stretch")
            if check.changes is not None:
                when = f"{as_at:%d %b %Y}" if as_at else "the date the workbook states"
                st.markdown(f"**Against what is stored** (extract as at {when}):")
                st.dataframe(check.changes.assign(list_no=check.changes.list_no.map(
                    lambda n: f"List {n}: {LISTS[n].title}")).rename(columns={
                        "list_no": "List", "new": "New rows", "changed": "Changed rows",
                        "unchanged": "Unchanged rows"}), hide_index=True, width="stretch")
            confirmed = True
            if len(previous):
                first = previous.iloc[0]
                st.warning(f"This file was imported before, as batch {first.batch_id} on "
                           f"{first.imported_at:%d %b %Y %H:%M}.", icon=":material/content_copy:")
                confirmed = st.checkbox("Import it again anyway", key="confirm_reimport")
            st.button(f"Import {len(plan.rows):,} rows", type="primary", disabled=not confirmed, key="import_button",
                      on_click=import_file, args=(check, confirmed))

st.subheader("Imported files")
batches = cache.batches()
if batches.empty:
    st.info("Nothing has been imported yet.")
else:
    shown = batches.assign(status=batches.undone_at.map(lambda t: "undone" if pd.notna(t) else "in use"),
                           demo=batches.demo.map({True: "demo", False: ""}),
                           kind=batches.kind.map(kind_label))
    st.dataframe(shown[["batch_id", "kind", "file_name", "rows", "imported_at", "imported_by", "demo", "note",
                        "status"]].rename(columns={"batch_id": "Batch", "kind": "Kind", "file_name": "File",
                                                   "rows": "Rows", "imported_at": "Imported", "imported_by": "By",
                                                   "demo": "Demo", "note": "Note", "status": "Status"}),
                 hide_index=True, width="stretch")
    active = batches[batches.undone_at.isna()]
    st.caption(f"{len(active)} of {len(batches)} imports in use; the latest is batch {batches.batch_id.max()}.")
    if len(active):
        left, right = st.columns([3, 1])
        batch = left.selectbox("Undo an import", active.batch_id.tolist(), key="undo_batch",
                               format_func=lambda b: f"Batch {b}: {active.set_index('batch_id').at[b, 'file_name']}")
        sure = right.checkbox("I am sure", key="undo_sure")
        st.button("Undo this import", disabled=not sure, key="undo_button", on_click=undo, args=(int(batch),))

st.subheader(f"Figures held for {la_name}")
coverage = cache.coverage(chosen.la)
if coverage.empty:
    st.info(f"No monthly figures are held for {la_name}.")
else:
    st.dataframe(local_views.coverage_table(coverage, cache.all_measures()), hide_index=True, width="stretch")
    st.caption(f"{int(coverage.figures.sum()):,} monthly figures held for {len(coverage)} measures.")

st.subheader("Measures worked out from Annex A extracts")
measures = cache.all_measures()
with st.expander("Definitions"):
    st.dataframe(local_views.definitions_table(measures, MEASURE_IDS), hide_index=True, width="stretch")
comparison = cache.annex_comparison(chosen.la)
if comparison.empty:
    st.info(f"No Annex A month end for {la_name} is a published 31 March yet: the council's own figures appear "
            "beside the published ones once an extract covers one.")
else:
    st.dataframe(local_views.annex_comparison_table(comparison, measures), hide_index=True, width="stretch")
shell.footer()
