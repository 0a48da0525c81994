"""The meetings a board pack is made for, what each shows, and a request for one paper."""

from dataclasses import dataclass, field
from datetime import date

from analytics.local.spc import BASELINE_MONTHS
from analytics.published.catalogue import OVERVIEW_MEASURES, PRACTICE_MEASURES, WORKFORCE_MEASURES
from analytics.published.geography import DEFAULT_MODEL

SCRUTINY_MEASURES = ["sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "cpp_subsequent_pct", "rereferral_pct",
                     "assessments_45d_pct"]
SECTION_MONTHS = BASELINE_MONTHS  # the months a section of the council's own figures covers: a chart's baseline


@dataclass(frozen=True)
class Meeting:
    key: str
    title: str
    purpose: str
    measures: tuple[str, ...]  # published measures, in the order the pack shows them
    local_measures: tuple[str, ...]  # the council's own monthly measures shown when local figures are supplied
    public: bool = False


MEETINGS: dict[str, Meeting] = {m.key: m for m in [
    Meeting("workforce-board", "Workforce Board",
            "The social work workforce: vacancies, turnover, agency staff, caseloads and sickness absence.",
            tuple(WORKFORCE_MEASURES),
            ("sw_vacancy_rate", "sw_turnover_rate", "sw_agency_rate", "sw_caseload", "permanent_staff_pct",
             "posts_uncovered_pct")),
    Meeting("director-review", "Director's trend review",
            "The headline measures across the workforce and child protection practice, and how they are moving.",
            tuple(OVERVIEW_MEASURES),
            ("mash_decisions_1wd_pct", "assessments_45d_pct", "case_supervision_pct", "cpp_9m_plus_pct",
             "sw_vacancy_rate")),
    Meeting("advisor-checkin", "Improvement advisor's check-in",
            "Child protection practice: plans, repeat plans, re-referrals, assessments, reviews and conferences.",
            tuple(PRACTICE_MEASURES),
            ("mash_decisions_1wd_pct", "assessments_45d_pct", "core_groups_in_timescale_pct", "case_supervision_pct",
             "cpp_9m_plus_pct", "cpp_9m_plus_avg_days", "cpp_open_count", "cpp_subsequent_month_pct")),
    Meeting("scrutiny", "Scrutiny committee",
            "A public summary of the workforce and of child protection practice.",
            tuple(SCRUTINY_MEASURES),
            ("mash_decisions_1wd_pct", "assessments_45d_pct", "cpp_open_count", "cpp_subsequent_month_pct",
             "sw_vacancy_rate", "sw_turnover_rate"), public=True),
]}


@dataclass(frozen=True)
class PackRequest:
    la: str
    meeting: str
    period: date
    model: str = DEFAULT_MODEL
    average: str = "mean"
    public: bool = False
    produced: date = field(default_factory=date.today)

    @property
    def is_public(self) -> bool:
        return self.public or MEETINGS[self.meeting].public
