"""A requirement set in plain words, rule by rule, for the public page and the editor."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dyad.standards.messages import m, render

from .documents import APPLICATION, RENEWAL


def _word(code: str) -> str:
    try:
        return render(m(code), _)
    except KeyError:
        return code.split(".", 1)[-1]


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _kinds(kinds: list[str]) -> str:
    return ", ".join(_word(f"kind.{k}") for k in kinds)


def _option(option: dict) -> str:
    if "level" in option:
        text = _word(f"level.{option['level']}")
    else:
        text = _("%(level)s or higher") % {"level": _word(f"level.{option['min_level']}")}
    if option.get("related_field"):
        text = _("%(degree)s in a related field") % {"degree": text}
    if option.get("imh_certificate"):
        text = _("%(degree)s with an infant mental health certificate") % {"degree": text}
    return text


def rule_sentence(rule: dict) -> str:
    """One rule's requirement as a sentence."""
    kind = rule["rule"]
    if kind == "education":
        text = _("Education: %(options)s") % {
            "options": _(" or ").join(_option(o) for o in rule["options"])
        }
        if "or_experience" in rule:
            text += _("; or instead, %(months)s months of %(kinds)s work") % {
                "months": _number(rule["or_experience"]["months"]),
                "kinds": _kinds(rule["or_experience"]["kinds"]),
            }
        return text
    if kind == "work":
        return _("%(months)s months of work experience (%(kinds)s)") % {
            "months": _number(rule["months"]),
            "kinds": _kinds(rule["kinds"]),
        }
    if kind == "leadership":
        return _("%(months)s months of leadership experience (%(kinds)s)") % {
            "months": _number(rule["months"]),
            "kinds": _kinds(rule["kinds"]),
        }
    if kind == "training":
        text = _("%(hours)s hours of training") % {"hours": _number(rule["hours"])}
        if rule.get("imh_specific"):
            text = _("%(hours)s hours of infant mental health training") % {
                "hours": _number(rule["hours"])
            }
        if rule.get("within_months"):
            text += _(" within the last %(months)s months") % {"months": rule["within_months"]}
        return text
    if kind == "rsc_received":
        text = _(
            "%(hours)s hours of reflective supervision/consultation (RS/C) within the last "
            "%(months)s months, from providers endorsed as %(providers)s"
        ) % {
            "hours": _number(rule["hours"]),
            "months": rule["within_months"],
            "providers": ", ".join(rule["providers"]),
        }
        if rule.get("max_providers"):
            text += _(" (at most %(n)s providers counted)") % {"n": rule["max_providers"]}
        return text
    if kind == "references":
        text = _("%(count)s references") % {"count": rule["count"]}
        slots = rule.get("roles") or []
        if slots:
            text += _(", among them one from each: %(slots)s") % {
                "slots": "; ".join(
                    _(" or ").join(_word(f"role.{r}") for r in slot) for slot in slots
                )
            }
        return text
    if kind == "exam":
        text = _("The %(category)s exam passed") % {"category": rule["category"]}
        marks = rule.get("pass_marks") or {}
        if marks:
            text += _(" (pass marks: %(marks)s)") % {
                "marks": ", ".join(
                    f"{_('multiple choice') if k == 'multiple_choice' else _('written')} {v}%"
                    for k, v in marks.items()
                )
            }
        return text
    if kind == "agreements":
        return _(
            "The code of ethics and the endorsement agreement signed within the last "
            "%(months)s months"
        ) % {"months": rule["within_months"]}
    if kind == "membership":
        return _("A current membership of the association")
    if kind == "endorsement":
        return _("The endorsement in force, or expired less than %(days)s days ago") % {
            "days": rule["grace_days"]
        }
    return kind


def category_words(document: dict) -> list[dict]:
    """For each category: code, name, and the sentences of its application and renewal."""
    return [
        {
            "code": code,
            "name": raw["name"],
            "exam": raw.get("exam", False),
            APPLICATION: [rule_sentence(r) for r in raw[APPLICATION]],
            RENEWAL: [rule_sentence(r) for r in raw[RENEWAL]],
        }
        for code, raw in document["categories"].items()
    ]
