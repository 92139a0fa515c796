"""The portfolio home page: where the person stands, category by category."""

urlpatterns: list = []
