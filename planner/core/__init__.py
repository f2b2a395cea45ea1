"""Core: what every other package stands on.

Time (``out_of_hours``: out-of-hours intervals and slots from local wall-clock handovers,
instants stored in UTC), money (integer minor units, largest-remainder splits), the data
model (``models``), the database (``db``: Alembic alone creates the schema, upgrade on open
after a backup, one write transaction at a time), settings, the home site and the audit log;
and the values parsed once where text enters (``month.Month``, ``dates.check_year``).
Imports nothing else from ``planner``.
"""
