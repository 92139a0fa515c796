"""The impact of a draft: whose standing would change if it were published.

Each person's portfolio is assessed for every category whose application rules differ between
the current set and the draft (a category with the same rules cannot change anyone's status),
under both. The status compared is "meets everything the portfolio can show": references and the
exam come with an application (`documents.WITH_APPLICATION`), so they are left out, and the
page says so. A change lists the rules whose outcome differs: the rule that makes the difference.

The people come from a source registered by an app above this one (`register_people_source`):
`applications` registers "everyone with an application or an endorsement with the association",
with their portfolios built in batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dyad.standards import evaluate
from dyad.standards.dates import check_assessment_date
from dyad.standards.facts import Portfolio
from dyad.standards.requirement_sets import RequirementSet
from dyad.standards.rules import RULES, Context

from .documents import WITH_APPLICATION


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    portfolio: Portfolio


class PeopleSource(Protocol):
    def __call__(self, association: Any, batch_size: int) -> tuple[int, Iterator[list[Person]]]:
        """(how many people, their portfolios in batches)."""
        ...


_SOURCE: list[PeopleSource] = []


def register_people_source(source: PeopleSource) -> None:
    """Say where the association's people and their portfolios come from (an app above this
    one calls it in its `AppConfig.ready`; the last registration wins)."""
    _SOURCE[:] = [source]


def people_of(association: Any, batch_size: int = 500) -> tuple[int, Iterator[list[Person]]]:
    if not _SOURCE:
        raise RuntimeError("no source of people is registered (applications registers one)")
    return _SOURCE[0](association, batch_size)


@dataclass(frozen=True, slots=True)
class Change:
    person: int
    name: str
    category: str
    gain: bool  # True: meets the portfolio's part under the draft only; False: under current only
    rules: tuple[str, ...]  # the rules whose outcome differs

    def to_dict(self) -> dict[str, Any]:
        """What the run keeps: the person's id, never their name (the page reads names when it
        shows them, so an erased person's name is gone from every preview)."""
        return {
            "person": self.person,
            "category": self.category,
            "gain": self.gain,
            "rules": list(self.rules),
        }


def changed_categories(current: RequirementSet, draft: RequirementSet) -> list[str]:
    """The categories whose application rules differ between the two sets."""
    return [
        code
        for code, spec in draft.categories.items()
        if code not in current.categories
        or current.categories[code].application != spec.application
    ]


def outcomes(portfolio: Portfolio, category: str, as_of: date, rset: RequirementSet) -> dict:
    """Rule -> met, for the rules a portfolio can show, through the engine's `evaluate` (the
    reference `changes_for` must agree with; tested)."""
    assessment = evaluate(portfolio, category, as_of, rset)
    return {f.rule: f.met for f in assessment.findings if f.rule not in WITH_APPLICATION}


def same_frame(current: RequirementSet, draft: RequirementSet) -> bool:
    """Whether the two sets agree on everything but the rules' parameters (standard, scope, each
    category's exam and equivalent), so a rule with the same parameters finds the same."""
    if (current.standard, current.scope) != (draft.standard, draft.scope):
        return False
    if set(current.categories) != set(draft.categories):
        return False
    return all(
        (spec.exam, spec.equivalent)
        == (draft.categories[code].exam, draft.categories[code].equivalent)
        for code, spec in current.categories.items()
    )


def _pair(
    portfolio: Portfolio,
    category: str,
    as_of: date,
    current: RequirementSet,
    draft: RequirementSet,
    reuse: bool,
) -> tuple[dict[str, bool], dict[str, bool]]:
    """The outcomes under both sets, each rule through the engine's own rule function; under the
    draft a rule with the current set's very parameters is not run again when `reuse`."""
    before_spec, after_spec = current.category(category), draft.category(category)
    ctx = Context(portfolio, as_of, current, before_spec)
    before = {
        r.rule: RULES[r.rule](ctx, r.params).met
        for r in before_spec.application
        if r.rule not in WITH_APPLICATION
    }
    params = {r.rule: r.params for r in before_spec.application}
    ctx = Context(portfolio, as_of, draft, after_spec)
    after = {}
    for r in after_spec.application:
        if r.rule in WITH_APPLICATION:
            continue
        if reuse and r.rule in before and params[r.rule] == r.params:
            after[r.rule] = before[r.rule]
        else:
            after[r.rule] = RULES[r.rule](ctx, r.params).met
    return before, after


def changes_for(
    person: Person,
    categories: Iterable[str],
    current: RequirementSet,
    draft: RequirementSet,
    as_of: date,
    reuse: bool | None = None,
) -> list[Change]:
    reuse = same_frame(current, draft) if reuse is None else reuse
    out = []
    for category in categories:
        before, after = _pair(person.portfolio, category, as_of, current, draft, reuse)
        was, now = all(before.values()), all(after.values())
        if was == now:
            continue
        rules = tuple(r for r in after if before.get(r) != after[r]) or tuple(
            r for r in before if r not in after
        )
        out.append(Change(person.id, person.name, category, now, rules))
    return out


def impact(
    batches: Iterable[list[Person]],
    current: RequirementSet,
    draft: RequirementSet,
    as_of: date,
    progress: Callable[[int], None] | None = None,
) -> list[Change]:
    """Every change of status, batch by batch; `progress(done)` after each batch."""
    check_assessment_date(as_of)
    categories = changed_categories(current, draft)
    reuse = same_frame(current, draft)
    changes: list[Change] = []
    done = 0
    for batch in batches:
        if categories:
            for person in batch:
                changes += changes_for(person, categories, current, draft, as_of, reuse)
        done += len(batch)
        if progress is not None:
            progress(done)
    changes.sort(key=lambda c: (c.category, not c.gain, c.name, c.person))
    return changes
