"""One settings object for the API and the CLI alike.

Built from `defaults.toml` (shipped in the package, commented), then the user's file, then
flags. `Settings.load()` is the only place settings are read.
"""
from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import SettingsError

USER_FILE = "tallies.toml"


def _defaults() -> dict[str, Any]:
    text = resources.files("tallies").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], top: dict[str, Any], where: str) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for section, values in top.items():
        if section not in out or not isinstance(values, dict):
            raise SettingsError(f"{where}: unknown settings section [{section}]")
        for key, value in values.items():
            if key not in out[section]:
                raise SettingsError(f"{where}: unknown setting {section}.{key}")
            default = out[section][key]
            if isinstance(default, bool) != isinstance(value, bool) or (
                isinstance(default, (int, float)) and not isinstance(value, (int, float))
            ) or (isinstance(default, (str, list)) and not isinstance(value, type(default))):
                raise SettingsError(
                    f"{where}: {section}.{key} should be like {default!r}, got {value!r}")
            out[section][key] = value
    return out


@dataclass(frozen=True)
class Settings:
    """Read-only settings: `settings.get("extract", "max_chars")` or `settings.extract[...]`."""

    data: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path | None = None,
             overrides: dict[str, dict[str, Any]] | None = None) -> "Settings":
        data = _defaults()
        if path is None and Path(USER_FILE).is_file():
            path = USER_FILE
        if path is not None:
            try:
                user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{path}: cannot read settings ({exc})") from None
            except tomllib.TOMLDecodeError as exc:
                raise SettingsError(f"{path}: not valid TOML ({exc})") from None
            data = _merge(data, user, str(path))
        if overrides:
            clean = {s: {k: v for k, v in kv.items() if v is not None}
                     for s, kv in overrides.items()}
            data = _merge(data, clean, "option")
        return cls(data)

    def get(self, section: str, key: str) -> Any:
        return self.data[section][key]

    def __getattr__(self, section: str) -> dict[str, Any]:
        try:
            return self.data[section]
        except KeyError:
            raise AttributeError(section) from None
