"""What the engine says, as message codes with parameters, rendered in the reader's language.

Rules never build sentences. They return a `Message`: a code from `TEMPLATES` and parameters
(numbers, dates and codes as plain values; words that need translating are Messages themselves,
such as `level.master` or `kind.policy`; lists are `list.<joiner>` Messages). `render` turns a
Message into a sentence through a `translate` function: the identity for the command line (the
English sentences of the portfolio contract) and Django's gettext on the web. Every template is
marked with `gettext_noop` so the Spanish catalogue carries it; the engine itself stays free of
Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]
FormatNumber = Callable[[float], str]


def gettext_noop(text: str) -> str:
    """Marks a string for the translation catalogue (xgettext knows this name); returns it."""
    return text


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence (or a word) to be rendered: a code of TEMPLATES and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in TEMPLATES and self.code not in LIST_JOINERS:
            raise KeyError(f"unknown message code {self.code!r}")

    def __reduce__(self) -> tuple[type[Message], tuple[str, Mapping[str, Any]]]:
        # Pickled as a call, not field by field (a cached standing holds many).
        return (Message, (self.code, self.params))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: _dump(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], fallback: str | None = None) -> Message:
        """Read back what `to_dict` wrote. A frozen message whose code this version no longer
        knows (renamed, removed, or never written) reads as its stored sentence, `fallback`,
        shown as it was: a snapshot never becomes unreadable."""
        try:
            return cls(data["code"], {k: _load(v) for k, v in data.get("params", {}).items()})
        except KeyError:
            if fallback is None:
                raise
            return cls(VERBATIM, {"text": fallback})


def _dump(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    return value


def _load(value: Any) -> Any:
    if isinstance(value, dict):
        return Message.from_dict(value)
    if isinstance(value, list):
        return tuple(_load(v) for v in value)
    return value


def m(code: str, **params: Any) -> Message:
    """Shorthand used by the rules: m("training.met", hours=31.5, need=30.0)."""
    return Message(code, params)


def listing(joiner: str, items: Iterable[Message | str]) -> Message:
    """A list rendered with one of LIST_JOINERS ("or": 'a, b or c'; "or_each": 'a or b or c')."""
    return Message(f"list.{joiner}", {"items": tuple(items)})


def english_number(value: float) -> str:
    """1 -> '1', 8.5 -> '8.5' (the contract's sentences)."""
    return f"{value:g}" if value != int(value) else str(int(value))


def _identity(text: str) -> str:
    return text


def render(
    message: Message,
    translate: Translate = _identity,
    number: FormatNumber = english_number,
) -> str:
    """The sentence of `message`, its words translated by `translate`."""

    def value(v: Any) -> str:
        if isinstance(v, Message):
            return render(v, translate, number)
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, int | float):
            return number(v)
        return str(v)

    if message.code in LIST_JOINERS:
        items = [value(v) for v in message.params["items"]]
        if not items:
            return ""
        middle, last = LIST_JOINERS[message.code]
        text = items[0]
        for i, item in enumerate(items[1:], start=2):
            joiner = last if i == len(items) else middle
            text = translate(joiner) % {"a": text, "b": item}
        return text
    template = translate(TEMPLATES[message.code])
    if not message.params:
        return template
    return template % {k: value(v) for k, v in message.params.items()}


_ = gettext_noop

#: A stored sentence shown as it is (a frozen message whose code is unknown to this version).
VERBATIM = "verbatim"

#: The category names of the baseline sets, for the catalogue: pages show a set's own name through
#: gettext, so an association's renamed category stays as written and the baseline's is translated.
BASELINE_CATEGORY_NAMES: tuple[str, ...] = (
    _("Infant Family Associate"),
    _("Infant Family Specialist"),
    _("Infant Family Reflective Supervisor"),
    _("Infant Mental Health Specialist"),
    _("Infant Mental Health Mentor – Clinical"),
    _("Infant Mental Health Mentor – Policy"),
    _("Infant Mental Health Mentor – Research/Faculty"),
    _("Early Childhood Family Associate"),
    _("Early Childhood Family Specialist"),
    _("Early Childhood Mental Health Specialist"),
    _("Early Childhood Mental Health Mentor – Clinical"),
    _("Early Childhood Mental Health Mentor – Policy"),
    _("Early Childhood Mental Health Mentor – Research/Faculty"),
)

