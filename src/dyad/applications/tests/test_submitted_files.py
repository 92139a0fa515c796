"""The files a portfolio held are frozen with the application (what each is and the SHA-256 of
its content), and the association's coordinators and assigned reviewers open them through the
application, and only while each is still the file submitted."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications import reviewing
from dyad.portfolios.models import Education
from dyad.portfolios.transcript_services import add_transcript, remove_transcript
from dyad.portfolios.transcripts import sample_pdf
from dyad.testing.factories import make_staff, make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor
from dyad.testing.portfolios import nearly_ifs

from .conftest import submit_ifs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"


@pytest.fixture
def case(two_associations):
    alpha = two_associations["alpha"]
    applicant = make_user(display_name="Ana Applicant")
    nearly_ifs(applicant, rsc_hours=30)
    degree = Education.objects.get(owner=applicant)
    data = sample_pdf("Transcript of Ana")
    transcript = add_transcript(
        education=degree, name="Transcript.pdf", data=data, actor=applicant, key=uuid.uuid4()
    )
    application = submit_ifs(alpha["association"], alpha["coordinator"], applicant)
    reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    url = reverse(
        "pipeline:submitted_file", args=["alpha", application.pk, f"transcript:{transcript.pk}"]
    )
    return {"application": application, "transcript": transcript, "data": data, "url": url}


def test_the_snapshot_freezes_each_file_with_its_hash(case):
    with scopes_disabled():
        [frozen] = case["application"].snapshots.get().uploads
    assert frozen["name"] == "Transcript.pdf"
    assert frozen["sha256"] == hashlib.sha256(case["data"]).hexdigest()
    assert frozen["education"].startswith("education:")


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alphas_coordinator_and_the_assigned_reviewer_open_the_file(
    client, two_associations, case, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(case["url"])
    if (who, role) in {("alpha", "coordinator"), ("alpha", "reviewer")}:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == case["data"]
        assert response["Content-Disposition"].startswith("attachment;")
    else:
        assert response.status_code == 404


def test_a_reviewer_not_assigned_cannot_open_it(client, two_associations, case):
    client.force_login(make_staff(two_associations["alpha"]["association"], "reviewer"))
    assert client.get(case["url"]).status_code == 404


def test_a_file_removed_after_submission_is_gone_for_staff_too(
    client, two_associations, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remove_transcript(transcript=case["transcript"], actor=case["application"].applicant)
    client.force_login(two_associations["alpha"]["coordinator"])
    assert client.get(case["url"]).status_code == 404
    page = reverse("pipeline:application", args=["alpha", case["application"].pk])
    assert "Transcript.pdf" in client.get(page).content.decode()  # still listed as submitted
