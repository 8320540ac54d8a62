"""Enkät: self-report survey rounds for a map: personal links for its actors, who has
answered, withdrawing and re-issuing links (thin page: helpers in weaving.ui.survey)."""
from weaving.ui.common import page_start
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.survey import issued_links, new_round_form, rounds_section

page_start("survey.page.title", "survey.page.intro")
map_id = maps_or_stop(multi=False, key="survey_map")[0]

issued_links()
new_round_form(map_id)
rounds_section(map_id)
