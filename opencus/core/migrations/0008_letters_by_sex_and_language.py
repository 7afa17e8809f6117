"""The default letters rewritten: a greeting and word forms that fit the person's sex, names
kept in the nominative, the waiting list's order said as it was set (filing order or lottery),
and a refusal that says how and by when to contest it. Adds the Ukrainian and English letters.

Content, like migration 0005: a Polish letter the organiser has already changed is left as it
is; only the untouched defaults are replaced.
"""

from django.db import migrations

def _old_defaults():
    """The Polish defaults of migration 0005 (subject, body), replaced only if unchanged."""
    import importlib

    module = importlib.import_module("opencus.core.migrations.0005_default_letter_templates")
    return module.TEMPLATES


CONTACT_PL = (
    "<p>W razie pytań prosimy o kontakt z Biurem Obsługi Klienta {{ centre_name }} "
    "osobiście lub telefonicznie.</p>\n"
)
FILED_PL = 'nr {{ application.reference }} z dnia {{ application.filed_at|date:"d.m.Y" }} r.'

PL = {
    "filing_confirmation": (
        "Potwierdzenie złożenia wniosku nr {{ application.reference }}",
        "<p>{{ salutation }},</p>\n"
        '<p>potwierdzamy, że w dniu {{ application.filed_at|date:"d.m.Y" }} r. o godz. '
        '{{ application.filed_at|date:"H:i" }} {{ centre_name }} przyjęło wniosek '
        "o przyznanie następujących usług społecznych:</p>\n"
        "<ul>\n{% for item in items %}<li>{{ item.service }}</li>\n{% endfor %}</ul>\n"
        "<p>Osoba, której dotyczy wniosek: <strong>{{ person.full_name }}</strong>.</p>\n"
        "<p>Wniosek otrzymał numer <strong>{{ application.reference }}</strong>. Prosimy "
        "podawać ten numer w kontaktach z nami. Usługi przyznajemy w ramach limitów "
        "określonych w programie usług społecznych, w kolejności złożenia wniosków, a gdy na "
        "usługę prowadzony jest nabór z losowaniem – w kolejności ustalonej w losowaniu. "
        "O wyniku kwalifikacji poinformujemy pisemnie.</p>\n" + CONTACT_PL,
    ),
    "qualification_notice": (
        "Informacja o zakwalifikowaniu do usługi",
        "<p>{{ salutation }},</p>\n"
        "<p>uprzejmie informujemy, że na podstawie wniosku " + FILED_PL + " "
        '{{ person.sex|gendered:"została Pani zakwalifikowana,został Pan zakwalifikowany" }} '
        "do korzystania z usługi <strong>{{ service }}</strong>.</p>\n"
        "<p>W sprawie terminu rozpoczęcia usługi skontaktuje się z "
        '{{ person.sex|gendered:"Panią,Panem" }} pracownik Centrum.</p>\n' + CONTACT_PL,
    ),
    "waiting_list_notice": (
        "Informacja o wpisaniu na listę oczekujących",
        "<p>{{ salutation }},</p>\n"
        "<p>uprzejmie informujemy, że na podstawie wniosku " + FILED_PL + " "
        '{{ person.sex|gendered:"została Pani wpisana,został Pan wpisany" }} na listę osób '
        "oczekujących na usługę <strong>{{ service }}</strong>, ponieważ obecnie brak wolnych "
        "miejsc.</p>\n"
        "<p>Aktualne miejsce na liście oczekujących: <strong>{{ position }}</strong>.</p>\n"
        "{% if lottery %}<p>Kolejność na liście ustalono w losowaniu przeprowadzonym po "
        "zakończeniu naboru. Gdy zwolni się miejsce, osoby z listy są kwalifikowane w tej "
        "kolejności.</p>\n"
        "{% else %}<p>Gdy zwolni się miejsce, osoby z listy są kwalifikowane w kolejności "
        "złożenia wniosków.</p>\n{% endif %}"
        "<p>O zakwalifikowaniu poinformujemy pisemnie.</p>\n" + CONTACT_PL,
    ),
    "refusal_notice": (
        "Informacja o odmowie przyznania usługi",
        "<p>{{ salutation }},</p>\n"
        "<p>uprzejmie informujemy, że wniosek " + FILED_PL + " w zakresie usługi "
        "<strong>{{ service }}</strong> nie mógł zostać rozpatrzony pozytywnie.</p>\n"
        "<p>Uzasadnienie: {{ reason|linebreaksbr }}</p>\n"
        "{% if appeal.decision %}"
        "<p><strong>Pouczenie.</strong> Od decyzji{% if decision_number %} "
        "nr {{ decision_number }}{% endif %}{% if decision_date %} z dnia "
        '{{ decision_date|date:"d.m.Y" }} r.{% endif %} przysługuje odwołanie, które '
        "wnosi się za pośrednictwem Dyrektora {{ centre_name }} w terminie {{ appeal.days }} "
        "dni od dnia doręczenia decyzji (art. 127 § 1 i 2 oraz art. 129 § 1 i 2 Kodeksu "
        "postępowania administracyjnego). Organ odwoławczy: {{ appeal.body }}. Jeżeli "
        '{{ person.sex|gendered:"otrzyma Pani,otrzyma Pan" }} decyzję w dniu wystawienia '
        "tego pisma, termin upływa "
        '{{ appeal.deadline|date:"d.m.Y" }} r.</p>\n'
        "{% else %}"
        "<p><strong>Pouczenie.</strong> Kwalifikowanie do usług z programu usług "
        "społecznych nie następuje w drodze decyzji administracyjnej, dlatego od tej "
        "informacji nie przysługuje odwołanie. Jeżeli "
        '{{ person.sex|gendered:"nie zgadza się Pani,nie zgadza się Pan" }} z tym '
        'rozstrzygnięciem, {{ person.sex|gendered:"może Pani,może Pan" }} '
        "złożyć do Dyrektora {{ centre_name }} wniosek o ponowne rozpatrzenie sprawy – "
        "pisemnie, elektronicznie albo ustnie w Biurze Obsługi Klienta – w terminie "
        "{{ appeal.days }} dni od dnia otrzymania tej informacji; przy odbiorze w dniu "
        'wystawienia pisma termin upływa {{ appeal.deadline|date:"d.m.Y" }} r. Skargę na '
        "działanie Centrum można złożyć w każdym czasie; rozpatruje ją "
        "{{ appeal.complaint_body }} (art. 229 pkt 3 Kodeksu postępowania "
        "administracyjnego).</p>\n"
        "{% endif %}"
        "<p>Gdy zmienią się okoliczności, można w każdej chwili złożyć nowy wniosek.</p>\n"
        + CONTACT_PL,
    ),
}

