"""Exams: the models. The second half lives in `scoring_models.py` (imported at the end)."""

from django.db import models  # noqa: F401

from .scoring_models import *  # noqa: E402,F401,F403
