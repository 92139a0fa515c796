from django.contrib import admin

from .models import Association


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "contact_email", "currency", "application_fee"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
