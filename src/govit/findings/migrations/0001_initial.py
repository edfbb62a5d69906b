"""监督意见: the bureaus' findings on a project. A classified project keeps no free text: the database
refuses a finding's text on one, by the same trigger the other records have (projects 0011)."""

import importlib

import django.core.validators
import django.db.models.deletion
import govit.clock
from django.conf import settings
from django.db import migrations, models

CLASSIFIED = importlib.import_module("govit.projects.migrations.0011_classified_triggers")
GUARD = ("classified_no_finding_text", "findings_finding", ("content", "rectification", "answer", "closing_note"))


def guard(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in CLASSIFIED._postgres(*GUARD) if vendor == "postgresql" else CLASSIFIED._sqlite(*GUARD):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0014_todo_covering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Finding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('audit', '审计意见'), ('cac', '网络安全指导意见'), ('drc', '招投标监管意见'), ('finance', '政府采购监督意见')], max_length=20, verbose_name='意见类型')),
                ('issued_on', models.DateField(verbose_name='出具日期')),
                ('reference', models.CharField(blank=True, max_length=100, verbose_name='文号')),
                ('content', models.TextField(max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000, message='不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。')], verbose_name='意见内容')),
                ('rectification', models.TextField(blank=True, max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000, message='不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。')], verbose_name='整改要求')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='整改期限')),
                ('state', models.CharField(choices=[('open', '待项目单位整改答复'), ('answered', '待监督部门审阅'), ('closed', '已办结')], default='open', max_length=20, verbose_name='状态')),
                ('opened_at', models.DateTimeField(default=govit.clock.now, verbose_name='登记时间')),
                ('answer', models.TextField(blank=True, max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000, message='不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。')], verbose_name='整改答复')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                ('rounds', models.PositiveSmallIntegerField(default=0, verbose_name='答复轮次')),
                ('closing_note', models.TextField(blank=True, max_length=5000, validators=[django.core.validators.MaxLengthValidator(5000, message='不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。')], verbose_name='办结意见')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='办结时间')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办结人')),
                ('opened_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='出具人')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='projects.project', verbose_name='项目')),
            ],
            options={
                'verbose_name': '监督意见',
                'verbose_name_plural': '监督意见',
                'ordering': ['project', 'issued_on', 'pk'],
                'indexes': [models.Index(fields=['state', 'kind'], name='finding_waiting')],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['audit', 'cac', 'drc', 'finance'])), name='finding_kind_known'), models.CheckConstraint(condition=models.Q(('state__in', ['open', 'answered', 'closed'])), name='finding_state_known'), models.CheckConstraint(condition=models.Q(('due_on__isnull', True), ('due_on__gt', models.F('issued_on')), _connector='OR'), name='finding_due_after_issue'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'closed'), _negated=True), ('closed_at__isnull', False), _connector='OR'), name='finding_closed_says_when')],
            },
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
