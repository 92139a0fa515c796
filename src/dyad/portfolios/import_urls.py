"""Importing a portfolio file (with a preview), and the person's own history."""

urlpatterns: list = []
