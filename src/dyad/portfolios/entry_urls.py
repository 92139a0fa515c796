"""The forms that add, change and remove portfolio entries."""

urlpatterns: list = []
