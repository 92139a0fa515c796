"""Nobody sees, downloads, adds to or removes another person's transcripts, whatever their role
(staff of any association and the Alliance administrator included: staff will see files only
through an application); anonymous visitors are sent to sign in. And the files page costs the
same few queries with 2 files or 20."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dyad.portfolios import services
from dyad.portfolios.models import Transcript
from dyad.portfolios.transcript_services import add_transcript
from dyad.portfolios.transcripts import sample_pdf
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

SECRET = "Owner-only-secret"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"


def fill(person, label: str = SECRET):
    degree = services.add_education(
        owner=person, actor=person, level="bachelor", completed=date(2019, 6, 1), field=label
    )
    row = add_transcript(
        education=degree, name=f"{label}.pdf", data=sample_pdf(label), actor=person
    )
    return degree, row


def every_url(degree, row) -> list[tuple[str, str]]:
    files = reverse("portfolios:transcripts", args=[degree.pk])
    download = reverse("portfolios:download_transcript", args=[degree.pk, row.pk])
    remove = reverse("portfolios:remove_transcript", args=[degree.pk, row.pk])
    return [
        ("get", files),
        ("post", files),
        ("get", download),
        ("get", remove),
        ("post", remove),
    ]


def a_file(name: str = "new.pdf"):
    return SimpleUploadedFile(name, sample_pdf("new"), content_type="application/pdf")


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_sees_or_changes_anothers_transcripts(client, two_associations, who, role):
    owner = make_user(display_name="The owner")
    degree, row = fill(owner)
    user = visitor(two_associations, who, role)
    if user is None:
        for method, url in every_url(degree, row):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url)
            assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"
    else:
        mine, my_row = fill(user, "Mine")
        client.force_login(user)
        for method, url in every_url(degree, row):
            data = {"file": a_file()} if method == "post" else {}
            assert getattr(client, method)(url, data).status_code == 404, (method, url)
        # another person's file under one's own entry is not found either
        crossed = reverse("portfolios:download_transcript", args=[mine.pk, row.pk])
        assert client.get(crossed).status_code == 404
        crossed = reverse("portfolios:remove_transcript", args=[mine.pk, row.pk])
        assert client.post(crossed).status_code == 404
        # their own open, and never show the owner's
        page = client.get(reverse("portfolios:transcripts", args=[mine.pk])).content.decode()
        assert "Mine.pdf" in page
        assert SECRET not in page
        url = reverse("portfolios:download_transcript", args=[mine.pk, my_row.pk])
        assert b"".join(client.get(url).streaming_content) == sample_pdf("Mine")
    # Everything of the owner is as it was.
    assert list(Transcript.objects.filter(owner=owner)) == [row]
    assert row.file.storage.exists(row.file.name)


def test_an_upload_to_anothers_entry_is_refused_before_the_file_is_read(client):
    """The entry is looked up first: the body of a request for someone else's entry is not
    even parsed, so no byte of it is written anywhere."""
    owner, other = make_user(), make_user()
    degree, _row = fill(owner)
    client.force_login(other)
    url = reverse("portfolios:transcripts", args=[degree.pk])
    response = client.post(url, {"file": a_file()})
    assert response.status_code == 404
    assert Transcript.objects.count() == 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_files_page_costs_the_same_queries_at_two_and_twenty_files(
    client, django_assert_max_num_queries, size
):
    person = make_user()
    degree = services.add_education(
        owner=person, actor=person, level="bachelor", completed=date(2019, 6, 1)
    )
    for i in range(size):
        add_transcript(education=degree, name=f"file {i}.pdf", data=sample_pdf(str(i)))
    client.force_login(person)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("portfolios:transcripts", args=[degree.pk]))
    assert response.content.decode().count("file ") >= size
