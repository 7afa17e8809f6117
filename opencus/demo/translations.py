"""Ukrainian and English versions of the demo catalogue (service cards, places, programmes).

The refugee help centre's services come first and have every text a resident reads; the other
services have their name and summary. A text missing here shows in Polish (the fallback of
``catalog/translation.py``). Keys: service slug, location key, programme's Polish name.
"""

from __future__ import annotations

_REFUGEES_UK = (
    "Біженці з України та інші іноземці під захистом (тимчасовий захист, статус біженця, "
    "додатковий захист), а також особи, які звернулися по захист, що проживають у "
    "Стараховицькому повіті."
)
_REFUGEES_EN = (
    "Refugees from Ukraine and other foreigners under protection (temporary protection, "
    "refugee status, subsidiary protection) and people applying for protection who live in "
    "the Starachowice district."
)
_FREE_UK = "Послуга безоплатна — фінансується з коштів, отриманих Стараховицьким повітом."
_FREE_EN = "Free of charge — funded by the Starachowice district."
_APPLY_UK = (
    "Зверніться особисто до Центру допомоги біженцям, телефоном або через Бюро обслуговування "
    "клієнтів CUS у торговому центрі «Skałka» (тел. 533 848 489). Ми говоримо польською та "
    "українською; за потреби забезпечуємо перекладача."
)
_APPLY_EN = (
    "Apply in person at the Refugee Help Centre, by phone, or at the CUS Client Office in the "
    "„Skałka” shopping centre (phone 533 848 489). We speak Polish and Ukrainian and can "
    "provide an interpreter if needed."
)
_DOCUMENTS_UK = (
    "Документ, що посвідчує особу (паспорт, карта побиту або інший документ), а якщо є — номер "
    "PESEL зі статусом UKR. Відсутність номера PESEL не позбавляє права на допомогу."
)
_DOCUMENTS_EN = (
    "An identity document (passport, residence card or another document) and, if you have "
    "one, a PESEL number with UKR status. You can get help without a PESEL number."
)


def _refugee(
    name: tuple[str, str],
    summary: tuple[str, str],
    description: tuple[str, str],
    *,
    who_extra: tuple[str, str] = ("", ""),
) -> dict[str, dict[str, str]]:
    texts = {}
    for index, language in enumerate(("uk", "en")):
        who = (_REFUGEES_UK, _REFUGEES_EN)[index]
        texts[language] = {
            "name": name[index],
            "summary": summary[index],
            "description": description[index],
            "target_group_description": f"{who} {who_extra[index]}".strip(),
            "fee_description": (_FREE_UK, _FREE_EN)[index],
            "how_to_apply": (_APPLY_UK, _APPLY_EN)[index],
            "documents": (_DOCUMENTS_UK, _DOCUMENTS_EN)[index],
        }
    return texts


def _short(name: tuple[str, str], summary: tuple[str, str]) -> dict[str, dict[str, str]]:
    return {
        "uk": {"name": name[0], "summary": summary[0]},
        "en": {"name": name[1], "summary": summary[1]},
    }


