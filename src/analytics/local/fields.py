"""What each kind of file the importer reads holds: its fields, the header names each may have, which are required,
and the columns its rows carry to the store.

Headers are compared by catalogue.key (case, spacing and punctuation ignored), so one synonym covers 'Team name',
'team_name' and 'TEAM NAME'.
"""

KINDS = {
    "monthly": "monthly figures",
    "cp_plans": "child protection plan list (one row per plan)",
    "establishment": "establishment (team workforce) figures",
    "targets": "targets and trajectories",
    "annex_a": "Ofsted Annex A workbook (lists 1 and 3 to 9 stored)",
    "census": "children's social work workforce census (one row per worker), as monthly workforce figures",
}


def kind_label(kind: str) -> str:
    """A kind of file in words, as a label ("Ofsted Annex A workbook ...": str.capitalize would lower the rest)."""
    text = KINDS.get(kind, kind)
    return text[:1].upper() + text[1:]


# field -> the names a header may have (compared by catalogue.key: case, spaces and punctuation ignored)
SHARED = {
    "team": ("team", "team name", "service", "service area", "team service area"),
    "area": ("la", "la code", "la number", "local authority", "area", "area code", "ons code", "council"),
    "source": ("source", "source document", "citation"),
    "note": ("note", "notes", "comment", "comments"),
}
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "monthly": {
        "month": ("month", "period", "date", "month ending", "month end", "reporting month", "month start"),
        "measure": ("measure", "measure id", "measure name", "indicator", "kpi", "metric"),
        "value": ("value", "figure", "actual", "result", "performance"),
        "numerator": ("numerator", "num"),
        "denominator": ("denominator", "denom", "out of"),
        **SHARED,
    },
    "cp_plans": {
        "child_id": ("child id", "child identifier", "child unique id", "unique child id", "child ref",
                     "child reference", "person id", "lcs id", "child"),
        "plan_start": ("plan start", "plan start date", "start date", "cp plan start date", "cpp start date",
                       "child protection plan start date", "date plan started"),
        "plan_end": ("plan end", "plan end date", "end date", "cp plan end date", "cpp end date",
                     "child protection plan end date", "date the child protection plan ended", "date plan ended"),
        "category": ("category", "category of abuse", "initial category of abuse", "latest category of abuse",
                     "abuse category"),
        "previous_plans": ("previous plans", "number of previous child protection plans", "previous cp plans",
                           "number of previous cp plans"),
        "area": SHARED["area"],
    },
    "establishment": {
        "month": ("month", "period", "date", "month ending", "month end", "reporting month"),
        "posts_fte": ("posts", "posts fte", "establishment", "establishment fte", "funded posts", "funded posts fte"),
        "permanent_fte": ("permanent", "permanent fte", "permanent staff", "permanent staff fte", "employed fte",
                          "in post fte", "filled by permanent staff", "filled by permanent staff fte"),
        "agency_fte": ("agency", "agency fte", "agency staff", "agency staff fte", "agency workers fte"),
        "vacant_fte": ("vacant", "vacant fte", "vacancies", "vacancies fte", "vacant posts", "vacant posts fte"),
        "starters_fte": ("starters", "starters fte", "joiners", "joiners fte"),
        "leavers_fte": ("leavers", "leavers fte"),
        "case_holders_fte": ("case holders", "case holders fte", "case holding fte", "case holding staff fte",
                             "case holding social workers fte"),
        "cases": ("cases", "cases held", "number of cases", "open cases"),
        **SHARED,
    },
    "targets": {
        "measure": ("measure", "measure id", "measure name", "indicator", "kpi", "metric"),
        "target_date": ("target date", "date", "month", "by", "due", "target month"),
        "value": ("value", "target", "target value"),
        "tolerance": ("tolerance", "amber tolerance", "amber band"),
        "owner": ("owner", "responsible officer", "lead officer"),
        "priority_area": ("priority area", "priority", "ofsted priority area"),
        **{k: SHARED[k] for k in ("area", "source")},
    },
}
REQUIRED = {
    "monthly": ("month",),
    "cp_plans": ("child_id", "plan_start"),
    "establishment": ("month", "posts_fte", "permanent_fte", "agency_fte", "vacant_fte", "leavers_fte",
                      "case_holders_fte", "cases"),
    "targets": ("measure", "value"),
}
WHOLE_SERVICE = {"", "all", "all teams", "total", "whole service", "service total"}
CATEGORIES = {"neglect": "Neglect", "n": "Neglect", "physical abuse": "Physical abuse", "physical": "Physical abuse",
              "p": "Physical abuse", "sexual abuse": "Sexual abuse", "sexual": "Sexual abuse", "s": "Sexual abuse",
              "emotional abuse": "Emotional abuse", "emotional": "Emotional abuse", "e": "Emotional abuse",
              "multiple": "Multiple", "m": "Multiple", "mixed": "Multiple"}
ESTABLISHMENT_NUMBERS = ["posts_fte", "permanent_fte", "agency_fte", "vacant_fte", "starters_fte", "leavers_fte",
                         "case_holders_fte", "cases"]
# The columns each kind's rows carry to LocalStore.apply (besides bookkeeping ones).
OUTPUT = {
    "monthly": ["area_code", "measure_id", "month", "team", "value", "numerator", "denominator", "status", "source",
                "note"],
    "cp_plans": ["area_code", "child_key", "plan_start", "plan_end", "category", "previous_plans"],
    "establishment": ["area_code", "month", "team", *ESTABLISHMENT_NUMBERS],
    "targets": ["area_code", "measure_id", "target_date", "value", "tolerance", "source", "owner", "priority_area"],
}
