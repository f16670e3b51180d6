"""Seed the regions of Kazakhstan (17 oblasts since 2022 and 3 cities of republican significance) and the disciplines."""

from django.db import migrations

# code, kind, Kazakh, Russian, English, French
REGIONS = [
    ("astana", "city", "Астана", "Астана", "Astana", "Astana"),
    ("almaty-city", "city", "Алматы", "Алматы", "Almaty", "Almaty"),
    ("shymkent", "city", "Шымкент", "Шымкент", "Shymkent", "Chymkent"),
    ("abai", "oblast", "Абай облысы", "Абайская область", "Abai Region", "Oblys d'Abaï"),
    ("akmola", "oblast", "Ақмола облысы", "Акмолинская область", "Akmola Region", "Oblys d'Akmola"),
    ("aktobe", "oblast", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region", "Oblys d'Aktioubé"),
    ("almaty", "oblast", "Алматы облысы", "Алматинская область", "Almaty Region", "Oblys d'Almaty"),
    ("atyrau", "oblast", "Атырау облысы", "Атырауская область", "Atyrau Region", "Oblys d'Atyraou"),
    ("east-kazakhstan", "oblast", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
     "East Kazakhstan Region", "Oblys du Kazakhstan-Oriental"),
    ("jambyl", "oblast", "Жамбыл облысы", "Жамбылская область", "Jambyl Region", "Oblys de Djamboul"),
    ("jetisu", "oblast", "Жетісу облысы", "Жетысуская область", "Jetisu Region", "Oblys de Jetyssou"),
    ("karaganda", "oblast", "Қарағанды облысы", "Карагандинская область", "Karaganda Region", "Oblys de Karaganda"),
    ("kostanay", "oblast", "Қостанай облысы", "Костанайская область", "Kostanay Region", "Oblys de Kostanaï"),
    ("kyzylorda", "oblast", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region", "Oblys de Kyzylorda"),
    ("mangystau", "oblast", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region", "Oblys de Manguistaou"),
    ("north-kazakhstan", "oblast", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
     "North Kazakhstan Region", "Oblys du Kazakhstan-Septentrional"),
    ("pavlodar", "oblast", "Павлодар облысы", "Павлодарская область", "Pavlodar Region", "Oblys de Pavlodar"),
    ("turkistan", "oblast", "Түркістан облысы", "Туркестанская область", "Turkistan Region", "Oblys du Turkestan"),
    ("ulytau", "oblast", "Ұлытау облысы", "Улытауская область", "Ulytau Region", "Oblys d'Oulytaou"),
    ("west-kazakhstan", "oblast", "Батыс Қазақстан облысы", "Западно-Казахстанская область",
     "West Kazakhstan Region", "Oblys du Kazakhstan-Occidental"),
]

# code, Kazakh, Russian, English, French
DISCIPLINES = [
    ("alpine", "Тау шаңғысы", "Горнолыжный спорт", "Alpine skiing", "Ski alpin"),
    ("cross-country", "Шаңғы жарысы", "Лыжные гонки", "Cross-country skiing", "Ski de fond"),
    ("ski-jumping", "Трамплиннен шаңғымен секіру", "Прыжки с трамплина", "Ski jumping", "Saut à ski"),
    ("freestyle", "Фристайл", "Фристайл", "Freestyle skiing", "Ski acrobatique"),
    ("snowboard", "Сноуборд", "Сноуборд", "Snowboard", "Snowboard"),
    ("biathlon", "Биатлон", "Биатлон", "Biathlon", "Biathlon"),
    ("ski-mountaineering", "Шаңғы альпинизмі", "Ски-альпинизм", "Ski mountaineering", "Ski-alpinisme"),
]


def seed(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    Discipline = apps.get_model("registry", "Discipline")
    for code, kind, kk, ru, en, fr in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"kind": kind, "name_kk": kk, "name_ru": ru, "name_en": en, "name_fr": fr}
        )
    for code, kk, ru, en, fr in DISCIPLINES:
        Discipline.objects.update_or_create(
            code=code, defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "name_fr": fr}
        )


def unseed(apps, schema_editor):
    apps.get_model("registry", "Region").objects.filter(code__in=[r[0] for r in REGIONS]).delete()
    apps.get_model("registry", "Discipline").objects.filter(code__in=[d[0] for d in DISCIPLINES]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
