from __future__ import annotations

import pytest

from nongthonmoi import cli


def test_help_lists_the_sub_commands(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("units stats", "evaluate", "ocop stars", "funding allocate"):
        assert command in out


@pytest.mark.django_db
def test_units_stats_goes_through_django(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["units", "stats"]) == 0
    assert "2025 map:" in capsys.readouterr().out
