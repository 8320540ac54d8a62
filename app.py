"""weaving: Streamlit entry point (``streamlit run app.py``)."""
import streamlit as st

from weaving.ui.common import language_selector, tr

st.set_page_config(page_title="weaving", page_icon="🕸️", layout="wide")
language_selector()

pages = [
    st.Page("pages/overview.py", title=tr("ui.nav.overview"), icon="🏠", default=True, url_path="overview"),
]
st.navigation(pages).run()
