"""Pay: fees, pay lines, pay runs, the page log, rest days and the payroll workbook.

Rules: money in integer minor units; a fee is split by out-of-hours minutes held, largest
remainder, so the parts add up to the fee exactly; pay month = the month the slot ends
(home time); a holiday supplement is a line of its own; a closed pay run never changes
(later corrections become adjustments in the next open run). Night pages (00:00–07:00 in
the responder's zone) entitle rest. Depends on ``rota``, ``people`` and ``core``.
"""
