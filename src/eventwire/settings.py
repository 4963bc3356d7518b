"""One frozen settings object for the whole pipeline, read from the shipped settings file.

    from eventwire.settings import Settings
    settings = Settings.load()                            # resources/settings.toml
    settings.events.role_threshold                        # 0.25
    stricter = settings.replace("events", role_threshold=0.4)   # a variant; the original is unchanged
    Pipeline(settings=stricter)

Every tunable number and switch lives in ``resources/settings.toml`` (one section per stage, each
key with a comment saying how it was chosen); nothing has a second default in code. ``Pipeline``
passes its ``Settings`` down to each component, so training can score variants side by side
instead of editing a global. Values are read-only: tables become read-only mappings, arrays
tuples.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping, Optional

from .errors import DataError, Errors, UsageError

SETTINGS_FILE = Path(__file__).resolve().parent / "resources" / "settings.toml"


def frozen(value: Any) -> Any:
    """Tables as read-only mappings, arrays as tuples (settings and lexicon values)."""
    if isinstance(value, dict):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


class Section(Mapping[str, Any]):
    """The settings of one stage: read by attribute (``s.role_threshold``) or key."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: Mapping[str, Any]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", MappingProxyType({k: frozen(v) for k, v in values.items()}))

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no setting '{key}' in section [{self._name}]") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("settings are read-only: use Settings.replace(...)")

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._name!r}, {dict(self._values)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Section) and self._name == other._name and dict(self._values) == dict(other._values)

    def __hash__(self) -> int:
        return hash((self._name, tuple(sorted(self._values))))


class Settings:
    """All sections of the settings file; immutable, compared by value."""

    __slots__ = ("_sections", "source")

    def __init__(self, sections: Mapping[str, Mapping[str, Any]], source: Optional[Path] = None):
        object.__setattr__(self, "_sections", MappingProxyType(
            {name: values if isinstance(values, Section) else Section(name, values)
             for name, values in sections.items()}))
        object.__setattr__(self, "source", source)

    @classmethod
    def load(cls, path: Optional[Path | str] = None) -> "Settings":
        """The settings in ``path`` (default: the shipped file); a missing or unreadable file is
        a catalogued error (exit 5), never a silent default."""
        if path is None:
            return _shipped()
        return _read(Path(path))

    def __getattr__(self, name: str) -> Section:
        try:
            return self._sections[name]
        except KeyError:
            raise AttributeError(f"no settings section [{name}]") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("settings are read-only: use Settings.replace(...)")

    def section(self, name: str) -> Section:
        return getattr(self, name)

    @property
    def sections(self) -> Mapping[str, Section]:
        return self._sections

    def replace(self, section: str, **changes: Any) -> "Settings":
        """A copy with some values of one section changed; unknown names are refused, so a typo
        cannot silently leave the shipped value in force."""
        current = self.section(section)
        unknown = sorted(set(changes) - set(current))
        if unknown:
            raise UsageError(Errors.E201.format(value=", ".join(unknown), what=f"setting of [{section}]",
                                                hint="known: " + ", ".join(sorted(current))))
        merged = {**dict(current._values), **changes}
        return Settings({**dict(self._sections), section: Section(section, merged)}, self.source)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        def plain(v):
            if isinstance(v, Mapping):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, tuple):
                return [plain(x) for x in v]
            return v
        return {name: plain(sec) for name, sec in self._sections.items()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._sections)))

    def __repr__(self) -> str:
        return f"Settings({self.to_dict()!r})"


def _read(path: Path) -> Settings:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as e:
        raise DataError(Errors.E503.format(what="settings file", path=path)) from e
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise DataError(Errors.E504.format(what="settings file", path=path, detail=e)) from e
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    loose = sorted(k for k in data if k not in tables)
    if loose:
        raise DataError(Errors.E504.format(what="settings file", path=path,
                                           detail=f"keys outside a [section]: {', '.join(loose)}"))
    return Settings(tables, path)


@lru_cache(maxsize=1)
def _shipped() -> Settings:
    return _read(SETTINGS_FILE)
