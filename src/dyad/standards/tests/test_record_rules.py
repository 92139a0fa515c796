"""Training, RS/C, references, exam, agreements, membership and renewal rules at their edges."""

from datetime import date

import pytest

from .builders import (
    assess,
    complete_imhs,
    degree,
    doc,
    finding,
    provider,
    refs,
    sessions,
    signed,
    training,
)

# -- training -------------------------------------------------------------------------------


def test_thirty_hours_of_imh_training_exactly_meets_and_a_minute_less_does_not():
    assert finding(doc(training=[training(1800)]), "IMHS", "training").status == "met"
    f = finding(doc(training=[training(1799)]), "IMHS", "training")
    assert f.status == "unmet"
    assert f.have == 29.9
    assert "0.1 to go" in f.message


def test_training_that_is_not_imh_specific_does_not_count():
    f = finding(doc(training=[training(3000, specific=False)]), "IFA", "training")
    assert f.status == "unmet"
    assert ("/training/0", "is not IMH-specific") in f.excluded_reasons


def test_future_training_is_ignored_and_listed():
    a = assess(doc(training=[training(1800, on="2026-07-01")]), "IMHS")
    assert a.finding("training").status == "unmet"
    assert a.ignored == ("/training/0: dated after 2026-06-30",)


def test_training_on_as_of_counts():
    assert finding(doc(training=[training(1800, on="2026-06-30")]), "IMHS", "training").met


# -- RS/C received --------------------------------------------------------------------------


def rsc_doc(session_list, providers=None, education=None):
    return doc(
        education=education or [degree()],
        rsc_providers=providers or [provider()],
        rsc=session_list,
    )


def one(day, minutes=3000, provider_id="p1"):
    return {"date": day, "minutes": minutes, "format": "group", "provider": provider_id}


def test_fifty_rsc_hours_exactly_meet_and_a_minute_less_does_not():
    assert finding(rsc_doc([one("2026-01-01", 3000)]), "IMHS", "rsc_received").met
    f = finding(rsc_doc([one("2026-01-01", 2999)]), "IMHS", "rsc_received")
    assert f.status == "unmet"
    assert f.have == 49.9


def test_rsc_window_is_after_the_same_day_24_months_before():
    assert not finding(rsc_doc([one("2024-06-30")]), "IMHS", "rsc_received").met
    assert finding(rsc_doc([one("2024-07-01")]), "IMHS", "rsc_received").met


def test_rsc_after_as_of_is_ignored():
    a = assess(rsc_doc([one("2026-07-01")]), "IMHS")
    assert not a.finding("rsc_received").met
    assert "/rsc/0: dated after 2026-06-30" in a.ignored


def test_window_from_a_month_end_uses_the_last_day_of_the_shorter_month():
    # as_of 2026-02-28 (not a leap year), 24 months before: 2024-02-28
    as_of = date(2026, 2, 28)
    assert not finding(rsc_doc([one("2024-02-28")]), "IMHS", "rsc_received", as_of).met
    assert finding(rsc_doc([one("2024-02-29")]), "IMHS", "rsc_received", as_of).met


@pytest.mark.parametrize(
    ("start", "end", "qualified"),
    [
        ("2026-01-01", None, True),  # endorsed on the session day
        ("2026-01-02", None, False),  # endorsed the day after
        ("2020-01-01", "2026-01-01", True),  # endorsement ended on the session day
        ("2020-01-01", "2025-12-31", False),  # ended the day before
    ],
)
def test_provider_must_hold_the_endorsement_on_the_session_date(start, end, qualified):
    providers = [provider(start=start, end=end)]
    f = finding(rsc_doc([one("2026-01-01")], providers), "IMHS", "rsc_received")
    assert f.met is qualified


def test_provider_in_a_category_that_does_not_qualify():
    providers = [provider(category="IFS")]
    f = finding(rsc_doc([one("2026-01-01")], providers), "IMHS", "rsc_received")
    assert not f.met
    assert ("/rsc/0", "the provider was not qualified on that date") in f.excluded_reasons


def test_provider_endorsed_in_the_equivalent_category_of_the_other_standard_qualifies():
    providers = [provider(category="ECMHM-C")]
    assert finding(rsc_doc([one("2026-01-01")], providers), "IMHS", "rsc_received").met
    providers = [provider(category="IMHS")]
    assert finding(rsc_doc([one("2026-01-01")], providers), "ECMHS", "rsc_received").met


