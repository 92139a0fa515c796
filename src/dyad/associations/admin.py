from django.contrib import admin

from dyad.core.scoping import ScopedAdminMixin

from . import services
from .models import Association, StaffMembership


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    """Associations are created and their settings changed through the services, with their
    events; the short name and the licensed standards are fixed once created."""

    list_display = ["name", "slug", "contact_email", "currency", "application_fee"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "standards", "created_at"] if obj else ["created_at"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False  # a tenant's history (events, endorsements) is kept

    def save_model(self, request, obj, form, change):
        if not change:
            values = {f: form.cleaned_data[f] for f in form.cleaned_data}
            created = services.create_association(actor=request.user, **values)
            obj.pk, obj._state.adding = created.pk, False
            return
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in services.EDITABLE}
        if changes:
            services.update_association_settings(
                association=obj, actor=request.user, changes=changes
            )


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
