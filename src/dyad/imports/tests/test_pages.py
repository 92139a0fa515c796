"""The import pages: upload -> dry run -> confirm, the history, the templates, hostile files,
and who may see them (every role of both associations, applicants, the Alliance, anonymous)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.imports import services
from dyad.imports.models import Import
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

from .helpers import as_csv, as_xlsx, endorsee

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]


@pytest.fixture
def coordinator(client, alpha):
    client.force_login(alpha["coordinator"])
    return client


def index(slug="alpha"):
    return reverse("imports:index", kwargs={"slug": slug})


def post_file(client, data, name="endorsees.csv", kind="endorsees", slug="alpha"):
    return client.post(index(slug), {"kind": kind, "file": SimpleUploadedFile(name, data)})


def endorsements():
    with scopes_disabled():
        return Endorsement.objects.count()


def test_the_empty_state_invites_a_first_upload(coordinator):
    html = coordinator.get(index()).content.decode()
    assert "No import yet" in html
    assert "Check the file (dry run)" in html


def test_upload_dry_run_then_confirm(coordinator):
    response = post_file(coordinator, as_csv([endorsee(1), endorsee(2)]))
    assert response.status_code == 302
    page = coordinator.get(response.url).content.decode()
    assert "Dry run: nothing is saved yet" in page
    assert "Would be created (2)" in page
    assert endorsements() == 0
    imp_id = int(response.url.rstrip("/").rsplit("/", 1)[-1])
    confirm = reverse("imports:confirm", kwargs={"slug": "alpha", "pk": imp_id})
    for _ in range(2):  # a double click confirms once
        coordinator.post(confirm)
    assert endorsements() == 2
    done = coordinator.get(response.url).content.decode()
    assert "2 created, 0 updated, 0 left alone." in done
    history = coordinator.get(index()).content.decode()
    assert "endorsees.csv" in history and "done" in history


def test_a_bad_row_is_named_on_the_page_and_nothing_can_be_confirmed(coordinator):
    response = post_file(coordinator, as_csv([endorsee(1), endorsee(2, category="XYZ")]))
    page = coordinator.get(response.url).content.decode()
    assert "1 row is in error: nothing will be saved" in page
    assert '<td data-label="Row">3</td>' in page
    assert "“XYZ” is not a category" in page
    assert "Confirm" not in page


def test_cancelling_a_dry_run_saves_nothing(coordinator):
    response = post_file(coordinator, as_csv([endorsee(1)]))
    imp_id = int(response.url.rstrip("/").rsplit("/", 1)[-1])
    coordinator.post(reverse("imports:cancel", kwargs={"slug": "alpha", "pk": imp_id}))
    coordinator.post(reverse("imports:confirm", kwargs={"slug": "alpha", "pk": imp_id}))
    assert endorsements() == 0


def bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("xl/workbook.xml", b"\0" * 50_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("people.csv", b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "neither a CSV text file nor an Excel"),
        ("people.xlsx", b"PK\x03\x04 not really a zip", "neither a CSV text file nor an Excel"),
        ("people.xlsx", bomb(), "ZIP bomb"),
        ("people.csv", b"", "The submitted file is empty."),
        ("people.csv", b"number;name\r\n1;Ana\r\n", "has no column category, granted, expires"),
    ],
    ids=["png", "fake-zip", "bomb", "empty", "missing-columns"],
)
def test_hostile_or_wrong_files_get_a_clear_message_next_to_the_field(
    coordinator, name, data, message
):
    response = post_file(coordinator, data, name=name)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file-errors"' in html
    assert message in html
    with scopes_disabled():
        assert Import.objects.count() == 0


def test_a_file_past_the_size_limit_is_dropped_as_it_arrives(coordinator, settings):
    from dyad.imports import reading, views

    original = views.MAX_BYTES
    views.MAX_BYTES = 1000
    try:
        response = post_file(coordinator, as_csv([endorsee(n) for n in range(50)]))
    finally:
        views.MAX_BYTES = original
    assert response.status_code == 400
    assert "larger than 20 MB" in response.content.decode()
    assert reading.MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("endorsees", "csv"), ("endorsees", "xlsx"), ("membership", "csv"), ("membership", "xlsx")],
)
def test_the_templates_download_and_import_cleanly(coordinator, alpha, kind, fmt):
    response = coordinator.get(
        reverse("imports:template", kwargs={"slug": "alpha", "kind": kind, "fmt": fmt})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="dyad-{kind}-template.{fmt}"'
    rows = services.read_rows(kind, response.content)
    assert rows and rows[0]["_row"] == 2


def test_the_xlsx_upload_reads_as_the_csv_one(coordinator):
    rows = [endorsee(1), endorsee(2)]
    by_csv = post_file(coordinator, as_csv(rows))
    by_xlsx = post_file(coordinator, as_xlsx(rows), name="e.xlsx")
    with scopes_disabled():
        first, second = (
            Import.objects.get(pk=int(r.url.rstrip("/").rsplit("/", 1)[-1]))
            for r in (by_csv, by_xlsx)
        )
    assert first.report["steps"] == second.report["steps"]


def test_the_history_costs_the_same_queries_at_any_length(
    coordinator, alpha, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            services.start_import(
                association=alpha["association"],
                actor=alpha["coordinator"],
                kind="endorsees",
                file_name=f"f{i}.csv",
                data=as_csv([endorsee(i)]),
            )

    add(2)
    with django_assert_max_num_queries(12):
        assert coordinator.get(index()).status_code == 200
    add(30)
    with django_assert_max_num_queries(12):
        assert coordinator.get(index()).status_code == 200


PAGES = ["index", "upload", "detail", "template", "confirm", "cancel"]


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
@pytest.mark.parametrize("page", PAGES)
def test_only_the_associations_coordinators_reach_its_imports(
    client, two_associations, who, role, page
):
    alpha = two_associations["alpha"]
    imp = services.start_import(
        association=alpha["association"],
        actor=alpha["coordinator"],
        kind="endorsees",
        file_name="e.csv",
        data=as_csv([endorsee(1)]),
    )
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    if page == "upload":
        response = post_file(client, as_csv([endorsee(2)]))
        allowed = who == "alpha" and role == "coordinator"
        assert response.status_code == (302 if allowed else 404)
        with scopes_disabled():
            assert Import.objects.count() == (2 if allowed else 1)
        return
    args = {"slug": "alpha"}
    if page in ("detail", "confirm", "cancel"):
        args["pk"] = imp.pk
    if page == "template":
        args.update(kind="endorsees", fmt="csv")
    url = reverse(f"imports:{page}", kwargs=args)
    response = client.post(url) if page in ("confirm", "cancel") else client.get(url)
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (
        (302 if page in ("confirm", "cancel") else 200) if allowed else 404
    )
    imp.refresh_from_db()
    if not allowed:
        assert imp.state == Import.State.PREVIEWED
        assert endorsements() == 0


def test_another_associations_import_is_404_from_your_own_pages(client, two_associations):
    beta = two_associations["beta"]
    imp = services.start_import(
        association=beta["association"],
        actor=beta["coordinator"],
        kind="endorsees",
        file_name="e.csv",
        data=as_csv([endorsee(1)]),
    )
    client.force_login(two_associations["alpha"]["coordinator"])
    for name in ("detail", "confirm"):
        url = reverse(f"imports:{name}", kwargs={"slug": "alpha", "pk": imp.pk})
        assert (client.post(url) if name == "confirm" else client.get(url)).status_code == 404
    assert "e.csv" not in client.get(index()).content.decode()
