from django.contrib import admin

from .models import Endorsement


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    list_display = ["holder_name", "category", "number", "association", "expires", "status"]
    list_filter = ["status", "category"]
    search_fields = ["holder_name", "number"]

    def get_queryset(self, request):
        from django_scopes import scopes_disabled

        with scopes_disabled():
            return super().get_queryset(request)
