from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dyad.core.scoping import ScopedAdminMixin

from .models import Endorsement
from .services import CredentialError, lapse_endorsement, reinstate_endorsement, revoke_endorsement


@admin.register(Endorsement)
class EndorsementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "holder_name",
        "category",
        "number",
        "association",
        "expires",
        "status",
        "in_force",
    ]
    list_filter = ["status", "category", "state"]
    search_fields = ["holder_name", "number"]
    # The record changes only through the credential services (each with its event): the form
    # shows it, the actions below change its state.
    readonly_fields = [
        "association",
        "holder",
        "holder_name",
        "category",
        "number",
        "granted",
        "expires",
        "status",
        "revoked_on",
        "revocation_reason",
        "county",
        "state",
    ]
    actions = ["lapse", "revoke", "reinstate"]

    @admin.display(boolean=True, description=gettext_lazy("in force today"))
    def in_force(self, endorsement):
        return endorsement.is_in_force()

    def has_add_permission(self, request):
        return False  # endorsements are granted by grant_endorsement, never typed in

    def has_delete_permission(self, request, obj=None):
        return False  # the credential record is kept; revoke it instead

    @admin.action(description=gettext_lazy("Record a lapse of the selected endorsements"))
    def lapse(self, request, queryset):
        return self._change_state(request, queryset, "lapse", lapse_endorsement)

    @admin.action(description=gettext_lazy("Revoke the selected endorsements"))
    def revoke(self, request, queryset):
        return self._change_state(request, queryset, "revoke", revoke_endorsement)

    @admin.action(description=gettext_lazy("Reinstate the selected endorsements"))
    def reinstate(self, request, queryset):
        return self._change_state(request, queryset, "reinstate", reinstate_endorsement)

    def _change_state(self, request, queryset, action, service):
        """First a page asking why (and, to reinstate, an optional new expiry date); then the
        service runs for each endorsement, and each refusal is reported by its number."""
        reason = request.POST.get("reason", "").strip()
        expires_text = request.POST.get("expires", "").strip()
        expires, problem = None, ""
        if expires_text:
            try:
                expires = parse_date(expires_text)
            except ValueError:  # well formed but no such day (2027-02-30)
                expires = None
            if expires is None:
                problem = _("Give the new expiry date as YYYY-MM-DD, a day that exists.")
        if "apply" not in request.POST or problem:
            return TemplateResponse(
                request,
                "admin/credentials/endorsement/change_state.html",
                {
                    **self.admin_site.each_context(request),
                    "title": self.get_actions(request)[action][2],
                    "endorsements": queryset,
                    "action": action,
                    "reason": reason,
                    "expires": expires_text,
                    "problem": problem,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        extra = {"expires": expires} if action == "reinstate" else {}
        done = 0
        # Actions run inside the changelist, where ScopedAdminMixin has scopes disabled: the
        # Alliance administrator acts across associations on purpose.
        for endorsement in queryset:
            try:
                after = service(endorsement=endorsement, actor=request.user, reason=reason, **extra)
            except CredentialError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                continue
            if (after.status, after.expires) != (endorsement.status, endorsement.expires):
                done += 1
            else:
                message = _("%(number)s was already %(state)s: nothing changed.") % {
                    "number": after.number,
                    "state": after.get_status_display(),
                }
                self.message_user(request, message, messages.INFO)
        if done:
            message = ngettext(
                "%(count)d endorsement changed.", "%(count)d endorsements changed.", done
            )
            self.message_user(request, message % {"count": done}, messages.SUCCESS)
        return None
