"""Issue 10: the key a form draws when shown, unique per training, so that the same form posted
twice (or several times at once) makes one supervision entry, one course record with one file,
one assessment request with one e-mail; and the free texts bounded by their fields."""

import stportal.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0003_plausible_dates"),
        ("training", "0005_one_absence_a_day_bounded_texts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="courserecord",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalcourserecord",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalsupervisionsession",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="supervisionsession",
            name="submission_key",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        # Only the fields' Python class changes (their bound): the columns stay texts, so nothing
        # is done to the database (see 0003).
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="annualreview",
                    name="director_review",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="director's review"
                    ),
                ),
                migrations.AlterField(
                    model_name="annualreview",
                    name="resident_report",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="annual report (resident)"
                    ),
                ),
                migrations.AlterField(
                    model_name="annualreview",
                    name="supervisor_statement",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="supervisor's statement"
                    ),
                ),
                migrations.AlterField(
                    model_name="assessment",
                    name="feedback",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="feedback"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalannualreview",
                    name="director_review",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="director's review"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalannualreview",
                    name="resident_report",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="annual report (resident)"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalannualreview",
                    name="supervisor_statement",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="supervisor's statement"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalassessment",
                    name="feedback",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="feedback"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalscholarlywork",
                    name="plan",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="plan"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalsupervisionsession",
                    name="agreed_actions",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="agreed actions"
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalsupervisionsession",
                    name="topics",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="topics"
                    ),
                ),
                migrations.AlterField(
                    model_name="scholarlywork",
                    name="plan",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=20000, verbose_name="plan"
                    ),
                ),
                migrations.AlterField(
                    model_name="supervisionsession",
                    name="agreed_actions",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="agreed actions"
                    ),
                ),
                migrations.AlterField(
                    model_name="supervisionsession",
                    name="topics",
                    field=stportal.fields.BoundedTextField(
                        blank=True, max_length=4000, verbose_name="topics"
                    ),
                ),
            ],
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                fields=("training", "submission_key"), name="assessment_submitted_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="courserecord",
            constraint=models.UniqueConstraint(
                fields=("training", "submission_key"), name="course_record_submitted_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="supervisionsession",
            constraint=models.UniqueConstraint(
                fields=("training", "submission_key"), name="supervision_session_submitted_once"
            ),
        ),
    ]