#: list.<name>: (joiner between earlier items, joiner before the last item).
LIST_JOINERS: dict[str, tuple[str, str]] = {
    "list.or": (_("%(a)s, %(b)s"), _("%(a)s or %(b)s")),
    "list.or_each": (_("%(a)s or %(b)s"), _("%(a)s or %(b)s")),
    "list.and_each": (_("%(a)s and %(b)s"), _("%(a)s and %(b)s")),
    "list.and_one_from": (_("%(a)s, and one from %(b)s"), _("%(a)s, and one from %(b)s")),
    "list.semicolon": (_("%(a)s; %(b)s"), _("%(a)s; %(b)s")),
    "list.comma": (_("%(a)s, %(b)s"), _("%(a)s, %(b)s")),
}

TEMPLATES: dict[str, str] = {
    VERBATIM: "%(text)s",
    # The human names of the rules.
    "rule.education": _("Education"),
    "rule.work": _("Work experience"),
    "rule.leadership": _("Leadership experience"),
    "rule.training": _("Specialized training"),
    "rule.rsc_received": _("RS/C received"),
    "rule.references": _("References"),
    "rule.exam": _("Exam"),
    "rule.agreements": _("Agreements"),
    "rule.membership": _("Membership"),
    "rule.endorsement": _("Endorsement held"),
    # Words.
    "level.none": _("no degree"),
    "level.cda": _("CDA credential"),
    "level.associate": _("associate degree"),
    "level.bachelor": _("bachelor's degree"),
    "level.master": _("master's degree"),
    "level.doctorate": _("doctorate"),
    "kind.promotion": _("promotion"),
    "kind.prevention": _("prevention"),
    "kind.intervention": _("intervention"),
    "kind.rsc_provision": _("RS/C-providing"),
    "kind.policy": _("policy"),
    "kind.research_teaching": _("research/teaching"),
    "participants.child_and_caregiver": _("child and caregiver"),
    "participants.child_only": _("child only"),
    "participants.caregiver_only": _("caregiver only"),
    "participants.none": _("none"),
    "role.rsc_provider": _("an RS/C provider"),
    "role.rsc_recipient": _("someone who receives RS/C from you"),
    "role.supervisor": _("a supervisor"),
    "role.colleague": _("a colleague"),
    "role.other": _("another professional"),
    "reference_status.requested": _("requested"),
    "reference_status.rated": _("rated"),
    "reference_status.declined": _("declined"),
    "agreement.code_of_ethics": _("code of ethics"),
    "agreement.endorsement_agreement": _("endorsement agreement"),
    # Education.
    "education.degree": _("%(level)s, completed %(completed)s"),
    "education.degree_in": _("%(level)s in %(field)s, completed %(completed)s"),
    "education.degree_related": _("%(level)s (related field), completed %(completed)s"),
    "education.degree_in_related": _(
        "%(level)s in %(field)s (related field), completed %(completed)s"
    ),
    "education.option": _("a %(level)s"),
    "education.option_related": _("a %(level)s in a related field"),
    "education.option_certificate": _("a %(level)s with an IMH certificate"),
    "education.option_related_certificate": _(
        "a %(level)s in a related field with an IMH certificate"
    ),
    "education.option_min": _("a %(level)s or higher"),
    "education.option_min_related": _("a %(level)s or higher in a related field"),
    "education.option_min_certificate": _("a %(level)s or higher with an IMH certificate"),
    "education.option_min_related_certificate": _(
        "a %(level)s or higher in a related field with an IMH certificate"
    ),
    "education.highest": _("highest recorded: %(degree)s"),
    "education.none_recorded": _("no education is recorded"),
    "education.experience_met": _(
        "%(have)s counted months of paid %(kinds)s work stand in for %(wanted)s (%(need)s needed)"
    ),
    "education.experience_unmet": _(
        "needs %(wanted)s, or instead %(need)s counted months of paid %(kinds)s work "
        "(has %(have)s; %(to_go)s to go); %(best)s"
    ),
    "education.unmet": _("needs %(wanted)s; %(best)s"),
    # Work and leadership.
    "months.what_practice": _("IMH practice"),
    "months.what_kinds": _("%(kinds)s work"),
    "months.met": _("%(have)s counted months of %(what)s; %(need)s needed"),
    "months.met_after": _(
        "%(have)s counted months of %(what)s after the %(level)s; %(need)s needed"
    ),
    "months.unmet": _("%(have)s of %(need)s counted months of %(what)s; %(to_go)s to go"),
    "months.unmet_after": _(
        "%(have)s of %(need)s counted months of %(what)s after the %(level)s; %(to_go)s to go"
    ),
    "months.unmet_no_degree": _(
        "%(have)s of %(need)s counted months of %(what)s after the %(level)s; %(to_go)s to go "
        "(no %(level)s or higher is recorded yet)"
    ),
    "months.review_practice": _(
        "relationship focus and attention to attachment and loss are as stated; a reviewer confirms"
    ),
    # Training.
    "training.what_specific": _("IMH-specific training hours"),
    "training.what_any": _("training hours"),
    "training.what_specific_window": _("IMH-specific training hours in the last %(window)s months"),
    "training.what_any_window": _("training hours in the last %(window)s months"),
    "training.met": _("%(have)s %(what)s; %(need)s needed"),
    "training.unmet": _("%(have)s of %(need)s %(what)s; %(to_go)s to go"),
    # RS/C received.
    "rsc.where": _("from qualified providers in the last %(window)s months"),
    "rsc.where_degree": _(
        "from qualified providers (%(level)s or higher) in the last %(window)s months"
    ),
    "rsc.met": _("%(have)s RS/C hours %(where)s; %(need)s needed"),
    "rsc.unmet": _("%(have)s of %(need)s RS/C hours %(where)s; %(to_go)s to go"),
    "rsc.met_dropped": _(
        "%(have)s RS/C hours %(where)s; %(need)s needed (sessions with %(dropped)s more "
        "provider(s) do not count: at most %(max)s)"
    ),
    "rsc.unmet_dropped": _(
        "%(have)s of %(need)s RS/C hours %(where)s; %(to_go)s to go (sessions with %(dropped)s "
        "more provider(s) do not count: at most %(max)s)"
    ),
    # References.
    "references.met": _("%(have)s rated references; %(need)s needed"),
    "references.unmet_to_go": _("%(have)s of %(need)s rated references; %(to_go)s to go"),
    "references.unmet_roles": _(
        "%(have)s of %(need)s rated references; still needed: one from %(slots)s"
    ),
    # Exam.
    "exam.passed": _("passed the %(category)s exam on %(date)s"),
    "exam.failed": _("the %(category)s exam is not passed yet (last sitting %(date)s: fail)"),
    "exam.needed": _("needs a pass in the %(category)s exam"),
    "exam.needed_other": _(
        "needs a pass in the %(category)s exam (a pass for %(others)s does not count for "
        "%(category)s)"
    ),
    # Agreements.
    "agreements.not_signed": _("the %(document)s is not signed"),
    "agreements.future": _("the %(document)s is dated after %(as_of)s"),
    "agreements.old": _("the %(document)s was signed %(date)s, more than %(window)s months ago"),
    "agreements.unmet": _("%(problems)s; sign again (valid %(window)s months)"),
    "agreements.met": _("%(documents)s signed within the last %(window)s months"),
    # Membership.
    "membership.none": _("no association membership is recorded"),
    "membership.expired": _("membership expired on %(date)s; renew it"),
    "membership.met": _("membership valid until %(date)s"),
    # Endorsement held (renewals).
    "endorsement.valid": _("%(category)s endorsement valid until %(date)s"),
    "endorsement.grace": _(
        "%(category)s endorsement expired %(date)s; in the grace period until %(until)s"
    ),
    "endorsement.lapsed": _(
        "the %(category)s endorsement lapsed on %(lapsed)s (%(grace)s days after it expired on "
        "%(date)s); reinstatement is a new application"
    ),
    "endorsement.none": _("holds no %(category)s endorsement to renew"),
    # Reinstating a lapsed endorsement: work since the lapse (applications, not a rule of a set).
    "endorsement.work_since": _("work experience since the lapse on %(date)s"),
    "endorsement.no_work_since": _(
        "no work experience recorded since the lapse on %(date)s; add the work you did since"
    ),
    # IMH practice, criterion by criterion (docs/definitions.md, P1-P6).
    "practice.P1": _("the intervention is relationship-focused"),
    "practice.P2": _("works with both the child and a parent or primary caregiver"),
    "practice.P3": _("includes at least one named IMH service"),
    "practice.P4": _("is prepared to explore attachment, separation, trauma, grief and loss"),
    "practice.P5": _("the practitioner has %(hours)s hours of IMH-specific training"),
    "practice.P6": _("%(sessions)s RS/C sessions are recorded about this work"),
    # Why an entry was looked at and not counted.
    "excluded.not_imh_specific": _("is not IMH-specific"),
    "excluded.older_than": _("is older than %(window)s months"),
    "excluded.reference_status": _("is %(status)s"),
    "excluded.starts_after": _("starts after %(as_of)s"),
    "excluded.unpaid": _("is unpaid"),
    "excluded.kind": _("is %(kind)s work"),
    "excluded.out_of_scope": _("serves children outside the %(standard)s age range"),
    "excluded.participants": _("participants are %(participants)s"),
    "excluded.not_practice": _(
        "is not IMH practice as defined (intervention with child and caregiver)"
    ),
    "excluded.no_hours": _("has no hours per week"),
    "excluded.no_degree": _("no %(level)s or higher yet"),
    "excluded.before_degree": _("ended before the %(level)s"),
    "excluded.provider_not_qualified": _("the provider was not qualified on that date"),
    "excluded.third_provider": _("a third provider (two-provider rule)"),
    # Problems of a portfolio file (the command line prints them in English, as they always were).
    "file.too_large_bytes": _("the file is %(size)s bytes; the limit is 5 MB"),
    "file.too_large": _("the file is larger than the 5 MB limit"),
    "file.not_utf8": _("is not UTF-8 text (byte %(byte)s)"),
    "file.not_json": _("is not valid JSON: %(detail)s at line %(line)s, column %(column)s"),
    "file.not_json_number": _("is not valid JSON: %(name)s is not a number JSON allows"),
    "file.too_deep": _("is not valid JSON: nested too deeply"),
    "file.cannot_read": _("cannot read %(path)s: %(reason)s"),
    "file.surrogate": _("contains an unpaired surrogate (\\ud800-\\udfff), not text"),
    "file.surrogate_key": _("has a field name with an unpaired surrogate, not text"),
    "file.too_many": _("has %(have)s entries; at most %(limit)s are allowed"),
    "file.more_not_listed": _("… and %(count)s more problems not listed"),
    "file.more_than_not_listed": _("… and more than %(count)s more problems not listed"),
    "file.required": _("is required"),
    "file.unknown_field": _("is not a known field"),
    "file.repeats": _("repeats %(value)s"),
    "file.one_of": _("must be one of %(allowed)s"),
    "file.repeats_id": _("repeats the id %(id)s of an earlier %(what)s"),
    "file.what_work": _("work entry"),
    "file.what_provider": _("RS/C provider"),
    "file.before": _("is before %(other)s (%(date)s)"),
    "file.below_min_months": _("is below min_months (%(low)s)"),
    "file.names_nothing": _("names no entry of %(list)s (%(id)s)"),
    "file.object": _("must be an object"),
    "file.array": _("must be an array"),
    "file.format": _('must be "dyad-portfolio/1"'),
    "file.nonempty_string": _("must be a non-empty string"),
    "file.string": _("must be a string"),
    "file.boolean": _("must be true or false"),
    "file.date": _("must be a real date written YYYY-MM-DD"),
    "file.date_range": _("must be a date from 1900-01-01 to 2199-12-31"),
    "file.positive_whole": _("must be a positive whole number"),
    "file.minutes_max": _("must be at most 525,600 minutes (a year)"),
    "file.age_months": _("must be a whole number of months from 0 to 216"),
    "file.hours_per_week": _("must be a number from 0 to 80"),
    "file.text_max": _("must be at most 1,000 characters"),
    "file.id_max": _("must be at most 100 characters"),
    # Entries dated after the assessment date.
    "ignored.completed_after": _("completed after %(as_of)s"),
    "ignored.dated_after": _("dated after %(as_of)s"),
    "ignored.starts_after": _("starts after %(as_of)s"),
    "ignored.granted_after": _("granted after %(as_of)s"),
}

del _
