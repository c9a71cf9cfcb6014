"""Test-wide settings: the Hypothesis profiles, and private cache/state/config folders.

`ci` (the default) keeps the property tests to a bounded number of cases so the suite stays
quick; `long` runs many more, for a hunt before a release:

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/index/test_parser_properties.py

Tests that want to follow the profile do not set `max_examples` themselves.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,  # file system and parse times vary on shared CI machines
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,  # a failure prints the @reproduce_failure line to replay it
)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _private_cache_and_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own cache, state, config and data folders: tests never read or fill
    the user's (a developer's own keys.toml must not change what the tests press, nor their
    notes store what a list shows)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
