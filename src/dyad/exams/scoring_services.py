"""Scoring: multiple choice scored automatically, written responses double-scored blind.

`on_submitted(sitting)` is called by `sitting_services.submit_sitting` inside its transaction.
"""

from __future__ import annotations


def on_submitted(sitting) -> None:
    """A sitting was just submitted (called once, inside the submitting transaction): score its
    multiple-choice answers and assign two scorers without conflicts to its written answers."""
    return None
