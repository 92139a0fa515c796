from django.contrib import admin

from dyad.core.scoping import ScopedAdminMixin

from .models import Association, StaffMembership


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "contact_email", "currency", "application_fee"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(StaffMembership)
class StaffMembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Who holds which role, across associations. Read only: roles are given by
    `add_staff_member`, which records the event."""

    list_display = ["user", "role", "association", "created_at"]
    list_filter = ["role", "association"]
    search_fields = ["user__email", "user__display_name", "association__name"]
    list_select_related = ["user", "association"]
    readonly_fields = ["association", "user", "role", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
