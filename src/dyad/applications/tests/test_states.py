"""The state machine, for every pair of states and both people who act: only the moves it has
are allowed, each only to the person it is for."""

from __future__ import annotations

import itertools

import pytest

from dyad.applications import states

PEOPLE = (states.APPLICANT, states.COORDINATOR)
PAIRS = list(itertools.product(states.STATES, states.STATES))


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS)
@pytest.mark.parametrize("by", PEOPLE)
@pytest.mark.parametrize("has_exam", [False, True])
def test_only_the_listed_moves_exist_and_only_for_their_person(from_state, to_state, by, has_exam):
    listed = states.MOVES.get((from_state, to_state))
    exam_rule_forbids = (
        has_exam and (from_state, to_state) == (states.IN_REVIEW, states.ENDORSED)
    ) or (not has_exam and to_state == states.EXAM)
    allowed = listed is not None and listed.by == by and not exam_rule_forbids
    if allowed:
        assert states.move(from_state, to_state, by, has_exam) is listed
    else:
        with pytest.raises(states.IllegalMove):
            states.move(from_state, to_state, by, has_exam)


def test_nothing_leaves_a_final_state():
    assert not [pair for pair in states.MOVES if pair[0] in states.FINAL]


def test_every_open_state_can_be_withdrawn_by_the_applicant_and_reaches_a_decision():
    for state in states.OPEN:
        assert states.MOVES[(state, states.WITHDRAWN)].by == states.APPLICANT
    # from every open state a final one other than withdrawal is reachable
    for state in states.OPEN:
        seen, todo = set(), [state]
        while todo:
            here = todo.pop()
            seen.add(here)
            todo += [b for (a, b) in states.MOVES if a == here and b not in seen]
        assert states.ENDORSED in seen and states.DENIED in seen


def test_someone_always_holds_the_ball_while_an_application_is_open():
    assert set(states.BALL) == set(states.OPEN)
