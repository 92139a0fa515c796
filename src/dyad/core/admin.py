"""The event log in the admin site: every association's history, read only, in plain words."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext_lazy as _

from .events import describe, with_people
from .models import Event
from .scoping import ScopedAdminMixin


class EventChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # the people a page of events names, loaded in one query (not one per row)
        self.result_list = with_people(self.result_list)


@admin.register(Event)
class EventAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Across associations on purpose; append-only, so nothing can be added, changed or deleted."""

    list_display = ["created_at", "association", "description", "actor", "reason"]
    list_filter = ["verb", "association"]
    list_select_related = ["association", "actor"]
    search_fields = ["verb", "subject_type", "subject_id", "reason"]
    date_hierarchy = "created_at"
    # The raw `data` is never shown: events written before ids were stored hold a person's
    # email there, which must not outlive their erasure. `description` reads it in plain words
    # (an erased person's old address as their pseudonym).
    fields = readonly_fields = (
        "created_at",
        "association",
        "actor",
        "subject_type",
        "subject_id",
        "verb",
        "description",
        "from_state",
        "to_state",
        "reason",
    )

    @admin.display(description=_("what happened"))
    def description(self, event):
        return describe(event)

    def get_changelist(self, request, **kwargs):
        return EventChangeList

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
