"""Calendar month arithmetic. Pure Python (no Django)."""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Calendar month addition; a day that does not exist in the target month becomes that
    month's last day (2024-01-31 + 1 month = 2024-02-29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if day.day <= 28:
        return date(year, month + 1, day.day)
    last_day = 29 if month == 1 and calendar.isleap(year) else _MONTH_DAYS[month]
    return date(year, month + 1, min(day.day, last_day))


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# The dates a record of an ST can plausibly hold (issue 10): anything outside is a typing error,
# and the calculators stay far from the calendar's end (year 9999) whatever is added to them.
EARLIEST_DATE = date(1970, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def is_plausible(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE
