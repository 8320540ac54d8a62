"""Svar: a survey's answer form, opened with a personal link (no login, no navigation;
app.py shows this page alone whenever the URL carries a token)."""
from weaving.ui.survey_answer import answer_page

answer_page()
