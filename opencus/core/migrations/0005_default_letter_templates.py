"""The four default letters in Polish. They are content, like the demo data: the service
organiser edits them in the staff pages; this migration only fills an empty table."""

from django.db import migrations

GREETING = "<p>Szanowna Pani / Szanowny Panie,</p>\n"
CONTACT = (
    "<p>W razie pytań prosimy o kontakt z Biurem Obsługi Klienta {{ centre_name }} "
    "osobiście lub telefonicznie.</p>\n"
)

TEMPLATES = {
    "filing_confirmation": (
        "Potwierdzenie złożenia wniosku nr {{ application.reference }}",
        GREETING + '<p>potwierdzamy, że dnia {{ application.filed_at|date:"d.m.Y" }} o godz. '
        '{{ application.filed_at|date:"H:i" }} {{ centre_name }} przyjęło wniosek dotyczący '
        "{{ person.full_name }} o przyznanie następujących usług społecznych:</p>\n"
        "<ul>\n{% for item in items %}<li>{{ item.service }}</li>\n{% endfor %}</ul>\n"
        "<p>Wniosek otrzymał numer <strong>{{ application.reference }}</strong>. Prosimy "
        "podawać ten numer w kontaktach z nami. Usługi przyznajemy w kolejności złożenia "
        "wniosków, w ramach limitów określonych w programie usług społecznych. O wyniku "
        "kwalifikacji poinformujemy pisemnie.</p>\n" + CONTACT,
    ),
    "qualification_notice": (
        "Informacja o zakwalifikowaniu do usługi",
        GREETING
        + "<p>uprzejmie informujemy, że na podstawie wniosku nr {{ application.reference }} "
        'z dnia {{ application.filed_at|date:"d.m.Y" }} {{ person.full_name }} '
        "została zakwalifikowana / został zakwalifikowany do usługi "
        "<strong>{{ service }}</strong>.</p>\n"
        "<p>W sprawie terminu rozpoczęcia usługi skontaktuje się z Państwem pracownik "
        "Centrum.</p>\n" + CONTACT,
    ),
    "waiting_list_notice": (
        "Informacja o wpisaniu na listę oczekujących",
        GREETING + "<p>uprzejmie informujemy, że wniosek nr {{ application.reference }} z dnia "
        '{{ application.filed_at|date:"d.m.Y" }} dotyczący {{ person.full_name }} '
        "w zakresie usługi <strong>{{ service }}</strong> został wpisany na listę osób "
        "oczekujących, ponieważ obecnie brak wolnych miejsc.</p>\n"
        "<p>Aktualne miejsce na liście oczekujących: <strong>{{ position }}</strong>.</p>\n"
        "<p>Gdy zwolni się miejsce, osoby z listy są kwalifikowane w kolejności złożenia "
        "wniosków. O zakwalifikowaniu poinformujemy pisemnie.</p>\n" + CONTACT,
    ),
    "refusal_notice": (
        "Informacja o odmowie przyznania usługi",
        GREETING + "<p>uprzejmie informujemy, że wniosek nr {{ application.reference }} z dnia "
        '{{ application.filed_at|date:"d.m.Y" }} dotyczący {{ person.full_name }} '
        "w zakresie usługi <strong>{{ service }}</strong> nie mógł zostać rozpatrzony "
        "pozytywnie.</p>\n"
        "<p>Uzasadnienie: {{ reason|linebreaksbr }}</p>\n"
        "<p>Gdy zmienią się okoliczności, można złożyć nowy wniosek.</p>\n" + CONTACT,
    ),
}


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("core", "LetterTemplate")
    for kind, (subject, body) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(
            kind=kind, language="pl", defaults={"subject": subject, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0004_letter_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