CONTACT_UK = (
    "<p>З питань просимо звертатися до Бюро обслуговування клієнтів {{ centre_name }} "
    "особисто або телефоном.</p>\n"
)
FILED_UK = '№ {{ application.reference }} від {{ application.filed_at|date:"d.m.Y" }}'

UK = {
    "filing_confirmation": (
        "Підтвердження подання заяви № {{ application.reference }}",
        "<p>{{ salutation }}!</p>\n"
        '<p>Підтверджуємо, що {{ application.filed_at|date:"d.m.Y" }} о '
        '{{ application.filed_at|date:"H:i" }} {{ centre_name }} прийняв заяву про надання '
        "таких соціальних послуг:</p>\n"
        "<ul>\n{% for item in items %}<li>{{ item.service }}</li>\n{% endfor %}</ul>\n"
        "<p>Особа, якої стосується заява: <strong>{{ person.full_name }}</strong>.</p>\n"
        "<p>Заяві присвоєно номер <strong>{{ application.reference }}</strong>. Просимо "
        "вказувати цей номер у зверненнях до нас. Послуги надаються в межах лімітів програми "
        "соціальних послуг у порядку подання заяв, а якщо на послугу проводиться набір із "
        "жеребкуванням – у порядку, встановленому жеребкуванням. Про результат кваліфікації "
        "повідомимо письмово.</p>\n" + CONTACT_UK,
    ),
    "qualification_notice": (
        "Повідомлення про зарахування до послуги",
        "<p>{{ salutation }}!</p>\n"
        "<p>Повідомляємо, що на підставі заяви " + FILED_UK + " Вас зараховано до послуги "
        "<strong>{{ service }}</strong>.</p>\n"
        "<p>Щодо дати початку надання послуги з Вами зв'яжеться працівник Центру.</p>\n"
        + CONTACT_UK,
    ),
    "waiting_list_notice": (
        "Повідомлення про внесення до списку очікування",
        "<p>{{ salutation }}!</p>\n"
        "<p>Повідомляємо, що на підставі заяви " + FILED_UK + " Вас внесено до списку "
        "очікування на послугу <strong>{{ service }}</strong>, оскільки наразі вільних місць "
        "немає.</p>\n"
        "<p>Ваше поточне місце у списку очікування: <strong>{{ position }}</strong>.</p>\n"
        "{% if lottery %}<p>Порядок у списку встановлено жеребкуванням, проведеним після "
        "завершення набору. Коли звільниться місце, особи зі списку зараховуються в цьому "
        "порядку.</p>\n"
        "{% else %}<p>Коли звільниться місце, особи зі списку зараховуються в порядку подання "
        "заяв.</p>\n{% endif %}"
        "<p>Про зарахування повідомимо письмово.</p>\n" + CONTACT_UK,
    ),
    "refusal_notice": (
        "Повідомлення про відмову в наданні послуги",
        "<p>{{ salutation }}!</p>\n"
        "<p>Повідомляємо, що заяву " + FILED_UK + " щодо послуги "
        "<strong>{{ service }}</strong> не вдалося розглянути позитивно.</p>\n"
        "<p>Обґрунтування: {{ reason|linebreaksbr }}</p>\n"
        "{% if appeal.decision %}"
        "<p><strong>Роз'яснення.</strong> Рішення{% if decision_number %} "
        "№ {{ decision_number }}{% endif %}{% if decision_date %} від "
        '{{ decision_date|date:"d.m.Y" }}{% endif %} можна оскаржити. Апеляцію подають через '
        "директора {{ centre_name }} протягом {{ appeal.days }} днів із дня вручення рішення "
        "(ст. 127 § 1 і 2 та ст. 129 § 1 і 2 Кодексу адміністративного провадження Польщі). "
        "Апеляційний орган: {{ appeal.body }}. Якщо Ви отримаєте рішення в день складення "
        'цього листа, строк спливає {{ appeal.deadline|date:"d.m.Y" }}.</p>\n'
        "{% else %}"
        "<p><strong>Роз'яснення.</strong> Зарахування до послуг програми соціальних послуг "
        "не оформлюється адміністративним рішенням, тому це повідомлення не підлягає "
        "апеляції. Якщо Ви не згодні, Ви можете подати директору {{ centre_name }} заяву про "
        "повторний розгляд – письмово, електронно або усно в Бюро обслуговування клієнтів – "
        "протягом {{ appeal.days }} днів із дня отримання цього повідомлення; якщо Ви "
        "отримаєте його в день складення, строк спливає "
        '{{ appeal.deadline|date:"d.m.Y" }}. Скаргу на діяльність Центру можна подати '
        "будь-коли; її розглядає {{ appeal.complaint_body }} (ст. 229 п. 3 Кодексу "
        "адміністративного провадження Польщі).</p>\n"
        "{% endif %}"
        "<p>Якщо обставини зміняться, Ви можете будь-коли подати нову заяву.</p>\n" + CONTACT_UK,
    ),
}

