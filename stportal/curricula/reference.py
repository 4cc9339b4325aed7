"""Loads the curricula from data/*.json into the database; running it again updates in place."""

import json
from pathlib import Path

from django.db import transaction

from stportal.curricula.models import Curriculum, Goal

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def curricula_load(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Returns the number of goals per regulation."""
    counts = {}
    for path in sorted(data_dir.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        curriculum, _ = Curriculum.objects.update_or_create(
            regulation=document["regulation"],
            defaults={"name": document["name"], "source": document["source"]},
        )
        codes = []
        for position, goal in enumerate(document["goals"], start=1):
            codes.append(goal["code"])
            Goal.objects.update_or_create(
                curriculum=curriculum,
                code=goal["code"],
                defaults={
                    "group": goal["group"],
                    "position": position,
                    "title": goal["title"] or "",
                    "label": goal["label"] or "",
                    "competence": goal["competence"],
                    "activities": goal["activities"],
                    "certified_by": goal["certified_by"],
                    "source": goal["source"],
                },
            )
        curriculum.goals.exclude(code__in=codes).delete()
        counts[curriculum.regulation] = len(codes)
    return counts
