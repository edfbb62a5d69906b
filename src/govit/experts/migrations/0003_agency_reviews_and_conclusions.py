"""Issue 13 §4: a review by a third-party evaluation agency (第十五条) and the panel's conclusion.

SQLite rebuilds experts_expertreview to make `expert` nullable, which drops the trigger that keeps a
classified project's review opinion empty (projects 0011): it is made again here, and the same guard
is given to the panel's conclusion."""

import importlib

import django.core.validators
import django.db.models.deletion
import govit.clock
from django.conf import settings
from django.db import migrations, models


CLASSIFIED = importlib.import_module("govit.projects.migrations.0011_classified_triggers")
REVIEW = ("classified_no_review_opinion", "experts_expertreview", ("opinion",))
CONCLUSION = ("classified_no_conclusion_text", "experts_reviewconclusion", ("opinion",))


def guard(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = CLASSIFIED._postgres(*CONCLUSION)  # PostgreSQL alters in place: the review's trigger stays
    else:
        statements = [f"DROP TRIGGER IF EXISTS {REVIEW[0]}_{event}" for event in ("insert", "update")]
        statements += CLASSIFIED._sqlite(*REVIEW) + CLASSIFIED._sqlite(*CONCLUSION)
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_password_changed_at'),
        ('documents', '0005_agency_engaged'),
        ('experts', '0002_text_length_limits'),
        ('projects', '0014_todo_covering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewConclusion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(max_length=30, verbose_name='评审环节')),
                ('conclusion', models.CharField(choices=[('pass', '通过'), ('revise', '修改后通过'), ('fail', '不通过')], max_length=10, verbose_name='评审结论')),
                ('opinion', models.TextField(max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000, message='不能超过 %(limit_value)d 个字（现有 %(show_value)d 个字）。')], verbose_name='专家组综合意见')),
                ('concluded_on', models.DateField(verbose_name='评审日期')),
                ('recorded_as', models.CharField(max_length=20, verbose_name='登记人身份')),
                ('recorded_at', models.DateTimeField(default=govit.clock.now, verbose_name='登记时间')),
            ],
            options={
                'verbose_name': '专家组评审结论',
                'verbose_name_plural': '专家组评审结论',
                'ordering': ['project', 'recorded_at'],
            },
        ),
        migrations.AddField(
            model_name='expertreview',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='design_reviews', to='accounts.organisation', verbose_name='第三方评估机构'),
        ),
        migrations.AddField(
            model_name='expertreview',
            name='report',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='documents.document', verbose_name='评估报告'),
        ),
        migrations.AddField(
            model_name='expertreview',
            name='submitted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提交人'),
        ),
        migrations.AlterField(
            model_name='expertreview',
            name='expert',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='experts.expert', verbose_name='专家'),
        ),
        migrations.AddConstraint(
            model_name='expertreview',
            constraint=models.UniqueConstraint(fields=('project', 'agency', 'state'), name='agency_review_once_per_step'),
        ),
        migrations.AddConstraint(
            model_name='expertreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agency__isnull', True), ('expert__isnull', False)), models.Q(('agency__isnull', False), ('expert__isnull', True)), _connector='OR'), name='review_by_an_expert_or_an_agency'),
        ),
        migrations.AddField(
            model_name='reviewconclusion',
            name='project',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_conclusions', to='projects.project', verbose_name='项目'),
        ),
        migrations.AddField(
            model_name='reviewconclusion',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人'),
        ),
        migrations.AddConstraint(
            model_name='reviewconclusion',
            constraint=models.UniqueConstraint(fields=('project', 'state'), name='review_conclusion_once_per_step'),
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