def test_ifs_providers_need_a_masters_degree():
    bachelors = [provider(category="IFS", degree_level="bachelor")]
    f = finding(rsc_doc([one("2026-01-01", 1440)], bachelors), "IFS", "rsc_received")
    assert not f.met
    masters = [provider(category="IFS", degree_level="master")]
    assert finding(rsc_doc([one("2026-01-01", 1440)], masters), "IFS", "rsc_received").met


def test_only_the_two_providers_with_most_hours_count():
    providers = [provider("p1"), provider("p2"), provider("p3")]
    session_list = [
        one("2026-01-01", 20 * 60, "p1"),
        one("2026-01-02", 15 * 60, "p3"),
        one("2026-01-03", 20 * 60, "p2"),
    ]
    f = finding(rsc_doc(session_list, providers), "IMHS", "rsc_received")
    assert f.have == 40.0
    assert not f.met
    assert f.evidence == ("/rsc/0", "/rsc/2")
    assert "do not count" in f.message


def test_renewal_rsc_has_no_two_provider_rule_and_a_12_month_window():
    providers = [provider("p1"), provider("p2"), provider("p3")]
    session_list = [
        one("2026-01-01", 4 * 60, "p1"),
        one("2026-01-02", 4 * 60, "p2"),
        one("2026-01-03", 4 * 60, "p3"),
        one("2025-06-30", 10 * 60, "p1"),  # exactly 12 months before: outside
    ]
    f = finding(rsc_doc(session_list, providers), "IMHS", "rsc_received", renewal=True)
    assert f.met
    assert f.have == 12.0


def test_weekly_sessions_add_up():
    f = finding(rsc_doc(sessions(49, date(2025, 7, 1))), "IMHS", "rsc_received")
    assert f.have == 49.0
    assert "1 to go" in f.message


# -- references -----------------------------------------------------------------------------


def test_declined_and_requested_references_do_not_count():
    references = refs("rsc_provider", "supervisor") + refs("colleague", status="declined")
    references += refs("colleague", status="requested")
    f = finding(doc(references=references), "IMHS", "references")
    assert not f.met
    assert f.have == 2


def test_imhs_references_need_an_rsc_provider_and_a_supervisor():
    f = finding(doc(references=refs("colleague", "colleague", "supervisor")), "IMHS", "references")
    assert not f.met
    assert "an RS/C provider" in f.message
    assert finding(
        doc(references=refs("rsc_provider", "other", "supervisor")), "IMHS", "references"
    ).met


def test_one_reference_cannot_fill_two_roles():
    f = finding(
        doc(references=refs("rsc_provider", "rsc_recipient", "other")), "IFRS", "references"
    )
    assert not f.met
    assert "a supervisor or a colleague" in f.message


def test_mentor_policy_takes_any_three_rated_references():
    assert finding(doc(references=refs("other", "other", "other")), "IMHM-P", "references").met


def test_ifa_needs_a_supervisor_reference():
    assert not finding(doc(references=refs("other", "other", "colleague")), "IFA", "references").met


# -- exam -----------------------------------------------------------------------------------


def exam(category="IMHS", on="2025-01-01", result="pass"):
    return {"category": category, "date": on, "result": result}


def test_an_exam_passed_for_another_category_does_not_count():
    f = finding(doc(exams=[exam("IMHS")]), "IMHM-C", "exam")
    assert not f.met
    assert "a pass for IMHS does not count for IMHM-C" in f.message


def test_a_failed_exam_is_not_a_pass_but_a_later_pass_is():
    assert not finding(doc(exams=[exam(result="fail")]), "IMHS", "exam").met
    both = [exam(result="fail"), exam(on="2025-06-01")]
    assert finding(doc(exams=both), "IMHS", "exam").met


def test_an_exam_after_as_of_does_not_count_and_on_as_of_does():
    assert not finding(doc(exams=[exam(on="2026-07-01")]), "IMHS", "exam").met
    assert finding(doc(exams=[exam(on="2026-06-30")]), "IMHS", "exam").met


# -- agreements and membership --------------------------------------------------------------


