"""Export: every format downloads; personal data only when asked."""
import pytest

from tests.app.conftest import run_page

PAGE = "app_pages/export.py"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_export_on_empty_database(app_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception and at.info


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_export_on_demo_every_format(demo_db, lang):
    at = run_page(PAGE, lang=lang)
    assert not at.exception
    from weaving.interchange import ALL_FORMATS

    for fmt in ALL_FORMATS:
        if fmt == "png" and lang == "en":
            continue  # slow; covered in sv
        at.radio(key="export_fmt").set_value(fmt).run()
        at.button(key="export_prepare").click().run()
        assert not at.exception, fmt
        assert at.get("download_button"), fmt


def test_personal_data_warning(demo_db):
    at = run_page(PAGE)
    at.checkbox(key="export_personal").check().run()
    assert at.warning
