"""The admin shows projects and their trail read-only: every change goes through the services and
the engine (第十二条 has no back door, R2.8), so the admin can add, change or delete nothing here."""

from django.contrib import admin

from govit.projects.models import Project, ProjectEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["list_code", "name", "unit", "year", "category", "state"]
    list_filter = ["year", "category", "state"]
    search_fields = ["name", "list_code"]
    list_select_related = ["unit"]

    def get_queryset(self, request):
        # 第二十七条: a classified project is withheld here as everywhere (R6.2).
        return super().get_queryset(request).not_withheld_from(request.user)


@admin.register(ProjectEvent)
class ProjectEventAdmin(ReadOnlyAdmin):
    list_display = ["project", "seq", "label", "from_state", "to_state", "actor", "role", "at", "article"]
    list_select_related = ["project", "actor"]
    list_filter = ["action", "role"]

    def get_queryset(self, request):
        cleared = Project.objects.not_withheld_from(request.user)
        return super().get_queryset(request).filter(project__in=cleared)
