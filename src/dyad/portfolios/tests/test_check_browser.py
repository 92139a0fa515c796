"""Checking a portfolio file in a real browser, with the accessibility check."""

import json

import pytest

from dyad.standards.tests.builders import complete_imhs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_a_portfolio_and_read_the_plan(page, axe_check, tmp_path):
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(complete_imhs(exams=[])))
    page.goto("/eligibility/")
    axe_check(page)
    page.get_by_label("Portfolio file").set_input_files(str(path))
    page.get_by_label("Assess as of").fill("2026-06-30")
    page.get_by_role("button", name="Check eligibility").click()
    page.get_by_role("heading", name="Results for Test Person, as of 2026-06-30").wait_for()
    page.wait_for_function("document.activeElement.id === 'plan-heading'")  # focus follows
    imhs = page.locator(
        "article", has=page.get_by_role("heading", name="IMHS · Infant Mental Health Specialist")
    )
    assert "needs a pass in the IMHS exam" in imhs.inner_text()
    axe_check(page)


def test_a_bad_file_is_reported_by_pointer(page, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "dyad-portfolio/1", "person": {"name": "A"}, "training": 3}')
    page.goto("/eligibility/")
    page.get_by_label("Portfolio file").set_input_files(str(path))
    page.get_by_role("button", name="Check eligibility").click()
    error = page.locator("#id_portfolio-errors")
    error.wait_for()
    assert "/training: must be an array" in error.inner_text()


def test_a_spanish_reader_on_a_phone_reads_the_findings_in_spanish(
    page, axe_check, tmp_path, live_server
):
    from dyad.testing.browser import ARTIFACTS

    path = tmp_path / "ana.json"
    path.write_text(json.dumps(complete_imhs(exams=[])))
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    page.goto("/eligibility/")
    page.get_by_label("Archivo de portafolio").set_input_files(str(path))
    page.get_by_label("Evaluar a la fecha").fill("2026-06-30")
    page.get_by_role("button", name="Revisar elegibilidad").click()
    imhs = page.locator("article", has=page.get_by_role("heading", name="IMHS ·"))
    imhs.wait_for()
    text = imhs.inner_text()
    assert "Examen: se necesita aprobar el examen IMHS" in text
    imhs.locator("summary").click()
    assert "RS/C recibida" in imhs.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "eligibility-es-phone.png"), full_page=False)
    axe_check(page)
