"""The Alliance's baseline sets (the JSON files in `dyad/standards/sets/`) become the first
published versions. Never edited in place afterwards: a change is a new version."""

import hashlib
import json

from django.db import migrations


def digest(document) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def forwards(apps, schema_editor):
    from dyad.standards.requirement_sets import BASELINES, SETS_DIR

    PublishedSet = apps.get_model("rulesets", "PublishedSet")
    for standard, set_id in BASELINES.items():
        document = json.loads((SETS_DIR / f"{set_id}.json").read_text(encoding="utf-8"))
        if PublishedSet.objects.filter(set_id=set_id, version=document["version"]).exists():
            continue
        PublishedSet.objects.create(
            association=None,
            set_id=set_id,
            version=document["version"],
            standard=standard,
            title=document["title"],
            document=document,
            note="The Alliance's baseline.",
            digest=digest(document),
        )


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0002_published_set_frozen_trigger")]
    # Going back leaves the rows: they go with the table when 0001 is undone (and the trigger
    # refuses deleting rows one by one on PostgreSQL).
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
