"""Rota: slots, eligibility, allocation, publishing, covers and swaps, fairness.

Rules: every out-of-hours minute of the home site lies in exactly one slot per rotation;
allocation is an exact MILP (HiGHS) with hard rules (role, site, windows, inside a tour,
not unavailable, one rotation a week, the gap rule, published and past shifts fixed) and
soft tiers in PRODUCT.md's order. Depends on ``people`` and ``core``.
"""
