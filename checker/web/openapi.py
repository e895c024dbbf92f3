"""The server's own description, /openapi.json: what POST /api/check takes (its options as
enums of what this server has) and every answer it may give, the 200's body being the
`--format json` contract itself (docs/report.schema.json, its $defs made components), so that a
client, or schemathesis, can hold the server to it."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@cache
def report_schemas() -> dict[str, Any]:
    """The JSON output's schema as OpenAPI components: Report, and report_<name> for each $def."""
    from checker.paths import data_dir

    schema = json.loads((data_dir("docs") / "report.schema.json").read_text("utf-8"))
    text = json.dumps(schema).replace('"#/$defs/', '"#/components/schemas/report_')
    schema = json.loads(text)
    defs = schema.pop("$defs", {})
    schema.pop("$schema", None)
    return {"Report": schema, **{f"report_{name}": value for name, value in defs.items()}}


# fmt: off
def openapi_document(templates: list[str], checklists: list[str], root_path: str = "", max_files: int = 50) -> dict[str, Any]:
    from checker import __version__

    refused = {
        "400": _json(ERROR, "no file, or an invalid option"),
        "401": _json(ERROR, "a token is needed (the server was started with --token or --tokens) and none, "
                            "or a wrong one, was given"),
        "403": _json(ERROR, "a request from another origin"),
        "413": _json(ERROR, "a file, the request or its number of files over the server's limits"),
        "415": _json(ERROR, "not multipart/form-data"),
        "503": _json(ERROR, "busy (detail: how many files are waiting; Retry-After says when to try again), "
                            "or stopping"),
    }
    security: list[dict[str, list[str]]] = [{"token": []}, {"bearer": []}, {}]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "reportlint",
            "version": __version__,
            "description": "Check Chinese structured reports. POST /api/check answers the `reportlint --format json` "
            "contract. Uploads are checked in memory, in worker processes, and not stored. A .zip is checked "
            "member by member (`材料.zip/张三/对照检查.docx`). When the server was started with tokens, give one "
            "in the X-Reportlint-Token header or as a bearer token.",
        },
        "servers": [{"url": root_path or "/"}],
        "paths": {
            "/api/check": {
                "post": {
                    "summary": "Check reports",
                    "operationId": "check",
                    "security": security,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["files"],
                                    "properties": {
                                        "files": {"type": "array", "minItems": 1, "maxItems": max_files,
                                                  "items": {"type": "string", "format": "binary"},
                                                  "description": ".docx, .txt, .md, or a .zip of them; the reader "
                                                                 "is chosen from the bytes"},
                                        "template": {"type": "string", "enum": ["auto", *templates],
                                                     "description": "a built-in template, or auto (detected)"},
                                        "checklist": {"type": "string", "enum": ["", *checklists],
                                                      "description": "a built-in yearly check-list"},
                                        "lang": {"type": "string", "enum": ["zh", "en"]},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {"200": _json({"$ref": "#/components/schemas/Report"}, "the JSON output contract"),
                                  **refused},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Whether the server can check files, and how busy it is",
                    "operationId": "health",
                    "security": [{}],
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/Health"}, "ready (or idle: no check yet)"),
                        "503": _json({"$ref": "#/components/schemas/Health"}, "no worker ready, or stopping"),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "X-Reportlint-Token"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
            "schemas": {
                **report_schemas(),
                "Error": {"type": "object", "required": ["error", "reason", "detail"],
                          "properties": {"error": {"const": True}, "reason": {"type": "string"},
                                         "detail": {"type": "string"}}},
                "Health": {"type": "object", "required": ["status", "version", "workers", "ready", "busy", "waiting"],
                           "properties": {"status": {"enum": ["ok", "idle", "starting", "stopping"]},
                                          "version": {"type": "string"},
                                          **{k: {"type": "integer", "minimum": 0}
                                             for k in ("workers", "ready", "busy", "waiting", "replaced")}}},
            },
        },
    }