#: Service slug → language → field → text.
SERVICES: dict[str, dict[str, dict[str, str]]] = {
    # --- Centrum Pomocy Uchodźcom: every text of the card ---------------------------------
    "pomoc-w-sprawach-urzedowych": _refugee(
        ("Допомога в офіційних справах", "Help with official matters"),
        (
            "Підтримка в установах: PESEL, карта побиту, виплати, школа, лікар.",
            "Support at public offices: PESEL, residence card, benefits, school, doctor.",
        ),
        (
            "Асистент допомагає підготувати й подати заяви (PESEL, карта побиту, сімейні "
            "виплати, запис до школи й дитячого садка, реєстрація в лікаря), а за потреби йде "
            "разом з особою до установи.",
            "An assistant helps you prepare and file applications (PESEL, residence card, "
            "family benefits, enrolment at school and nursery, registering with a doctor) and, "
            "if needed, goes with you to the office.",
        ),
    ),
    "opieka-nad-dzieckiem-lub-osoba-niesamodzielna": _refugee(
        (
            "Догляд за дитиною або несамостійною особою",
            "Care for a child or a dependent person",
        ),
        (
            "Догляд за дитиною або несамостійною особою, коли опікун на курсі, на роботі чи в "
            "установі.",
            "Care for a child or a dependent person while the carer is at a course, at work or "
            "at an office.",
        ),
        (
            "Доглядачка опікується дитиною або несамостійною особою в Центрі чи вдома, коли "
            "опікун бере участь у курсі, шукає роботу або вирішує офіційні справи.",
            "A carer looks after a child or a dependent person at the centre or at home while "
            "the carer attends a course, looks for work or deals with official matters.",
        ),
        who_extra=(
            "Сім'ї з дітьми та опікуни несамостійних осіб.",
            "Families with children and carers of dependent people.",
        ),
    ),
    "tlumaczenie-dokumentow": _refugee(
        ("Переклад документів", "Translation of documents"),
        (
            "Переклад документів з української на польську і навпаки.",
            "Translation of documents from Ukrainian into Polish and back.",
        ),
        (
            "Робочий переклад документів для установ, школи, лікаря та роботодавця; допомога "
            "в замовленні присяжного перекладу, коли він потрібен.",
            "Working translations of documents needed at offices, school, the doctor's and an "
            "employer; help ordering a sworn translation when one is required.",
        ),
    ),
    "kursy-jezyka-polskiego": _refugee(
        ("Курси польської мови", "Polish language courses"),
        (
            "Курси польської мови та інші заняття для підвищення кваліфікації.",
            "Polish language courses and other classes to improve qualifications.",
        ),
        (
            "Курси польської мови початкового та середнього рівня в групах до 15 осіб, а також "
            "інші курси для підвищення кваліфікації та компетенцій.",
            "Polish courses at beginner and intermediate level in groups of up to 15 people, "
            "and other courses to improve qualifications and skills.",
        ),
    ),
    "porady-psychologiczne": _refugee(
        ("Психологічні консультації", "Psychological counselling"),
        (
            "Розмова з психологом, також українською мовою.",
            "A talk with a psychologist, also in Ukrainian.",
        ),
        (
            "Індивідуальні психологічні консультації для дорослих і дітей: підтримка в кризі, "
            "після воєнної травми, в адаптації до нового місця.",
            "Individual psychological consultations for adults and children: support in "
            "crisis, after war trauma, and in settling into a new place.",
        ),
    ),
    "porady-prawne": _refugee(
        ("Юридичні консультації", "Legal advice"),
        (
            "Юридичні консультації: перебування, робота, виплати, сімейні справи.",
            "Legal advice: residence, work, benefits, family matters.",
        ),
        (
            "Юрист консультує щодо легалізації перебування, працевлаштування, виплат, оренди "
            "житла та сімейних справ і допомагає підготувати листи.",
            "A lawyer advises on legal residence, employment, benefits, renting a flat and "
            "family matters, and helps prepare letters.",
        ),
    ),
    "transport-na-spotkania-i-warsztaty": _refugee(
        ("Транспорт на зустрічі та майстер-класи", "Transport to meetings and workshops"),
        (
            "Підвезення на зустрічі, майстер-класи та курси, які організовує Центр.",
            "Rides to meetings, workshops and courses run by the centre.",
        ),
        (
            "Організовуємо транспорт на зустрічі, майстер-класи та курси Центру допомоги "
            "біженцям, також для осіб, які проживають поза Стараховицями (Мірзец, Павлув).",
            "We arrange transport to the Refugee Help Centre's meetings, workshops and courses, "
            "also for people living outside Starachowice (Mirzec, Pawłów).",
        ),
    ),
    "integracja-spoleczna-i-kulturalna": _refugee(
        ("Соціальна та культурна інтеграція", "Social and cultural integration"),
        (
            "Зустрічі, екскурсії та культурні події для родин з України та мешканців.",
            "Meetings, trips and cultural events for families from Ukraine and local residents.",
        ),
        (
            "Спільні інтеграційні заходи: міжкультурні зустрічі, екскурсії, майстер-класи для "
            "дітей, святкування польських та українських свят.",
            "Joint integration events: intercultural meetings, trips, workshops for children, "
            "and celebrations of Polish and Ukrainian holidays.",
        ),
        who_extra=(
            "На заходи запрошуємо також мешканців.",
            "Local residents are welcome at the events too.",
        ),
    ),
    # --- The centre's other services: name and summary ------------------------------------
    "taksowka-dla-seniora": _short(
        ("Таксі для сеніора", "Senior taxi"),
        (
            "Безоплатне перевезення автобусом, пристосованим для осіб на візках, — до лікаря, "
            "установи, по покупки та до Денного дому Senior+.",
            "Free rides in a wheelchair-accessible minibus to the doctor, offices, shops and "
            "the Senior+ Day Centre.",
        ),
    ),
    "zlota-raczka": _short(
        ("Мобільний майстер", "Mobile handyman"),
        (
            "Дрібний ремонт і господарські роботи вдома в сеніора: кран, розетка, карниз, "
            "заміна лампочки, ущільнення вікна.",
            "Small repairs and jobs in a senior's home: a tap, a socket, a curtain rail, a light "
            "bulb, sealing a window.",
        ),
    ),
    "mobilny-fizjoterapeuta": _short(
        ("Мобільний фізіотерапевт", "Mobile physiotherapist"),
        (
            "Реабілітація вдома: вправи, навчання ходьби з допоміжними засобами, поради для "
            "опікунів.",
            "Rehabilitation at home: exercises, learning to walk with aids, advice for carers.",
        ),
    ),
    "pielegniarka": _short(
        ("Медсестра", "Nurse"),
        (
            "Візити медсестри вдома: вимірювання, перев'язки, допомога з ліками, навчання "
            "здоров'ю.",
            "Home visits by a nurse: measurements, dressings, help with medicines, health "
            "education.",
        ),
    ),
    "broker-pracy": _short(
        ("Брокер праці / радник з розвитку", "Job broker / development adviser"),
        (
            "Індивідуальні зустрічі: оцінка навичок, пошук вакансій, підготовка до співбесіди.",
            "One-to-one meetings: a skills review, finding job offers, preparing for an interview.",
        ),
    ),
    "od-wagi-dietetyk": _short(
        ("Дієтолог — програма здоров'я «Od-wagi»", "Dietitian — the „Od-wagi” health programme"),
        (
            "Консультації дієтолога: вимірювання, план харчування, контроль результатів.",
            "Dietary consultations: measurements, a meal plan, progress checks.",
        ),
    ),
    "od-wagi-trener-personalny": _short(
        (
            "Персональний тренер — програма здоров'я «Od-wagi»",
            "Personal trainer — the „Od-wagi” health programme",
        ),
        (
            "Заняття з тренером у Парку культури відповідно до віку та фізичної форми.",
            "Exercise with a trainer in the Park of Culture, suited to age and fitness.",
        ),
    ),
    "nauka-plywania": _short(
        ("Навчання плавання", "Swimming lessons"),
        (
            "Курс плавання для сеніорів у малих групах у міському басейні.",
            "A swimming course for seniors in small groups at the municipal pool.",
        ),
    ),
    "aqua-aerobik": _short(
        ("Аквааеробіка", "Aqua aerobics"),
        (
            "Вправи у воді з інструктором двічі на тиждень по 45 хвилин.",
            "Exercise in water with an instructor, twice a week for 45 minutes.",
        ),
    ),
    "wejsciowki-kino-kultura": _short(
        ("Квитки до кінотеатру «Kultura»", "Tickets to the Kultura cinema"),
        (
            "Безоплатні квитки на сеанси в кінотеатрі «Kultura».",
            "Free tickets to screenings at the Kultura cinema.",
        ),
    ),
    "muzeum-przyrody-i-techniki": _short(
        (
            "Екскурсії та майстер-класи в Музеї природи і техніки",
            "Tours and workshops at the Museum of Nature and Technology",
        ),
        (
            "Екскурсії з гідом і музейні майстер-класи для груп сеніорів.",
            "Guided tours and museum workshops for groups of seniors.",
        ),
    ),
    "dzienny-dom-senior-plus": _short(
        ("Денний дім Senior+", "Senior+ Day Centre"),
        (
            "Підтримка й догляд для сеніорів протягом дня: заняття, гаряче харчування, підвезення.",
            "Day-long support and care for seniors: activities, a hot meal, transport.",
        ),
    ),
    "klub-senior-plus-niezapominajka": _short(
        ("Клуб Senior+ «Niezapominajka»", "Senior+ Club „Niezapominajka”"),
        (
            "Щоденні активізаційні заняття для сеніорів: гімнастика, рукоділля, зустрічі, "
            "волонтерство.",
            "Daily activities for seniors: exercise, handicrafts, meetings, volunteering.",
        ),
    ),
    "kawiarenka-e-seniorek": _short(
        ("Кав'ярня e-Seniorek", "e-Seniorki Café"),
        (
            "Навчання користуванню телефоном, комп'ютером та інтернет-послугами за кавою.",
            "Learning to use a phone, a computer and online services over coffee.",
        ),
    ),
    "kawiarenka-spoleczna": _short(
        ("Соціальна кав'ярня", "Community Café"),
        (
            "Відкрите місце зустрічей мешканців: сусідські події, розмови, консультації.",
            "An open meeting place for residents: neighbourhood events, conversations, advice.",
        ),
    ),
    "pomoc-wolontariusza": _short(
        ("Допомога волонтера", "Volunteer help"),
        (
            "Волонтер Центру волонтерства допоможе з покупками, справами або складе компанію.",
            "A volunteer of the Volunteer Centre helps with shopping and errands, or keeps you"
            " company.",
        ),
    ),
    "lokalny-klub-rodzinny": _short(
        ("Місцевий сімейний клуб", "Local Family Club"),
        (
            "Зустрічі батьків із дітьми до 5 років: спільна гра, розмови, підтримка.",
            "Meetings for parents with children under 6: play together, talk, get support.",
        ),
    ),
}

