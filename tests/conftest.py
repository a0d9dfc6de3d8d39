"""Suite-wide: the tests run the same under a CI runner (which sets CI=true) as on a
developer's machine; a test that wants CI behaviour sets CI itself."""

from __future__ import annotations

import pytest
from _repo import CI_MARKERS


@pytest.fixture(autouse=True)
def _not_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_MARKERS:
        monkeypatch.delenv(name, raising=False)
