"""Renewals: the models. The second half lives in `audit_models.py` (imported at the end)."""

from django.db import models  # noqa: F401

from .audit_models import *  # noqa: E402,F401,F403
