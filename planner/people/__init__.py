"""People: volunteers, intake from a form export, tours and their staggering.

Rules: a volunteer's email is unique; tours never overlap and end exclusively (the day
before the end is the last day); intake writes every row or none; the tour planner keeps
each rotation's team inside its band, at most N joining and N leaving a month, and K
experienced members on the team. Depends on ``core`` only.
"""
