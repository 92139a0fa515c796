from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import User
from .services import erase_person


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_alliance_admin", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "first_name", "last_name")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_alliance_admin", "is_staff", "is_superuser", "groups")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["erase"]

    @admin.action(
        description=gettext_lazy("Erase the personal data of the selected people"),
        permissions=["change"],
    )
    def erase(self, request, queryset):
        """A page asking why first; then `erase_person` for each (one transaction each)."""
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or not reason:
            return TemplateResponse(
                request,
                "admin/accounts/user/erase.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase personal data"),
                    "people": queryset,
                    "reason": reason,
                    "problem": _("Say why, for the record.") if "apply" in request.POST else "",
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        done = 0
        for person in queryset:
            if person.is_erased:
                continue
            erase_person(user=person, actor=request.user, reason=reason)
            done += 1
        message = ngettext("%(count)d person erased.", "%(count)d people erased.", done) % {
            "count": done
        }
        self.message_user(request, message, messages.SUCCESS)
        return None
