"""Where the package finds its own data (the registry and the embedded samples).

In a wheel the repository's ``lists/`` folder is shipped as
``screening/_lists``; in a source checkout or editable install it is read from
the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def lists_dir() -> Path:
    """The folder holding ``sources.toml`` and ``samples/``."""
    shipped = _PACKAGE / "_lists"
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / "lists"


def registry_path() -> Path:
    return lists_dir() / "sources.toml"


def samples_dir() -> Path:
    return lists_dir() / "samples"


def sample_files() -> list[Path]:
    """The embedded sample list files, one folder per source under ``samples/``.

    Notes kept beside them (``README.md``) and hidden files are not list files.
    """
    return sorted(
        path
        for path in samples_dir().rglob("*")
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() != ".md"
    )
