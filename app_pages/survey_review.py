"""Granska svar: each respondent's proposals against the current map; nothing changes
the map until it is accepted here (thin page: helpers in weaving.ui.survey_review)."""
from weaving.ui.common import page_start
from weaving.ui.mapchoice import maps_or_stop
from weaving.ui.survey_review import choose_round, review

page_start("survey.review.title", "survey.review.intro")
map_id = maps_or_stop(multi=False, key="review_map")[0]

review(choose_round(map_id))
