"""Printing with QPainter: the rota calendar and the monthly report, to a printer or a PDF."""
