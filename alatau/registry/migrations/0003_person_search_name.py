"""People get a casefolded search name (names in every script and FIS code), filled for those already registered."""

from typing import Any

from django.db import migrations, models

from alatau.registry.search import SEARCHED_FIELDS, search_text

BATCH = 2000


def fill_search_names(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("registry", "Person")
    people = Person.objects.using(schema_editor.connection.alias).only("pk", *SEARCHED_FIELDS)
    batch = []
    for person in people.iterator(chunk_size=BATCH):
        person.search_name = search_text(getattr(person, name) for name in SEARCHED_FIELDS)
        batch.append(person)
        if len(batch) == BATCH:
            Person.objects.bulk_update(batch, ["search_name"])
            batch = []
    Person.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_regions_and_disciplines"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=600),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
