"""The second half of the models (see models.py)."""
