"""Typed settings from TOML: frozen dataclasses validated against their type hints.

A small replacement for pydantic on the start-up path (importing pydantic costs ~50–120 ms
here, more than a whole check): unknown keys, wrong types and out-of-range values are
collected, each as ``file: key.path: message``, and raised together.

Constraints live in field metadata: ``min``, ``max``, ``pattern``, ``min_length``.
A dataclass may define ``validate(self) -> list[str]`` for rules across fields.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import types
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


class SettingsError(Exception):
    """Invalid settings; ``errors`` lists one message per problem, each naming its key."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of the fields a file may set (``internal`` ones are not read)."""
    if cls not in _HINTS:
        module = sys.modules[cls.__module__].__dict__
        _HINTS[cls] = {
            # The annotations are strings (PEP 563); they name only the module's own types.
            f.name: eval(f.type, dict(module)) if isinstance(f.type, str) else f.type
            for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")
        }
    return _HINTS[cls]


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in get_args(tp))
    if origin is list:
        return f"a list of {_describe(get_args(tp)[0])}"
    if dataclasses.is_dataclass(tp):
        return "a table"
    return {
        str: "a string",
        int: "an integer",
        bool: "true or false",
        float: "a number",
        type(None): "nothing",
    }.get(tp, str(tp))


def _convert(value: Any, tp: Any, key: str, errors: list[str]) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if value is None and type(None) in options:
            return None
        present = [option for option in options if option is not type(None)]
        if len(present) == 1 and dataclasses.is_dataclass(present[0]) and isinstance(value, Mapping):
            return _convert(value, present[0], key, errors)  # a table | None: its own errors, with their keys
        for option in options:
            if option is type(None):
                continue
            trial: list[str] = []
            converted = _convert(value, option, key, trial)
            if not trial:
                return converted
        errors.append(f"{key}: expected {_describe(tp)}, got {value!r}")
        return None
    if origin is Literal:
        if value not in get_args(tp):
            errors.append(f"{key}: {value!r} is not allowed; expected {_describe(tp)}")
        return value
    if origin is list:
        if not isinstance(value, list):
            errors.append(f"{key}: expected {_describe(tp)}, got {value!r}")
            return []
        (inner,) = get_args(tp)
        return [_convert(v, inner, f"{key}.{i}", errors) for i, v in enumerate(value)]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, Mapping):
            errors.append(f"{key}: expected a table, got {value!r}")
            return None
        return _build(tp, value, key, errors)
    if tp is bool:
        if not isinstance(value, bool):
            errors.append(f"{key}: expected true or false, got {value!r}")
        return value
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{key}: expected an integer, got {value!r}")
        return value
    if tp is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{key}: expected a number, got {value!r}")
        return value
    if tp is str:
        if not isinstance(value, str):
            errors.append(f"{key}: expected a string, got {value!r}")
        return value
    return value


def _check_constraints(value: Any, meta: Mapping[str, Any], key: str, errors: list[str]) -> None:
    if value is None:
        return
    if "min" in meta and isinstance(value, (int, float)) and value < meta["min"]:
        errors.append(f"{key}: must be at least {meta['min']}, got {value!r}")
    if "max" in meta and isinstance(value, (int, float)) and value > meta["max"]:
        errors.append(f"{key}: must be at most {meta['max']}, got {value!r}")
    if "pattern" in meta and isinstance(value, str) and not re.fullmatch(meta["pattern"], value):
        errors.append(f"{key}: {value!r} does not match {meta['pattern']}")
    if "min_length" in meta and isinstance(value, (str, list)) and len(value) < meta["min_length"]:
        errors.append(f"{key}: must have at least {meta['min_length']} element(s)")


def _build(cls: type[T], raw: Mapping[str, Any], prefix: str, errors: list[str]) -> T:
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    start = len(errors)
    for name in raw:
        if name not in fields:
            where = f"{prefix}.{name}" if prefix else name
            errors.append(f"{where}: unknown key; allowed: {', '.join(fields)}")
    for name, f in fields.items():
        key = f"{prefix}.{name}" if prefix else name
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                errors.append(f"{key}: required key is missing")
            continue
        before = len(errors)
        value = _convert(raw[name], hints[name], key, errors)
        if len(errors) == before:
            _check_constraints(value, f.metadata, key, errors)
        kwargs[name] = value
    if len(errors) > start:
        return None  # type: ignore[return-value]  # nothing half-valid; the caller raises
    obj = cls(**kwargs)
    validate = getattr(obj, "validate", None)
    if callable(validate):
        errors.extend(f"{prefix}: {m}" if prefix else m for m in validate())
    return obj


def load_settings(cls: type[T], raw: Mapping[str, Any], source: str) -> T:
    """Build ``cls`` from ``raw`` (parsed TOML) or raise SettingsError naming ``source`` and keys."""
    errors: list[str] = []
    obj = _build(cls, raw, "", errors)
    if errors or obj is None:
        raise SettingsError([f"{source}: {e}" for e in errors] or [f"{source}: invalid"])
    return obj


def positive(minimum: int = 0, maximum: int | None = None) -> dict[str, Any]:
    """Field metadata for a bounded integer."""
    return {"min": minimum} | ({"max": maximum} if maximum is not None else {})


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs) for a in get_args(tp)]}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin is list:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs)}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {
        str: {"type": "string"},
        int: {"type": "integer"},
        bool: {"type": "boolean"},
        float: {"type": "number"},
        type(None): {"type": "null"},
    }.get(tp, {})


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        schema = _type_schema(hints[f.name], defs)
        meta = f.metadata
        target = schema if "type" in schema else None
        if target is not None:
            if "min" in meta:
                target["minimum"] = meta["min"]
            if "max" in meta:
                target["maximum"] = meta["max"]
            if "pattern" in meta:
                target["pattern"] = f"^(?:{meta['pattern']})$"
            if "min_length" in meta:
                target["minItems" if target["type"] == "array" else "minLength"] = meta["min_length"]
        if (
            f.default is not dataclasses.MISSING
            and f.default is not None
            and isinstance(f.default, (str, int, bool))
        ):
            schema = {**schema, "default": f.default}
        properties[f.name] = schema
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if doc and not doc.startswith(cls.__name__ + "("):
        out["description"] = doc
    if required:
        out["required"] = required
    return out


def json_schema(cls: type, title: str) -> dict[str, Any]:
    """A JSON Schema (2020-12) of the TOML that :func:`load_settings` accepts for ``cls``."""
    defs: dict[str, Any] = {}
    root = _object_schema(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": defs}
