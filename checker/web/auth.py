"""Who may use a shared server: one token (--token), a token per group read from a file
(--tokens), or the user a trusted reverse proxy has authenticated (--proxy-user-header), and
which addresses are such proxies (--trusted-proxy)."""

from __future__ import annotations

import hmac
import ipaddress
import os
import stat
from collections.abc import Iterable
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MIN_TOKEN = 16  # characters: a token is a password nobody types, so it can be long


class AuthError(Exception):
    """A tokens file or an address list that cannot be used; the message says where and why."""


def load_tokens(path: str) -> dict[str, str]:
    """token → group, from a file of `GROUP = TOKEN` lines (# starts a comment)."""
    try:
        text = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthError(f"{path}: {exc}") from exc
    tokens: dict[str, str] = {}
    groups: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        group, sep, token = (part.strip() for part in line.partition("="))
        where = f"{path}:{number}"
        if not sep or not group or not token:
            raise AuthError(f"{where}: 应为“组名 = 口令” / expected `GROUP = TOKEN`")
        if len(token) < MIN_TOKEN or not token.isascii() or not token.isprintable() or " " in token:
            raise AuthError(f"{where}: 口令至少 {MIN_TOKEN} 个字符，不含空格和非 ASCII 字符 "
                            f"/ a token is at least {MIN_TOKEN} printable ASCII characters without spaces")  # fmt: skip
        if group in groups:
            raise AuthError(f"{where}: 组名“{group}”重复 / group {group!r} appears twice")
        if token in tokens:
            raise AuthError(f"{where}: 口令与“{tokens[token]}”相同 / the same token as {tokens[token]!r}")
        groups.add(group)
        tokens[token] = group
    if not tokens:
        raise AuthError(f"{path}: 没有口令 / no tokens")
    return tokens


def loosely_readable(path: str) -> bool:
    """True when others than the owner and the group may read the file (POSIX only)."""
    try:
        return os.name == "posix" and bool(os.stat(path).st_mode & stat.S_IROTH)
    except OSError:
        return False


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and networks (127.0.0.1, 10.0.0.0/8, ::1), for --trusted-proxy."""
    networks = []
    for value in values:
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError as exc:
                raise AuthError(f"--trusted-proxy {item}: 不是地址或网段 / not an address or network") from exc
    return tuple(networks)


def in_networks(address: str | None, networks: tuple[Network, ...]) -> bool:
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def group_of(given: str, tokens: dict[str, str]) -> str | None:
    """The group whose token was given, compared in constant time with every token."""
    found = None
    for token, group in tokens.items():
        if hmac.compare_digest(given.encode(), token.encode()):
            found = group
    return found
