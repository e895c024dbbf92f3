"""Uploads read into memory and nowhere else: a multipart body parsed as it streams in, with a
limit per file, per request and on the number of parts. No temporary file is written and a
client's file name is never used as a path: it is kept only to show."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field


class UploadError(Exception):
    """A request refused: ``status`` for HTTP, ``reason`` a short key the page translates."""

    def __init__(self, status: int, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.status = status
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How large an upload may be: each file, the request, the number of files, each field."""

    file_bytes: int = 20 * 1024 * 1024
    request_bytes: int = 100 * 1024 * 1024
    files: int = 50  # files in one request
    field_bytes: int = 1024
    # The form's own fields: any other (a client's extra field) is read past and dropped, as a
    # browser's form handler would, so it neither fills memory nor refuses the request.
    field_names: frozenset[str] = frozenset({"template", "checklist", "lang"})
    members: int = 500  # files to check in one request, a zip's members counted one by one
    archive_bytes: int = 400 * 1024 * 1024  # what a request's zips may inflate to, in all


@dataclass(slots=True)
class Upload:
    """One uploaded file: the name the client gave it, and its bytes."""

    name: str  # as the client called it: for display only
    data: bytes


@dataclass(slots=True)
class Form:
    """A parsed form: its fields and its files."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)


async def read_form(content_type: str, stream: AsyncIterator[bytes], limits: UploadLimits) -> Form:
    """Parse a multipart/form-data body from ``stream`` into memory, within ``limits``."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError(415, "not-multipart", "multipart/form-data expected")
    form = Form()
    state: dict[str, object] = {}
    header_field = bytearray()
    header_value = bytearray()

    def part_begin() -> None:
        state.clear()
        state["headers"] = {}
        state["buffer"] = io.BytesIO()

    def header_field_cb(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def header_value_cb(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def header_end() -> None:
        headers = state["headers"]
        assert isinstance(headers, dict)
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def headers_finished() -> None:
        headers = state["headers"]
        assert isinstance(headers, dict)
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        state["name"] = name
        state["filename"] = filename.decode("utf-8", "replace") if filename is not None else None
        if filename is not None and len(form.files) >= limits.files:
            raise UploadError(413, "too-many-files", f"at most {limits.files} files")

    def part_data(data: bytes, start: int, end: int) -> None:
        is_file = state.get("filename") is not None
        if not is_file and state.get("name") not in limits.field_names:
            return
        buffer = state["buffer"]
        assert isinstance(buffer, io.BytesIO)
        buffer.write(data[start:end])
        limit = limits.file_bytes if is_file else limits.field_bytes
        if buffer.tell() > limit:
            shown = state.get("filename") or state.get("name")
            raise UploadError(413, "file-too-large" if is_file else "field-too-large", f"{shown}: over {_size(limit)}")

    def part_end() -> None:
        buffer = state["buffer"]
        assert isinstance(buffer, io.BytesIO)
        filename = state.get("filename")
        if filename is not None:
            form.files.append(Upload(str(filename), buffer.getvalue()))
        elif state.get("name") in limits.field_names:
            form.fields[str(state.get("name", ""))] = buffer.getvalue().decode("utf-8", "replace")

    parser = MultipartParser(boundary, {
        "on_part_begin": part_begin, "on_header_field": header_field_cb, "on_header_value": header_value_cb,
        "on_header_end": header_end, "on_headers_finished": headers_finished, "on_part_data": part_data,
        "on_part_end": part_end,
    })  # fmt: skip
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > limits.request_bytes:
                raise UploadError(413, "request-too-large", f"over {limits.request_bytes // (1024 * 1024)} MB")
            parser.write(chunk)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # a malformed body
        raise UploadError(400, "bad-multipart", type(exc).__name__) from exc
    return form


def _size(limit: int) -> str:
    """``limit`` bytes as a person reads it: 1 KB, 20 MB."""
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MB"
    return f"{max(limit // 1024, 1)} KB"
