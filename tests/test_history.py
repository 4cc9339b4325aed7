"""Every change to a training, its employment, absences and placements is kept (issue 2)."""

from datetime import date

from django.urls import reverse
from simple_history.utils import update_change_reason  # noqa: F401  (API present)

from stportal.training.history import training_history_entries
from stportal.training.models import Absence


def _as(person, instance, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._history_user = person
    instance.save()


def test_changes_are_kept_with_who_when_and_what(demo):
    training = demo.training_of("resident-g2")
    director = demo.person("director-g")
    _as(director, training, plans_exam=True)
    step = training.employment_steps.get(percent=75)
    _as(director, step, percent=80)
    absence = Absence(
        training=training, kind="vacation", from_date=date(2026, 12, 1), to_date=date(2026, 12, 5)
    )
    _as(demo.person("resident-g2"), absence)
    absence._history_user = demo.person("resident-g2")
    absence.delete()

    entries = training_history_entries(training)
    newest = entries[0]
    assert newest.action == "deleted" and newest.who == "Jonas Strand"
    changed = next(e for e in entries if e.action == "changed" and e.subject.startswith("ST"))
    assert changed.who == "Karin Wall"
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("Planerar specialistexamen", "nej", "ja")
    ]
    step_change = next(
        e for e in entries if e.subject.startswith("Tjänstgöringsgrad") and e.action == "changed"
    )
    assert [(c.old, c.new) for c in step_change.changes] == [("75", "80")]


def test_the_director_reads_the_history_page(demo):
    training = demo.training_of("resident-g2")
    _as(demo.person("director-g"), training, credited_months=3, credit_reason="Tidigare AT")
    page = demo.client_for("director-g").get(reverse("training:history", args=[training.pk]))
    text = page.content.decode()
    assert "Ändringshistorik: Jonas Strand" in text
    assert "Tillgodoräknade månader" in text and "Tidigare AT" in text and "Karin Wall" in text
    assert "systemet" in text  # the seeded records have no person behind them


def test_co_supervisor_changes_are_kept(demo):
    training = demo.training_of("resident-g2")
    training._history_user = demo.person("director-g")
    training.co_supervisors.add(demo.person("supervisor-g2"))
    entry = training_history_entries(training)[0]
    assert [(c.field, c.new) for c in entry.changes] == [("Bihandledare", "Per Ek")]
