"""Dates and numbers as Swedish users write them: 2026-11-22 and 2026-11-22 14:05; 5,8 and
1 755 (issue 12 items 8 and 13: a decimal comma, a space between thousands: a non-breaking one,
so that a number never breaks over two lines)."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
