"""Clubs get a casefolded search name (name, short name and town), filled for the clubs already registered."""

from typing import Any

from django.db import migrations, models

from alatau.registry.search import CLUB_SEARCHED_FIELDS, search_text


def fill_search_names(apps: Any, schema_editor: Any) -> None:
    Club = apps.get_model("registry", "Club")
    clubs = list(Club.objects.using(schema_editor.connection.alias).only("pk", *CLUB_SEARCHED_FIELDS))
    for club in clubs:  # a few hundred clubs at most: one batch
        club.search_name = search_text(getattr(club, name) for name in CLUB_SEARCHED_FIELDS)
    Club.objects.using(schema_editor.connection.alias).bulk_update(clubs, ["search_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_person_search_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="club",
            name="search_name",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=600),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
