"""Hypothesis profiles: bounded everywhere, and reproducible (derandomized) on CI."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# deadline=None: timings on a loaded two-core CI runner say nothing about correctness.
settings.register_profile("default", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True,
                          database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI")
                                                               else "default"))