CONTACT_EN = (
    "<p>If you have any questions, please contact the Client Office of {{ centre_name }} "
    "in person or by phone.</p>\n"
)
FILED_EN = 'no. {{ application.reference }} of {{ application.filed_at|date:"d.m.Y" }}'

EN = {
    "filing_confirmation": (
        "Confirmation of application no. {{ application.reference }}",
        "<p>{{ salutation }},</p>\n"
        '<p>We confirm that on {{ application.filed_at|date:"d.m.Y" }} at '
        '{{ application.filed_at|date:"H:i" }} {{ centre_name }} received an application for '
        "the following social services:</p>\n"
        "<ul>\n{% for item in items %}<li>{{ item.service }}</li>\n{% endfor %}</ul>\n"
        "<p>The application concerns: <strong>{{ person.full_name }}</strong>.</p>\n"
        "<p>The application has the number <strong>{{ application.reference }}</strong>. "
        "Please quote it whenever you contact us. Services are granted within the limits of "
        "the social services programme in the order in which applications were filed or, "
        "where a service has an enrolment round with a lottery, in the order the lottery set. "
        "We will tell you the outcome in writing.</p>\n" + CONTACT_EN,
    ),
    "qualification_notice": (
        "Notice of qualification for a service",
        "<p>{{ salutation }},</p>\n"
        "<p>We are pleased to inform you that, on the basis of application " + FILED_EN + ", "
        "you have been qualified for the service <strong>{{ service }}</strong>.</p>\n"
        "<p>A member of the centre's staff will contact you about when the service starts.</p>\n"
        + CONTACT_EN,
    ),
    "waiting_list_notice": (
        "Notice of a place on the waiting list",
        "<p>{{ salutation }},</p>\n"
        "<p>We inform you that, on the basis of application " + FILED_EN + ", you have been "
        "put on the waiting list for the service <strong>{{ service }}</strong>, because there "
        "are no free places at present.</p>\n"
        "<p>Your current place on the waiting list: <strong>{{ position }}</strong>.</p>\n"
        "{% if lottery %}<p>The order of the list was set by a lottery held after the "
        "enrolment round closed. When a place becomes free, people on the list are qualified "
        "in that order.</p>\n"
        "{% else %}<p>When a place becomes free, people on the list are qualified in the order "
        "in which applications were filed.</p>\n{% endif %}"
        "<p>We will tell you in writing when you are qualified.</p>\n" + CONTACT_EN,
    ),
    "refusal_notice": (
        "Notice of refusal of a service",
        "<p>{{ salutation }},</p>\n"
        "<p>We regret to inform you that application " + FILED_EN + " for the service "
        "<strong>{{ service }}</strong> could not be granted.</p>\n"
        "<p>Reason: {{ reason|linebreaksbr }}</p>\n"
        "{% if appeal.decision %}"
        "<p><strong>Your right to appeal.</strong> You may appeal against the decision"
        "{% if decision_number %} no. {{ decision_number }}{% endif %}{% if decision_date %} "
        'of {{ decision_date|date:"d.m.Y" }}{% endif %}. The appeal is lodged through the '
        "Director of {{ centre_name }} within {{ appeal.days }} days of the day the decision "
        "is delivered (Articles 127(1) and (2) and 129(1) and (2) of the Polish Code of "
        "Administrative Procedure). The appeal body is: {{ appeal.body }}. If you receive the "
        "decision on the day this letter is written, the time limit ends on "
        '{{ appeal.deadline|date:"d.m.Y" }}.</p>\n'
        "{% else %}"
        "<p><strong>If you disagree.</strong> Qualification for a service of the social "
        "services programme is not an administrative decision, so there is no appeal against "
        "this notice. If you disagree, you may ask the Director of {{ centre_name }} to "
        "reconsider – in writing, electronically or in person at the Client Office – within "
        "{{ appeal.days }} days of receiving this notice; if you receive it on the day it is "
        'written, the time limit ends on {{ appeal.deadline|date:"d.m.Y" }}. A complaint '
        "about the centre's work may be made at any time; it is heard by "
        "{{ appeal.complaint_body }} (Article 229(3) of the Polish Code of Administrative "
        "Procedure).</p>\n"
        "{% endif %}"
        "<p>If your circumstances change, you may apply again at any time.</p>\n" + CONTACT_EN,
    ),
}


def rewrite(apps, schema_editor):
    LetterTemplate = apps.get_model("core", "LetterTemplate")
    old = _old_defaults()
    for kind, (subject, body) in PL.items():
        template = LetterTemplate.objects.filter(kind=kind, language="pl").first()
        if template is None:
            LetterTemplate.objects.create(kind=kind, language="pl", subject=subject, body=body)
        elif (template.subject, template.body) == old.get(kind):
            template.subject, template.body = subject, body
            template.save(update_fields=["subject", "body"])
    for language, texts in (("uk", UK), ("en", EN)):
        for kind, (subject, body) in texts.items():
            LetterTemplate.objects.get_or_create(
                kind=kind, language=language, defaults={"subject": subject, "body": body}
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0007_letter_kinds_registered")]
    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
