"""监理报告: a document kind of its own, uploaded by the supervision company the project engaged.

SQLite alters a CHECK constraint by rebuilding the table, which drops its triggers: the
classified trigger that keeps every document off a classified project is made again after it."""

import importlib

from django.conf import settings
from django.db import migrations, models

# The same trigger as 0003 made again, by 0003's own function.
trigger_again = importlib.import_module("govit.documents.migrations.0003_official_documents").trigger_again


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0004_outline_check'),
        ('projects', '0014_todo_covering'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='document_kind_known',
        ),
        migrations.AlterField(
            model_name='document',
            name='kind',
            field=models.CharField(choices=[('proposal', '项目建议书'), ('fsr', '可行性研究报告'), ('design', '初步设计方案'), ('budget', '概（预）算方案'), ('opinion', '审核意见'), ('approval', '批复文件'), ('minutes', '会议纪要'), ('expert_opinion', '专家评审意见'), ('energy_assessment', '节能评估审批'), ('site_selection', '规划选址审批'), ('land_pre_review', '用地预审'), ('eia', '环境影响评价审批'), ('contract', '合同'), ('acceptance', '初验报告'), ('rectification', '整改报告'), ('final_acceptance', '终验报告'), ('supervision_report', '监理报告'), ('other', '其他材料'), ('official', '正式公文（签章扫描件）')], max_length=30, verbose_name='类型'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['proposal', 'fsr', 'design', 'budget', 'opinion', 'approval', 'minutes', 'expert_opinion', 'energy_assessment', 'site_selection', 'land_pre_review', 'eia', 'contract', 'acceptance', 'rectification', 'final_acceptance', 'supervision_report', 'other', 'official'])), name='document_kind_known'),
        ),
        migrations.RunPython(trigger_again, migrations.RunPython.noop),
    ]
