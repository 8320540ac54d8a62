"""weaving: Streamlit entry point (``streamlit run app.py``).

The pages live in ``app_pages/``, NOT ``pages/``: Streamlit treats a ``pages/`` folder
next to the entry script as the old automatic multipage app and, for a session that
opens a deep link (e.g. /map) first, runs that page file directly without this
script (no language selector, no navigation titles, no wide layout)."""
from pathlib import Path

import streamlit as st

from weaving.ui.auth import login_gate, logout_button
from weaving.ui.common import language_selector, tr
from weaving.ui.mapchoice import nav_params
from weaving.ui.survey_answer import ANSWER_PAGE, answer_mode

FAVICON = Path(__file__).parent / "weaving" / "ui" / "static" / "favicon.png"  # local: no icon font from outside
st.set_page_config(page_title="weaving", page_icon=str(FAVICON), layout="wide")
if answer_mode():  # a survey's personal link: the answer page alone (at /answer, or / as the default), no login, no navigation
    st.navigation([st.Page(ANSWER_PAGE, title=tr("survey.answer.nav"), url_path="answer"),
                   st.Page(ANSWER_PAGE, title=tr("survey.answer.nav"), url_path="answer-start", default=True)],
                  position="hidden").run()
    st.stop()
nav_box = st.sidebar.container()  # the navigation links go first in the sidebar, filled below
language_selector()
if not login_gate():  # only when WEAVING_AUTH is set and nobody is signed in
    st.stop()
logout_button()

pages = [
    st.Page("app_pages/overview.py", title=tr("ui.nav.overview"), icon=":material/home:", default=True),
    st.Page("app_pages/draw.py", title=tr("page.nav.draw"), icon=":material/edit:", url_path="draw"),
    st.Page("app_pages/import_data.py", title=tr("imp.nav"), icon=":material/upload_file:", url_path="import"),
    st.Page("app_pages/actors.py", title=tr("page.nav.actors"), icon=":material/table_view:", url_path="actors"),
    st.Page("app_pages/map.py", title=tr("page.nav.map"), icon=":material/hub:", url_path="map"),
    st.Page("app_pages/analysis.py", title=tr("page.nav.analysis"), icon=":material/insights:", url_path="analysis"),
    st.Page("app_pages/introductions.py", title=tr("page.nav.introductions"), icon=":material/handshake:", url_path="introductions"),
    st.Page("app_pages/progress.py", title=tr("prog.nav.title"), icon=":material/trending_up:", url_path="progress"),
    st.Page("app_pages/survey.py", title=tr("survey.nav"), icon=":material/forum:", url_path="survey"),
    st.Page("app_pages/survey_review.py", title=tr("survey.review.nav"), icon=":material/fact_check:", url_path="survey-review"),
    st.Page("app_pages/export.py", title=tr("page.nav.export"), icon=":material/inventory_2:", url_path="export"),
]
# our own navigation links, so the chosen map(s) travel with them (?map=...): Streamlit's
# built-in menu drops query parameters, and a copied link must open the same view
current = st.navigation(pages, position="hidden")
params = nav_params()
with nav_box:
    for page in pages:
        st.page_link(page, query_params=params)
    st.divider()
current.run()
