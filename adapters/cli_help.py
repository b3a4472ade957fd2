"""How the command line's help names values: ``--host HOST``, ``--type SCO|SUP|PRO``,
flags alone; never the Python type that Typer prints by default (``<bool>``,
``<str>``), which means nothing to the staff who run the service."""

from __future__ import annotations

from typing import Any

import click
from typer import core

from adapters.persistence.settings import Settings

PYTHON_TYPES = frozenset({"bool", "str", "int", "float", "UUID", "Path", "datetime"})


def value_name(param: Any, ctx: click.Context) -> str | None:
    """The name a value is shown with in help: none for a flag or an argument
    (whose name says it), the choices of a choice, else the option's METAVAR."""
    if isinstance(param, core.TyperArgument) or getattr(param, "is_flag", False):
        return None
    if param.metavar is not None:
        return str(param.metavar)
    shown = str(param.display_type(ctx)).strip("<>")
    if shown.removesuffix(" range") in PYTHON_TYPES:
        return str(param.name).upper()
    return shown


def install() -> None:
    """Typer builds its parameters itself, so the help is changed on its classes."""
    for kind in (core.TyperArgument, core.TyperOption):
        setattr(kind, "display_type_rich", value_name)  # noqa: B010


def settings_epilog() -> str:
    """Every setting with its default, as `serve --help` shows them."""
    lines = ["Settings (environment variables or a .env file in the current folder):"]
    for name, field in Settings.model_fields.items():
        default = "unset" if field.default in (None, "") else str(field.default)
        lines.append(f"CERTIF_{name.upper()} (default: {default})")
    return "\b\n" + "\n".join(lines)
