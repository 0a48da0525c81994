"""The publications the product carries in data/, with what users must be told about each.

All are Crown copyright, published under the Open Government Licence v3.0, which
requires this attribution beside the figures.
"""

from dataclasses import dataclass, replace

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
EES = "https://explore-education-statistics.service.gov.uk/find-statistics/"


@dataclass(frozen=True)
class Publication:
    key: str
    title: str
    publisher: str
    edition: str  # for a release found by what it holds, a template of the years its files cover
    files: tuple[str, ...]  # the files read by name; empty for the releases the build finds (ingest/editions.py)
    url: str
    period: str

    def found_in(self, files: tuple[str, ...], first: int, last: int) -> "Publication":
        """This release as the files found for it give it: their names and the years they cover."""
        return replace(self, files=files, edition=self.edition.format(first=first, last=last))

    @property
    def attribution(self) -> str:
        return f"Source: {self.publisher}, {self.title} ({self.edition}). Crown copyright, {LICENCE}."

    @property
    def short_credit(self) -> str:
        return f"{self.publisher}, {self.title}, {self.edition}"


PUBLICATIONS: dict[str, Publication] = {p.key: p for p in [
    Publication("csww", "Children's social work workforce", "Department for Education",
                "reporting years {first} to {last}", (),
                EES + "children-s-social-work-workforce",
                "Workforce as at 30 September; starters, leavers and absence over the year to 30 September"),
    Publication("cin", "Characteristics of children in need", "Department for Education",
                "reporting years {first} to {last} (tables B1, C1, D3, D5)", (),
                EES + "characteristics-of-children-in-need", "Year ending 31 March, or at 31 March"),
    Publication("cla", "Children looked after in England including adoptions", "Department for Education",
                "reporting years {first} to {last}", (),
                EES + "children-looked-after-in-england-including-adoptions",
                "Year ending 31 March, or at 31 March"),
    Publication("ons", "Mid-year population estimates, children aged 0 to 17",
                "Office for National Statistics", "mid-{first} to mid-{last}", (),
                "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates",
                "At 30 June"),
    Publication("sn2021", "Children's services statistical neighbour benchmarking tool", "Department for Education",
                "April 2021 groupings (local government reorganisation version)",
                ("dfe/New_Statistical_Neighbour_Groupings_April_2021.csv", "lait/sn_april_2021.xlsx"),
                "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait",
                "Groupings fixed in April 2021"),
    Publication("sn2025", "Statistical neighbour model", "Department for Education", "May 2025",
                ("dfe/sn_model_2025_wide.csv", "lait/sn_may_2025.xlsx"),
                "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait",
                "Groupings fixed in May 2025"),
    Publication("ofsted", "Local authority inspection outcomes as at 31 March 2025", "Ofsted",
                "published 25 September 2025", ("dfe/LA_Inspection_Outcomes_as_at_31_March_2025.ods",),
                "https://www.gov.uk/government/collections/childrens-social-care-statistics",
                "ILACS inspections from 2018 to 31 March 2025, reports published by 30 June 2025"),
    Publication("lait", "Local authority interactive tool (LAIT)", "Department for Education",
                "data set and data dictionary as bundled",
                ("lait/bds_long_0.parquet", "lait/lait_data_dictionary.csv", "lait/la_code_list.xlsx"),
                "https://www.gov.uk/government/publications/local-authority-interactive-tool-lait",
                "Varies by indicator: see each measure's year type"),
]}
