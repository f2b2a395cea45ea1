"""Outputs: the printable rota calendar's data, iCalendar feeds and the monthly report.

Rules: published and worked shifts only, drafts when asked and marked; stable UIDs; times
with their zone. Every file is written whole or not at all. Depends on ``pay`` and below.
"""
