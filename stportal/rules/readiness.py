"""Readiness for the specialist certificate (R5.5), pure.

V: "Krav som ska vara uppfyllda inför ansökan om specialistbevis: 1. Minst 60 månaders
tjänstgöring under handledning, omräknat till heltid enligt SOFS 2015: 8 och 66 månader inklusive
BT enligt HSLF -FS 2021:8. 2. ST-läkaren ska uppfylla alla delmål i Målbeskrivningen 2015 eller
2021 vilket bedöms av handledare och verksamhetschef." G's routine states no such list; the
certificate needs the same two things under either regulation, so the check is the same with the
judges the profile names (`final_evaluation.goals_judged_by`: G the supervisor, V the supervisor
and the unit head).

Time served comes from the timeline (served against required days); each delmål is judged met by
the supervisor (`GoalProgress.status`) and, where the routine says so, agreed to by the unit head
(`GoalProgress.unit_head_agreed_at`, issue 11).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUPERVISOR = "supervisor"
UNIT_HEAD = "unit_head"


@dataclass(frozen=True)
class Readiness:
    served_percent_days: int
    required_days: int
    goals_not_met: list[str] = field(default_factory=list)  # not judged met by the supervisor
    goals_not_agreed: list[str] = field(default_factory=list)  # met, the unit head not agreed

    @property
    def days_left(self) -> int:
        """Whole days (at full time) still to serve, 0 when served."""
        short = self.required_days * 100 - self.served_percent_days
        return max(0, -(-short // 100))

    @property
    def time_served(self) -> bool:
        return self.days_left == 0

    @property
    def ready(self) -> bool:
        return self.time_served and not self.goals_not_met and not self.goals_not_agreed


def readiness(
    *,
    served_percent_days: int,
    required_days: int,
    goals: list[str],
    met: set[str],
    unit_head_agreed: set[str],
    judged_by: list[str],
) -> Readiness:
    """R5.5: time served and every delmål of `goals` (in their order) judged met by each of
    `judged_by`. `met`: judged met by the supervisor; `unit_head_agreed`: of those, agreed to by
    the unit head."""
    not_met = [code for code in goals if code not in met]
    not_agreed = (
        [code for code in goals if code in met and code not in unit_head_agreed]
        if UNIT_HEAD in judged_by
        else []
    )
    return Readiness(served_percent_days, required_days, not_met, not_agreed)
