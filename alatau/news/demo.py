# ruff: noqa: E501
"""The news part of ``alatau demo``: a dozen articles in four languages, with the 2014 partnership."""

import datetime as dt

from django.utils import timezone

from alatau.core.models import User
from alatau.news.models import Article, ArticleTranslation, Comment

# slug, days ago, tags, {lang: (title, lead, body)}
ARTICLES: list[tuple[str, int, str, dict[str, tuple[str, str, str]]]] = [
    (
        "cluster-montagne-partnership",
        3,
        "partners, cluster montagne, resorts",
        {
            "fr": (
                "Partenariat avec Cluster Montagne",
                "Le 14 juillet 2014 à Almaty, Cluster Montagne a signé un accord de partenariat avec la "
                "Fédération kazakhe de ski.",
                "En présence de l'ambassadeur de France Francis Etienne, l'accord vise à aider la fédération à :"
                "\n\n- identifier de nouveaux sites de stations aux normes FIS ;\n- aménager ces sites ;"
                "\n- organiser des compétitions ;\n- former les cadres sportifs ;\n- développer la pratique du ski."
                "\n\nCluster Montagne s'appuiera sur les institutions françaises de la montagne, par exemple la "
                "**Fédération Française de Ski**.",
            ),
            "en": (
                "Partnership with Cluster Montagne",
                "On 14 July 2014 in Almaty, Cluster Montagne signed a partnership agreement with the Kazakh Ski "
                "Federation.",
                "In the presence of the French ambassador Francis Etienne, the agreement aims to help the "
                "federation:\n\n- identify new resort sites meeting FIS standards;\n- develop those sites;"
                "\n- organise competitions;\n- train sports staff;\n- develop the practice of skiing.",
            ),
            "ru": (
                "Партнёрство с Cluster Montagne",
                "14 июля 2014 года в Алматы Cluster Montagne подписал соглашение о партнёрстве с Федерацией "
                "лыжного спорта Казахстана.",
                "Соглашение, подписанное в присутствии посла Франции Франсиса Этьена, поможет федерации "
                "находить новые площадки для курортов по нормам FIS, развивать их, проводить соревнования, "
                "готовить спортивные кадры и развивать массовое катание.",
            ),
            "kk": (
                "Cluster Montagne-мен серіктестік",
                "2014 жылғы 14 шілдеде Алматыда Cluster Montagne Қазақстан шаңғы федерациясымен серіктестік "
                "келісіміне қол қойды.",
                "Франция елшісі Франсис Этьеннің қатысуымен жасалған келісім федерацияға FIS талаптарына сай "
                "жаңа курорт алаңдарын табуға, оларды дамытуға, жарыстар өткізуге, спорт мамандарын даярлауға "
                "және шаңғы спортын дамытуға көмектеседі.",
            ),
        },
    ),
]

_SHORT = [
    (
        "season-opening-shymbulak",
        "races, shymbulak",
        "Season opening at Shymbulak",
        "Ouverture de la saison à Shymbulak",
        "Открытие сезона на Шымбулаке",
        "Шымбұлақта маусымның ашылуы",
    ),
    (
        "new-coaches-certified",
        "education",
        "Twenty new coaches certified",
        "Vingt nouveaux entraîneurs diplômés",
        "Двадцать новых тренеров аттестованы",
        "Жиырма жаңа жаттықтырушы аттестатталды",
    ),
    (
        "ridder-cross-country-cup",
        "races, cross-country",
        "Cross-country cup in Ridder",
        "Coupe de ski de fond à Ridder",
        "Кубок по лыжным гонкам в Риддере",
        "Риддерде шаңғы жарысы кубогы",
    ),
    (
        "avalanche-safety-course",
        "safety, education",
        "Avalanche safety course with ANENA",
        "Stage de sécurité avalanche avec l'ANENA",
        "Курс лавинной безопасности с ANENA",
        "ANENA-мен қар көшкіні қауіпсіздігі курсы",
    ),
    (
        "fis-points-list-published",
        "fis",
        "New FIS points list",
        "Nouvelle liste de points FIS",
        "Новый список очков FIS",
        "FIS ұпайларының жаңа тізімі",
    ),
    (
        "junior-team-announced",
        "team",
        "Junior team announced",
        "L'équipe junior annoncée",
        "Объявлен состав юниорской сборной",
        "Жасөспірімдер құрамасы жарияланды",
    ),
    (
        "snowmaking-upgrade",
        "resorts, partners",
        "Snowmaking upgrade planned",
        "Modernisation de la neige de culture",
        "Модернизация системы оснежения",
        "Жасанды қар жүйесін жаңғырту",
    ),
    (
        "ski-school-day",
        "schools",
        "Ski school open day",
        "Journée portes ouvertes des écoles de ski",
        "День открытых дверей лыжных школ",
        "Шаңғы мектептерінің ашық есік күні",
    ),
    (
        "new-resort-site-study",
        "resorts, planning",
        "Study of a new resort site",
        "Étude d'un nouveau site de station",
        "Изучение площадки нового курорта",
        "Жаңа курорт алаңын зерттеу",
    ),
    (
        "timing-partner",
        "partners, races",
        "A timing partner for our races",
        "Un partenaire de chronométrage pour nos courses",
        "Партнёр по хронометражу наших гонок",
        "Жарыстарымызға хронометраж серіктесі",
    ),
    (
        "licences-online",
        "licences",
        "Licences now online",
        "Les licences en ligne",
        "Лицензии теперь онлайн",
        "Лицензиялар енді онлайн",
    ),
]

_LEADS = {
    "en": "The Kazakh Ski Federation reports.",
    "fr": "La Fédération kazakhe de ski communique.",
    "ru": "Сообщает Федерация лыжного спорта Казахстана.",
    "kk": "Қазақстан шаңғы федерациясы хабарлайды.",
}


def _articles() -> list[tuple[str, int, str, dict[str, tuple[str, str, str]]]]:
    found = list(ARTICLES)
    for days, (slug, tags, en, fr, ru, kk) in enumerate(_SHORT, start=5):
        titles = {"en": en, "fr": fr, "ru": ru, "kk": kk}
        texts = {
            lang: (title, _LEADS[lang], f"{_LEADS[lang]}\n\n**{title}**.") for lang, title in titles.items()
        }
        found.append((slug, days * 4, tags, texts))
    return found


def load_demo(today: dt.date) -> str:
    editor = User.objects.filter(username="editor").first()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12, 0)))
    for slug, days, tags, texts in _articles():
        if Article.objects.filter(slug=slug).exists():
            continue
        article = Article.objects.create(
            slug=slug,
            status=Article.Status.PUBLISHED,
            publish_at=noon - dt.timedelta(days=days),
            author=editor,
            tags=tags,
            original_language=next(iter(texts)),
        )
        for lang, (title, lead, body) in texts.items():
            ArticleTranslation.objects.create(article=article, lang=lang, title=title, lead=lead, body=body)
        article.log_action("demo", editor)
    first = Article.objects.get(slug=ARTICLES[0][0])
    if first.comments.exists():
        return f"news: {Article.objects.count()} articles in four languages"
    Comment.objects.create(
        article=first,
        name="Aigerim",
        email="aigerim@example.kz",
        body="Керемет жаңалық!",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(article=first, name="Luc", email="luc@example.fr", body="Bravo !")
    return f"news: {Article.objects.count()} articles in four languages, 2 comments (1 awaiting moderation)"
