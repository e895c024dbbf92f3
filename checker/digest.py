"""The digest of reportlint's caches and snapshots: BLAKE2b of 256 bits, taken from CPython's own
_blake2 module. hashlib loads OpenSSL as it is imported, which cost each process of a check
2 ms of its start (the command line's and the warm worker's, both on a warm run's critical
path); hashlib.blake2b is this same function, so the digests are the same either way."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # a Python without the module: hashlib's (the same function)
    from hashlib import blake2b as _blake2b


def hasher(data: bytes = b"") -> blake2b:
    """A new hash object (``update``, ``digest``, ``hexdigest``) that has read ``data``."""
    return _blake2b(data, digest_size=32)


def hexdigest(data: bytes) -> str:
    """The 64 hexadecimal digits of ``data``'s digest."""
    return hasher(data).hexdigest()


def is_hexdigest(value: object) -> bool:
    """Whether ``value`` is 64 hexadecimal digits, as ``hexdigest`` gives (and as a name made of
    one may be trusted to hold no separator)."""
    return type(value) is str and len(value) == 64 and not value.strip("0123456789abcdef")


# A file whose time is this recent may still change within the same tick of its time: a digest
# remembered under its size and time is then not to be trusted later (git's "racily clean").
RACY_NS = 2_000_000_000
