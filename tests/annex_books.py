"""Tiny Annex A workbooks written in the tests (openpyxl), sheet by sheet: each sheet a header row and rows of
Python values (dates as date or datetime cells, text as typed)."""

import io
from datetime import date

from openpyxl import Workbook

CONTACTS = ["Child Unique ID", "Gender", "Date of Birth", "Date of Contact", "Contact Source", "Allocated Team",
            "Allocated Worker"]
ASSESSMENTS = ["Child Unique ID", "Date of Birth", "Continuous Assessment Start Date",
               "Continuous Assessment Date of Authorisation", "Allocated Team", "Allocated Worker"]
CP = ["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date", "Initial Category of Abuse",
      "Date of the Last Statutory Visit", "Child Protection Plan End Date",
      "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"]


def workbook(sheets: dict[str, list[list]], title_rows: dict[str, int] | None = None) -> bytes:
    """`sheets`: name -> [header, *rows]; `title_rows`: name -> how many title rows sit above the header."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for n in range((title_rows or {}).get(name, 0)):
            sheet.append([f"Annex A extract, title line {n + 1}"])
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
