"""What each list of Ofsted's ILACS Annex A workbook holds, as data: the fields this product reads from it, the
headers each may have, and how each is read.

Headers are Ofsted's, as in its template (and in the public liia-tools specification), then variants seen in
councils' own extracts. Two headers match when header_key makes them equal: case, spacing (non-breaking spaces
too), punctuation and a trailing '(Y/N)' or '(Years)' do not matter. Fields a list has that are not here (gender,
ethnicity, postcodes, free-text reasons, ...) are not read: nothing the measures do not need is kept.

Lists 1, 3 to 9 are stored; lists 2, 10 and 11 (early help, adoption, adopters) are found, counted and reported
as not used.
"""

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Field:
    name: str  # the column in the store's annex_a table
    headers: tuple[str, ...]  # Ofsted's first
    read: str  # 'id', 'date', 'month', 'team', 'worker', 'yes_no', 'count', 'category', 'in_touch',
    #            'suitability', 'activity'
    required: bool = False

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class ListSpec:
    number: int
    title: str
    fields: tuple[Field, ...]
    start: str | None  # the event's start: with the child, the key that later extracts replace rows by
    stored: bool = True

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@lru_cache(maxsize=4096)  # coded cells repeat a few values thousands of times; bounded for odd files
def header_key(text) -> str:
    """'Child  Unique\u00a0ID ' and 'child unique id' -> 'child unique id'; '(Y/N)' and '(Years)' dropped."""
    text = str(text).replace("\u00a0", " ").casefold()
    text = re.sub(r"\((y/n|yes/no|years)\)", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


CHILD = Field("child_id", ("Child Unique ID", "Child ID", "Unique Child ID", "Child Identifier", "Child Reference",
                           "Person ID", "LCS ID", "ID"), "id", required=True)
DOB = Field("dob_month", ("Date of Birth", "DOB", "Child's Date of Birth", "Birth Date"), "month")
TEAM = Field("team", ("Allocated Team", "Team", "Team Name", "Allocated Team Name"), "team")
WORKER = Field("worker_key", ("Allocated Worker", "Worker", "Allocated Social Worker", "Social Worker",
                              "Worker Name", "Allocated Worker Name", "Key Worker"), "worker")
COMMON = (CHILD, DOB, TEAM, WORKER)


def _start(*headers: str) -> Field:
    return Field("event_start", headers, "date", required=True)


def _end(*headers: str) -> Field:
    return Field("event_end", headers, "date")


LISTS = {spec.number: spec for spec in (
    ListSpec(1, "Contacts", (*COMMON, _start("Date of Contact", "Contact Date", "Date Contact Received")),
             "event_start"),
    ListSpec(2, "Early help", (CHILD, _start("Assessment start date", "Early Help Assessment Start Date")),
             "event_start", stored=False),
    ListSpec(3, "Referrals", (*COMMON, _start("Date of referral", "Referral Date", "Date of Referral Received"),
                              Field("nfa", ("Referral NFA?", "Referral NFA", "NFA", "Referral No Further Action",
                                            "No Further Action"), "yes_no"),
                              Field("referrals_12m", ("Number of Referrals in Last 12 Months",
                                                      "Referrals in Last 12 Months",
                                                      "Number of Previous Referrals in Last 12 Months"), "count")),
             "event_start"),
    ListSpec(4, "Assessments", (*COMMON, _start("Continuous Assessment Start Date", "Assessment Start Date",
                                                "Date Assessment Started"),
                                Field("authorised", ("Continuous Assessment Date of Authorisation",
                                                     "Assessment Date of Authorisation", "Date of Authorisation",
                                                     "Assessment Authorised Date", "Assessment Completion Date"),
                                      "date")),
             "event_start"),
    ListSpec(5, "Section 47 enquiries and ICPCs",
             (*COMMON, _start("Strategy discussion initiating Section 47 Enquiry Start Date",
                              "Strategy Discussion Date", "Section 47 Enquiry Start Date", "S47 Start Date",
                              "Date of Strategy Discussion"),
              Field("icpc_date", ("Date of Initial Child Protection Conference", "ICPC Date", "Date of ICPC",
                                  "Initial Child Protection Conference Date"), "date")),
             "event_start"),
    ListSpec(6, "Children in need", (*COMMON, _start("CIN Start Date", "Child in Need Start Date",
                                                     "CIN Referral Date"),
                                     _end("CIN Closure Date", "Child in Need Closure Date", "CIN End Date",
                                          "Case Closure Date")),
             "event_start"),
    ListSpec(7, "Child protection", (*COMMON, _start("Child Protection Plan Start Date", "CP Plan Start Date",
                                                     "CPP Start Date", "Plan Start Date"),
                                     Field("category", ("Initial Category of Abuse", "Category of Abuse",
                                                        "Initial Category"), "category"),
                                     Field("last_visit", ("Date of the Last Statutory Visit",
                                                          "Date of Last Statutory Visit", "Last Statutory Visit",
                                                          "Last Visit Date"), "date"),
                                     _end("Child Protection Plan End Date", "CP Plan End Date", "CPP End Date",
                                          "Plan End Date"),
                                     Field("previous_plans", ("Number of Previous Child Protection Plans",
                                                              "Previous CP Plans", "Number of Previous CP Plans",
                                                              "Previous Plans"), "count")),
             "event_start"),
    ListSpec(8, "Children looked after", (*COMMON, _start("Date Started to be Looked After",
                                                          "Date Started Looked After", "CLA Start Date",
                                                          "Date Became Looked After", "Episode Start Date"),
                                          Field("placements_12m", ("Number of Placements in the Last 12 months",
                                                                   "Placements in Last 12 Months",
                                                                   "Number of Placements"), "count"),
                                          _end("Date Ceased to be Looked After", "Date Ceased Looked After",
                                               "CLA End Date", "CLA Ceased Date")),
             "event_start"),
    ListSpec(9, "Care leavers", (*COMMON, Field("in_touch", ("LA in Touch", "In Touch", "LA in Touch?"),
                                                "in_touch"),
                                 Field("accommodation", ("Suitability of Accommodation", "Accommodation Suitable",
                                                         "Suitable Accommodation"), "suitability"),
                                 Field("activity", ("Activity Status", "Main Activity", "Activity"), "activity")),
             None),
    ListSpec(10, "Adoption", (CHILD, _start("Date the Child Entered Care", "Date Child Entered Care")),
             "event_start", stored=False),
    ListSpec(11, "Adopters", (Field("child_id", ("Individual adopter identifier", "Adopter ID"), "id",
                                    required=True),
                              _start("Date enquiry received", "Enquiry Date")), "event_start", stored=False),
)}

STORED_COLUMNS = ["list_no", "child_key", "event_start", "event_end", "authorised", "icpc_date", "last_visit",
                  "dob_month", "team", "worker_key", "nfa", "referrals_12m", "previous_plans", "placements_12m",
                  "category", "in_touch", "accommodation", "activity", "as_at"]
KEY = ["list_no", "child_key", "event_start"]  # a later extract's row replaces an earlier one's with the same key
