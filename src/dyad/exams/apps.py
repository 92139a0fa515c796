from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "dyad.exams"
    label = "exams"
    verbose_name = "Exams"
