"""Issue 10: one absence of a kind per first day and training (the same absence posted twice, or
eight times at once, is one row), and the reason for credited months bounded by its field.

The same absence stored twice before this constraint existed (the defect it closes) is stored
once: a copy that repeats every value of the row kept is removed. Two rows of one kind from one
day that differ otherwise cannot be merged by a program; the migration then stops and names
them, to be corrected by hand (in the admin) before it runs again.
"""

import stportal.fields
from django.conf import settings
from django.db import migrations, models

SAME = ("to_date", "percent", "counts", "decided_by_id", "decided_at", "note")


def remove_repeated_absences(apps, schema_editor):
    Absence = apps.get_model("training", "Absence")
    kept: dict[tuple, object] = {}
    repeated, differing = [], []
    for row in Absence.objects.order_by("pk"):
        key = (row.training_id, row.kind, row.from_date)
        first = kept.setdefault(key, row)
        if first is row:
            continue
        if all(getattr(first, name) == getattr(row, name) for name in SAME):
            repeated.append(row.pk)
        else:
            differing.append((first.pk, row.pk))
    if differing:
        raise RuntimeError(
            "Absences of one kind from the same day differ; correct them before migrating "
            f"(ids, first kept and other): {differing}"
        )
    Absence.objects.filter(pk__in=repeated).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_plausible_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the field's Python class changes (its bound): the column stays a text, so nothing
        # is done to the database (see 0004).
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="historicaltraining",
                    name="credit_reason",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="reason for credited months"
                    ),
                ),
                migrations.AlterField(
                    model_name="training",
                    name="credit_reason",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="reason for credited months"
                    ),
                ),
            ],
        ),
        migrations.RunPython(remove_repeated_absences, migrations.RunPython.noop),
        # The absence table, not the placement table: SQLite rebuilds training_absence here, and
        # the placement overlap trigger of 0002 stays where it is.
        migrations.AddConstraint(
            model_name="absence",
            constraint=models.UniqueConstraint(
                fields=("training", "kind", "from_date"),
                name="absence_once_per_kind_and_day",
                violation_error_message=(
                    "An absence of this kind starting on this day is already entered."
                ),
            ),
        ),
    ]
