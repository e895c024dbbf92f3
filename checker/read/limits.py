"""Resource limits for reading untrusted files, checked before anything is inflated or parsed."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Defaults fit real reports with room to spare and keep a hostile file under ~300 MB of
    memory: a 32 MB XML part becomes a tree of a few hundred MB in lxml."""

    max_file_mb: float = 100.0  # the file on disk (a .docx with photos can be large)
    max_part_mb: float = 32.0  # each XML part that is parsed (document, styles, numbering …)
    max_total_mb: float = 1024.0  # all entries of a .docx, uncompressed, as its directory declares
    max_ratio: float = 300.0  # uncompressed : compressed, for entries over 1 MB (XML is ~10–30:1)
    timeout: float = 30.0  # seconds one file's check may take (0: no limit); past it, E013

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def max_part_bytes(self) -> int:
        return int(self.max_part_mb * MB)

    @property
    def max_total_bytes(self) -> int:
        return int(self.max_total_mb * MB)


DEFAULT_LIMITS = Limits()
