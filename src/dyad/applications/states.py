r"""The application's states and the only moves between them, as data (no Django models).

    started --submit--> submitted --begin_review--> in_review --endorse--> endorsed
       |                  |    ^                     |  |  \--deny--> denied
       |                  |    |                     |  \--approve_for_exam--> exam --endorse/deny
       |                  |    \------resubmit------ returned <--return-- (submitted, in_review)
       \--withdraw--> withdrawn <--withdraw-- (any state not final)

`endorse` straight from review is for categories without an exam; a category with an exam goes
through `exam` first. Whoever is not named in `MOVES` for a move may not make it.
"""

from __future__ import annotations

from dataclasses import dataclass

STARTED = "started"
SUBMITTED = "submitted"
IN_REVIEW = "in_review"
EXAM = "exam"
RETURNED = "returned"
ENDORSED = "endorsed"
DENIED = "denied"
WITHDRAWN = "withdrawn"

STATES = (STARTED, SUBMITTED, IN_REVIEW, EXAM, RETURNED, ENDORSED, DENIED, WITHDRAWN)
FINAL = frozenset({ENDORSED, DENIED, WITHDRAWN})
OPEN = frozenset(STATES) - FINAL

APPLICANT = "applicant"
COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Move:
    verb: str  # the event is `application.<verb>`
    by: str  # who may make it: APPLICANT or COORDINATOR


MOVES: dict[tuple[str, str], Move] = {
    (STARTED, SUBMITTED): Move("submitted", APPLICANT),
    (RETURNED, SUBMITTED): Move("resubmitted", APPLICANT),
    (SUBMITTED, IN_REVIEW): Move("review_started", COORDINATOR),
    (SUBMITTED, RETURNED): Move("returned", COORDINATOR),
    (IN_REVIEW, RETURNED): Move("returned", COORDINATOR),
    (IN_REVIEW, EXAM): Move("approved_for_exam", COORDINATOR),
    (IN_REVIEW, ENDORSED): Move("endorsed", COORDINATOR),
    (EXAM, ENDORSED): Move("endorsed", COORDINATOR),
    (IN_REVIEW, DENIED): Move("denied", COORDINATOR),
    (EXAM, DENIED): Move("denied", COORDINATOR),
    **{(state, WITHDRAWN): Move("withdrawn", APPLICANT) for state in sorted(OPEN)},
}

#: who is expected to act next in each open state ("who holds the ball")
BALL = {
    STARTED: APPLICANT,
    RETURNED: APPLICANT,
    SUBMITTED: COORDINATOR,
    IN_REVIEW: COORDINATOR,
    EXAM: APPLICANT,
}


class IllegalMove(ValueError):
    """A move the state machine does not have, or one made by someone it is not for."""

    def __init__(self, from_state: str, to_state: str, reason: str) -> None:
        super().__init__(f"{from_state} -> {to_state}: {reason}")
        self.from_state = from_state
        self.to_state = to_state
        self.reason = reason


def move(from_state: str, to_state: str, by: str, has_exam: bool) -> Move:
    """The move from one state to another by `by`, or IllegalMove saying why not."""
    found = MOVES.get((from_state, to_state))
    if found is None:
        raise IllegalMove(from_state, to_state, "no such move")
    if found.by != by:
        raise IllegalMove(from_state, to_state, f"only the {found.by} makes this move")
    if has_exam and (from_state, to_state) == (IN_REVIEW, ENDORSED):
        raise IllegalMove(from_state, to_state, "this category is endorsed after its exam")
    if not has_exam and to_state == EXAM:
        raise IllegalMove(from_state, to_state, "this category has no exam")
    return found
