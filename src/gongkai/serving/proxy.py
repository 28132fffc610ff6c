"""The client address behind reverse proxies.

`X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the request comes from an address in
GONGKAI_TRUSTED_PROXIES; from anyone else they are removed before any other code sees them. Through a
trusted proxy the client is the right-most address in X-Forwarded-For that is not itself a trusted proxy,
and REMOTE_ADDR is set to it, so rate limits, login throttles and the journal all see the real client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def _trusted(addr: str, nets) -> bool:
    try:
        ip = ipaddress.ip_address(addr.strip())
    except ValueError:
        return False
    return any(ip in n for n in nets)


def client_address(remote_addr: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """The client's address, given the peer address, the X-Forwarded-For header and the trusted proxies."""
    nets = _networks(trusted)
    if not forwarded_for or not nets or not _trusted(remote_addr, nets):
        return remote_addr
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, nets):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote_addr  # a garbled header: fall back to the proxy itself
    return hops[0] if hops else remote_addr


class TrustedProxyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        trusted = tuple(settings.GONGKAI_TRUSTED_PROXIES)
        peer = meta.get("REMOTE_ADDR", "")
        if trusted and _trusted(peer, _networks(trusted)):
            meta["GONGKAI_PROXY_ADDR"] = peer
            meta["REMOTE_ADDR"] = client_address(peer, meta.get("HTTP_X_FORWARDED_FOR"), trusted)
        else:
            for header in ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                           "HTTP_X_REAL_IP", "HTTP_FORWARDED"):
                meta.pop(header, None)
        return self.get_response(request)
