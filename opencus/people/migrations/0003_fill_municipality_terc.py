"""Give the municipality's TERC (and SIMC, if the centre keeps one) to people registered with
an address in the municipality but without the code, e.g. residents who applied online before
the registry filled it: without it the "resident" eligibility rule refused them. The same rule
as ``people.services.municipality_codes``, frozen here."""

from django.conf import settings
from django.db import migrations

from opencus.core.text import fold


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    localities = {fold(name) for name in settings.OPENCUS_MUNICIPALITY_LOCALITIES}
    prefixes = tuple(settings.OPENCUS_MUNICIPALITY_POSTCODE_PREFIXES)
    terc = str(settings.OPENCUS_MUNICIPALITY_TERC)
    simc = str(settings.OPENCUS_MUNICIPALITY_SIMC)
    for person in Person.objects.filter(terc="").exclude(postcode="").iterator():
        if fold(person.locality) not in localities or not person.postcode.startswith(prefixes):
            continue
        person.terc = terc
        if simc and not person.simc:
            person.simc = simc
        person.save(update_fields=["terc", "simc"])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_search_indexes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
