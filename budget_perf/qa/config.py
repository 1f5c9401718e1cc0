"""QA thresholds and vocabularies: the packaged config.toml, with a user's file merged over it.

A user's file needs only the values it changes (`[satisfaction] minimum_percent = 90`); a
section or key the defaults do not know is refused, so a typo cannot silently do nothing.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

# Sections whose keys are names chosen by the user (new 一级指标 and their 二级, form families),
# not settings.
OPEN_SECTIONS = {"level2_parent", "families"}


class ConfigError(ValueError):
    """A --qa-config file that cannot be used; the message names the file and the fix."""


def defaults() -> dict[str, Any]:
    with resources.files("budget_perf.qa").joinpath("config.toml").open("rb") as fh:
        return tomllib.load(fh)


def ocr_min_confidence(config: dict[str, Any]) -> float:
    """The one OCR threshold (`[ocr] min_confidence`): a reading below it is noted by the reader
    (extract/ocr/doubt.py); pass it to a conversion as ReadOptions.min_confidence."""
    return float(config["ocr"]["min_confidence"])


def load(path: Path | None = None) -> dict[str, Any]:
    config = defaults()
    if path is None:
        return config
    try:
        with path.open("rb") as fh:
            user = tomllib.load(fh)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the QA config ({e.strerror or e})") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from e
    return merge(config, user, str(path))


def merge(base: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, values in user.items():
        if section not in base:
            raise ConfigError(f"{where}: unknown section [{section}]; known: {', '.join(sorted(base))}")
        if not isinstance(values, dict):
            raise ConfigError(f"{where}: [{section}] must be a table of settings")
        for key, value in values.items():
            default = base[section].get(key)
            if key not in base[section] and section not in OPEN_SECTIONS:
                known = ", ".join(sorted(base[section]))
                raise ConfigError(f"{where}: unknown setting {section}.{key}; known: {known}")
            if default is not None and not _same_kind(default, value):
                kind = type(default).__name__
                raise ConfigError(f"{where}: {section}.{key} must be {kind} like the default {default!r}")
            out[section][key] = value
    return out


def for_document(config: dict[str, Any], titles: list[str]) -> tuple[dict[str, Any], str | None]:
    """The rule set for a document: a form family whose `match` patterns find one of its table
    titles has its own settings merged over the others (templates differ between the national
    and the provincial ones); else the config as it is."""
    for name, family in (config.get("families") or {}).items():
        patterns = family.get("match", [])
        if any(re.search(p, t or "") for p in patterns for t in titles):
            overrides = {k: v for k, v in family.items() if k != "match"}
            return merge(config, overrides, f"form family {name}"), name
    return config, None


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def base_name(name: str | None) -> str:
    """'社会效益指标' and '社会效益' name the same thing."""
    name = (name or "").strip()
    return name[:-2] if name.endswith("指标") else name