#: Location key → language → field → text.
LOCATIONS: dict[str, dict[str, dict[str, str]]] = {
    "cpu": {
        "uk": {
            "name": "Центр допомоги біженцям",
            "description": (
                "Центр допомоги біженцям Стараховицького повіту, що діє разом із соціальним "
                "кооперативом «Integracja». Обслуговування польською та українською мовами."
            ),
        },
        "en": {
            "name": "Refugee Help Centre",
            "description": (
                "The Refugee Help Centre of the Starachowice district, run with the social "
                "cooperative „Integracja”. Service in Polish and Ukrainian."
            ),
        },
    },
    "bok": {
        "uk": {"name": "Бюро обслуговування клієнтів CUS — торговий центр «Skałka»"},
        "en": {"name": "CUS Client Office — „Skałka” shopping centre"},
    },
    "dds": {"uk": {"name": "Денний дім Senior+"}, "en": {"name": "Senior+ Day Centre"}},
    "klub": {
        "uk": {"name": "Клуб Senior+ «Niezapominajka»"},
        "en": {"name": "Senior+ Club „Niezapominajka”"},
    },
    "e-seniorki": {"uk": {"name": "Кав'ярня e-Seniorek"}, "en": {"name": "e-Seniorki Café"}},
    "kawiarenka": {"uk": {"name": "Соціальна кав'ярня"}, "en": {"name": "Community Café"}},
    "basen": {"uk": {"name": "Міський басейн"}, "en": {"name": "Municipal swimming pool"}},
    "park": {"uk": {"name": "Парк культури"}, "en": {"name": "Park of Culture"}},
    "kino": {"uk": {"name": "Кінотеатр «Kultura»"}, "en": {"name": "Kultura cinema"}},
    "muzeum": {
        "uk": {"name": "Музей природи і техніки"},
        "en": {"name": "Museum of Nature and Technology"},
    },
}

#: Programme's Polish name → language → field → text.
PROGRAMMES: dict[str, dict[str, dict[str, str]]] = {
    "Centrum Pomocy Uchodźcom": {
        "uk": {
            "name": "Центр допомоги біженцям",
            "description": (
                "Центр допомоги біженцям Стараховицького повіту, що діє разом із соціальним "
                "кооперативом «Integracja», для міжкультурної інтеграції та підтримки біженців "
                "з України. Центр соціальних послуг приймає звернення на підставі угоди з "
                "повітом."
            ),
        },
        "en": {
            "name": "Refugee Help Centre",
            "description": (
                "The Refugee Help Centre of the Starachowice district, run with the social "
                "cooperative „Integracja” for intercultural integration and support of refugees "
                "from Ukraine. The Centre for Social Services takes applications under an "
                "agreement with the district."
            ),
        },
    },
}


def translated_values(
    texts: dict[str, dict[str, str]], fields: tuple[str, ...]
) -> dict[str, str | None]:
    """The ``<field>_uk`` and ``<field>_en`` column values of one row (None = Polish)."""
    return {
        f"{field}_{language}": texts.get(language, {}).get(field)
        for language in ("uk", "en")
        for field in fields
    }
