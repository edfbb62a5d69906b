"""A contract names the registered third party it engages (a supervision company), found by the
supplier's name, so that the company sees the project; the contracts already recorded are matched."""

import django.db.models.deletion
from django.db import migrations, models


def match(apps, schema_editor) -> None:
    Contract = apps.get_model("construction", "Contract")
    Organisation = apps.get_model("accounts", "Organisation")
    for agency in Organisation.objects.filter(kind="agency", is_active=True):
        names = [name for name in (agency.name, agency.short_name) if name]
        Contract.objects.filter(agency__isnull=True, supplier__in=names).update(agency=agency)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_password_changed_at'),
        ('construction', '0004_todo_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='contract',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='engaged_contracts', to='accounts.organisation', verbose_name='在册第三方机构'),
        ),
        migrations.RunPython(match, migrations.RunPython.noop),
    ]
