"""End-to-end tests of the small CLI commands against the embedded samples."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from screening.cli import main


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    empty_cache = tmp_path / "cache"

    def invoke(*args: str) -> click.testing.Result:
        return CliRunner().invoke(main, [*args, "--cache-dir", str(empty_cache)])

    return invoke


def test_lists_shows_every_sample_source(run) -> None:  # type: ignore[no-untyped-def]
    result = run("lists")
    assert result.exit_code == 0, result.output
    for source_id in ("us-ofac-sdn", "un-sc", "eu-fsf", "uk-ofsi"):
        assert source_id in result.output
    assert "samples" in result.output


def test_show_text_and_json(run) -> None:  # type: ignore[no-untyped-def]
    text = run("show", "us-ofac-sdn:29119")
    assert text.exit_code == 0, text.output
    assert "AL-KANI, Mohamed" in text.output and "GLOMAG" in text.output
    data = json.loads(run("show", "us-ofac-sdn:29119", "--json").stdout)
    assert data["id"] == "us-ofac-sdn:29119" and data["programs"] == ["GLOMAG"]
    missing = run("show", "us-ofac-sdn:0")
    assert missing.exit_code != 0 and "no designation" in missing.output


def test_match_explains_the_hit(run) -> None:  # type: ignore[no-untyped-def]
    result = run("match", "Muhammad Al Kani", "--json")
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert "us-ofac-sdn:29119" in {h["designation"] for h in hits}
    assert all("explanation" in h and h["scope"] for h in hits)


def test_a_library_error_is_one_line_and_a_failure(run) -> None:  # type: ignore[no-untyped-def]
    result = run("match", "   ")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: ")


def test_compare_and_formats() -> None:
    result = CliRunner().invoke(main, ["compare", "Moammar Gaddafi", "QADHAFI, Muammar"])
    assert result.exit_code == 0 and "variant" in result.output
    formats = CliRunner().invoke(main, ["formats"])
    assert "un-xml" in formats.output and "ofac-csv" in formats.output


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main))
def test_every_command_is_documented(name: str, command: click.Command) -> None:
    assert command.help, f"`screening {name}` has no help"
    if not isinstance(command, click.Group):
        assert "Example" in command.help, f"`screening {name} --help` shows no example"