def test_agreements_older_than_12_months_do_not_count():
    assert not finding(doc(agreements=signed("2025-06-30")), "IMHS", "agreements").met
    assert finding(doc(agreements=signed("2025-07-01")), "IMHS", "agreements").met


def test_both_agreements_are_needed():
    f = finding(doc(agreements={"code_of_ethics": "2026-01-01"}), "IMHS", "agreements")
    assert not f.met
    assert "endorsement agreement is not signed" in f.message


def test_membership_that_expired_yesterday_does_not_count():
    assert finding(doc(membership={"expires": "2026-06-30"}), "IMHS", "membership").met
    f = finding(doc(membership={"expires": "2026-06-29"}), "IMHS", "membership")
    assert not f.met
    assert "expired on 2026-06-29" in f.message


# -- renewal --------------------------------------------------------------------------------


def renewal_doc(expires):
    return doc(endorsements=[{"category": "IMHS", "granted": "2020-06-01", "expires": expires}])


def test_renewal_grace_period_is_90_days():
    # 2026-06-30 minus 90 days is 2026-04-01
    assert finding(renewal_doc("2026-04-01"), "IMHS", "endorsement", renewal=True).met
    f = finding(renewal_doc("2026-03-31"), "IMHS", "endorsement", renewal=True)
    assert not f.met
    assert "lapsed on 2026-06-30" in f.message


def test_renewal_needs_an_endorsement_in_that_category():
    f = finding(renewal_doc("2027-01-01"), "IMHM-C", "endorsement", renewal=True)
    assert not f.met
    assert "holds no IMHM-C endorsement" in f.message


def test_renewal_training_is_15_hours_in_the_last_12_months():
    document = doc(training=[training(540, on="2025-07-01"), training(600, on="2025-06-30")])
    f = finding(document, "IFA", "training", renewal=True)
    assert f.met is False
    assert f.have == 9.0  # the 10 hours of 2025-06-30 are exactly 12 months old
    document["training"][1]["date"] = "2025-07-02"
    assert finding(document, "IFA", "training", renewal=True).met


@pytest.mark.parametrize(
    ("category", "rules"),
    [
        ("IFA", ["endorsement", "training", "agreements", "membership"]),
        ("IMHS", ["endorsement", "training", "rsc_received", "agreements", "membership"]),
        ("ECFS", ["endorsement", "training", "rsc_received", "agreements", "membership"]),
        ("IMHM-P", ["endorsement", "training", "agreements", "membership"]),
    ],
)
def test_renewal_requirements_per_category(category, rules):
    a = assess(doc(), category, renewal=True)
    assert [f.rule for f in a.findings] == rules
    assert a.mode == "renewal"


@pytest.mark.parametrize(
    ("category", "rules"),
    [
        ("IFA", ["education", "training", "references", "agreements", "membership"]),
        (
            "IFS",
            [
                "education",
                "work",
                "training",
                "rsc_received",
                "references",
                "agreements",
                "membership",
            ],
        ),
        (
            "IFRS",
            [
                "education",
                "work",
                "leadership",
                "training",
                "rsc_received",
                "references",
                "agreements",
                "membership",
            ],
        ),
        (
            "IMHS",
            [
                "education",
                "work",
                "training",
                "rsc_received",
                "references",
                "exam",
                "agreements",
                "membership",
            ],
        ),
        (
            "IMHM-C",
            [
                "education",
                "work",
                "leadership",
                "training",
                "rsc_received",
                "references",
                "exam",
                "agreements",
                "membership",
            ],
        ),
        (
            "IMHM-R",
            [
                "education",
                "leadership",
                "training",
                "references",
                "exam",
                "agreements",
                "membership",
            ],
        ),
        (
            "ECMHM-P",
            [
                "education",
                "leadership",
                "training",
                "references",
                "exam",
                "agreements",
                "membership",
            ],
        ),
    ],
)
def test_application_requirements_per_category(category, rules):
    assert [f.rule for f in assess(doc(), category).findings] == rules


def test_a_complete_portfolio_is_eligible_and_each_missing_piece_makes_it_not():
    assert assess(complete_imhs(), "IMHS").status == "eligible"
    assert assess(complete_imhs(exams=[]), "IMHS").status == "not_eligible"
    assert assess(complete_imhs(membership={}), "IMHS").status == "not_eligible"
