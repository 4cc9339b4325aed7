"""No two placements of one training overlap (issue 2: constraints in the database too).

PostgreSQL: an exclusion constraint over the inclusive date range (btree_gist for the
training id). SQLite: triggers that abort an insert or update that would overlap.
"""

from django.db import migrations

CONSTRAINT = "placement_no_overlap"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE training_placement ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (training_id WITH =, daterange(from_date, to_date, '[]') WITH &&)""",
]
POSTGRES_BACKWARD = [f"ALTER TABLE training_placement DROP CONSTRAINT {CONSTRAINT}"]

SQLITE_OVERLAP = f"""
    SELECT RAISE(ABORT, '{CONSTRAINT}') WHERE EXISTS (
        SELECT 1 FROM training_placement AS other
        WHERE other.training_id = NEW.training_id
          AND other.id IS NOT NEW.id
          AND other.from_date <= NEW.to_date
          AND NEW.from_date <= other.to_date
    );"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER {CONSTRAINT}_{event.lower()} BEFORE {event} ON training_placement
        FOR EACH ROW BEGIN {SQLITE_OVERLAP} END"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_BACKWARD = [f"DROP TRIGGER {CONSTRAINT}_{event}" for event in ("insert", "update")]


def forward(apps, schema_editor):
    statements = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
