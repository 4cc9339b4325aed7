"""Issue 10: an assessor without an account is approved by the main supervisor or the director
before the link is sent (or by the supervisor who asked). Existing requests: one a supervisor
asked for was approved by that act; an open one the resident asked for has its link revoked and
waits for approval, which sends a new link."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def approve_or_revoke(apps, schema_editor):
    Assessment = apps.get_model("portfolio", "Assessment")
    external = Assessment.objects.filter(assessor__isnull=True, assessor_approved_at__isnull=True)
    by_resident = external.filter(requested_by=models.F("training__resident"))
    by_resident.filter(completed_at__isnull=True).update(link_nonce="")
    for item in external.exclude(pk__in=by_resident.values("pk")):
        item.assessor_approved_by_id = item.requested_by_id
        item.assessor_approved_at = item.requested_at
        item.save(update_fields=["assessor_approved_by", "assessor_approved_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0004_submitted_once_bounded_texts"),
        ("training", "0005_one_absence_a_day_bounded_texts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="assessor_approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="assessor approved"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="assessor_approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assessor approved by",
            ),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="assessor_approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="assessor approved"),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="assessor_approved_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assessor approved by",
            ),
        ),
        migrations.RunPython(approve_or_revoke, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("assessor_approved_at__isnull", True),
                        ("assessor_approved_by__isnull", True),
                    ),
                    models.Q(
                        ("assessor_approved_at__isnull", False),
                        ("assessor_approved_by__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="assessment_approval_whole",
            ),
        ),
    ]
