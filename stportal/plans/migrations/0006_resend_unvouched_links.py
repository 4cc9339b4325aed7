from django.db import migrations


def stop_unvouched_links(apps, schema_editor):
    """A link sent before issue 10 was sent by whoever asked, the resident included (to their own
    address, to name an invented supervisor and certify themself). A link still outstanding on a
    contract not yet certified stops working unless someone who vouches for its address sent it:
    the main supervisor or the director (`sent_by` of the receiving unit's link, before the
    supervisor is named; `certificate_requested_by` of the certificate link, after). They send
    it again from the contract's page."""
    contracts = apps.get_model("plans", "RotationContract").objects
    outstanding = contracts.filter(certified_at__isnull=True).exclude(link_nonce="")
    outstanding.filter(named_at__isnull=True, sent_by__isnull=True).update(link_nonce="")
    outstanding.filter(named_at__isnull=False, certificate_requested_by__isnull=True).update(
        link_nonce=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_certified_place_and_period"),
    ]

    operations = [
        migrations.RunPython(stop_unvouched_links, migrations.RunPython.noop),
    ]
