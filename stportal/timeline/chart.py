"""Geometry of the visual timeline (an SVG drawn by the page's template, so it also prints).

Plain data in (the training's spans, steps and milestones), plain shapes out, in the units of
the SVG's viewBox. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stportal.timeline.served import ONE_DAY

WIDTH = 1000  # viewBox width
LABEL_WIDTH = 150  # left column with the row names
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 10
ROW_HEIGHT = 26
ROWS = ("placements", "absences", "employment", "courses", "milestones")
AXIS_HEIGHT = 22
HEIGHT = AXIS_HEIGHT + len(ROWS) * (ROW_HEIGHT + 10) + 8


@dataclass(frozen=True)
class Span:
    """A period to draw: `style` picks the colour, `label` is its text and tooltip."""

    first: date
    last: date
    style: str
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    style: str
    label: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    style: str
    label: str

    @property
    def diamond(self) -> str:
        """SVG path data: a diamond centred on the mark."""
        return f"M{self.x} {self.y - 7} l7 7 l-7 7 l-7 -7 z"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: list[tuple[str, float]]  # row code and the y of its middle
    ticks: list[tuple[float, str]]  # x and year label
    bars: list[Bar]
    marks: list[Mark]
    today_x: float | None
    completion_x: float


def chart(
    start: date,
    completion: date,
    today: date,
    placements: Iterable[Span],
    absences: Iterable[Span],
    employment: Iterable[tuple[date, int]],
    milestones: Iterable[tuple[date, str, str]],
    home_return_days: Iterable[date] = (),
    courses: Iterable[Span] = (),
) -> Chart:
    """From the start to the later of completion and the last span, one row per kind of data."""
    placements, absences = list(placements), list(absences)
    end = max([completion, *(s.last for s in placements), *(s.last for s in absences)])
    scale = _Scale(start, end + ONE_DAY)
    tops = {row: AXIS_HEIGHT + index * (ROW_HEIGHT + 10) for index, row in enumerate(ROWS)}
    bars = [
        *_row_bars(scale, placements, tops["placements"]),
        *_row_bars(scale, absences, tops["absences"]),
        *_employment_bars(scale, list(employment), end, tops["employment"]),
        *_row_bars(scale, list(courses), tops["courses"]),
    ]
    marks = [
        Mark(scale.x(day), tops["milestones"] + ROW_HEIGHT / 2, style, label)
        for day, style, label in milestones
        if start <= day <= end
    ]
    marks += [
        Mark(scale.x(day), tops["placements"] + ROW_HEIGHT / 2, "home-return", day.isoformat())
        for day in home_return_days
        if start <= day <= end
    ]
    return Chart(
        WIDTH,
        HEIGHT,
        [(row, tops[row] + ROW_HEIGHT / 2) for row in ROWS],
        _year_ticks(scale, start, end),
        bars,
        marks,
        scale.x(today) if start <= today <= end else None,
        scale.x(completion + ONE_DAY),
    )


class _Scale:
    def __init__(self, first: date, after_last: date) -> None:
        self.first = first
        self.days = max(1, (after_last - first).days)

    def x(self, day: date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - self.first).days / self.days, 1)

    def width(self, first: date, last: date) -> float:
        return max(1.5, round(self.x(last + ONE_DAY) - self.x(first), 1))


def _row_bars(scale: _Scale, spans: list[Span], top: float) -> list[Bar]:
    return [
        Bar(scale.x(s.first), top, scale.width(s.first, s.last), ROW_HEIGHT, s.style, s.label)
        for s in spans
    ]


def _employment_bars(
    scale: _Scale, steps: list[tuple[date, int]], end: date, top: float
) -> list[Bar]:
    """One bar per step, as tall as its percent; 100 % from the start when none is entered."""
    steps = sorted(steps) or [(scale.first, 100)]
    if steps[0][0] > scale.first:
        steps.insert(0, (scale.first, 100))
    bars = []
    for index, (first, percent) in enumerate(steps):
        last = steps[index + 1][0] - ONE_DAY if index + 1 < len(steps) else end
        height = round(ROW_HEIGHT * percent / 100, 1)
        bars.append(
            Bar(
                scale.x(first),
                top + ROW_HEIGHT - height,
                scale.width(first, last),
                height,
                "employment",
                f"{first.isoformat()}–{last.isoformat()}: {percent} %",
            )
        )
    return bars


def _year_ticks(scale: _Scale, start: date, end: date) -> list[tuple[float, str]]:
    """A tick at each new year within the span, labelled with the year."""
    return [(scale.x(date(year, 1, 1)), str(year)) for year in range(start.year + 1, end.year + 1)]
