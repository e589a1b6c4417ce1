"""How many examples a hypothesis property tries, by profile (HYPOTHESIS_PROFILE, registered
in tests/conftest.py): the count written in the test under hypothesis's `default` and `ci`
(what `python -m pytest` and CI run), ten times as many under `thorough`, for a longer hunt
before a release or after a change to what a property covers."""

from __future__ import annotations

from hypothesis import settings

SCALE = {"thorough": 10}


def examples(n: int) -> int:
    """`n` examples, or more under a deeper profile."""
    return n * SCALE.get(settings.get_current_profile_name(), 1)
