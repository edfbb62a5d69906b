"""The admin keeps each office's 发文机关代字: a year's sequence may be begun ahead with the
district's own 代字 and changed until its first number is taken; a number taken is never changed
or given back (the admin cannot touch `last`, nor delete a sequence). Papers are read-only here."""

from django.contrib import admin

from govit.papers.models import NumberSequence, Paper
from govit.projects.admin import ReadOnlyAdmin
from govit.projects.models import Project


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["office", "year", "prefix", "last"]
    list_select_related = ["office"]
    fields = ["office", "year", "prefix", "last"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["last"]
        return ["office", "year", "last"] + (["prefix"] if obj.last else [])

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "project", "numbered_at", "signed_at"]
    list_filter = ["kind", "year"]
    list_select_related = ["project"]
    search_fields = ["number"]

    def get_queryset(self, request):
        cleared = Project.objects.not_withheld_from(request.user)
        return super().get_queryset(request).filter(project__in=cleared)
