"""On-call Tour Planner: the domain and its persistence, in bounded packages.

Dependencies run one way (checked by import-linter in ``make test``):
``demo → outputs → pay → rota → people → core``. Nothing here imports Qt or ``ui``;
the desktop app and the command line (``ui/``) call these services.
"""

__version__ = "0.1.0"
