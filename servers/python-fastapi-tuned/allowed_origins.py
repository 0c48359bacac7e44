"""Which web pages may open the WebSocket room: the same rule as node-fastify's allowed-origins.ts.

A browser lets any page it shows open a WebSocket to any server, cookies included, and sends the
page's Origin with the handshake (RFC 6455 10.2: the server is expected to check it), so without
a check any site the user visits can join the room.

ALLOWED_ORIGINS is a comma-separated list of origins, each exact (`https://app.example`) or on any
port (`http://localhost:*`). Unset or empty, it is the loopback origins on any port: pages served
from this machine. A handshake without an Origin does not come from a browser page (browsers
always send one) and is allowed: verdict's own driver, curl, other servers.
"""
from typing import NamedTuple
from urllib.parse import urlsplit

LOOPBACK_ORIGINS = "http://127.0.0.1:*,http://localhost:*,http://[::1]:*"
DEFAULT_PORTS = {"http": 80, "https": 443}
ANY_PORT = -1


class AllowedOrigin(NamedTuple):
    scheme: str
    host: str
    # None for the scheme's default port, ANY_PORT for any port.
    port: int | None


def origin_parts(text: str) -> AllowedOrigin | None:
    """The parts of an origin `scheme://host[:port]`, or None when it is anything else (`null`, a path)."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    bare = not (parts.path or parts.query or parts.fragment or "?" in text or "#" in text or parts.username is not None)
    if not bare or parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return AllowedOrigin(parts.scheme, parts.hostname, None if port == DEFAULT_PORTS[parts.scheme] else port)


def parse_allowed_origins(text: str | None) -> list[AllowedOrigin]:
    """Parses ALLOWED_ORIGINS; raises ValueError with one line naming the entry that is not an origin."""
    entries = [e.strip() for e in (text if text and text.strip() else LOOPBACK_ORIGINS).split(",") if e.strip()]
    allowed = []
    for entry in entries:
        any_port = entry.endswith(":*")
        parts = origin_parts(entry[:-2] if any_port else entry)
        if parts is None or (any_port and parts.port is not None):
            raise ValueError(
                f"ALLOWED_ORIGINS: '{entry}' is not an origin; write scheme://host or scheme://host:port (or :* for any port), comma-separated"
            )
        allowed.append(parts._replace(port=ANY_PORT) if any_port else parts)
    return allowed


def is_allowed_origin(origin: str, allowed: list[AllowedOrigin]) -> bool:
    parts = origin_parts(origin)
    if parts is None:
        return False
    return any(a.scheme == parts.scheme and a.host == parts.host and a.port in (ANY_PORT, parts.port) for a in allowed)
