"""Following a download's redirects ourselves, so the token only ever goes to the hub.

The hub answers a file request with a redirect to a CDN (another host) that serves the
bytes from a signed URL; the user's token must stay with the hub. httpx strips
`Authorization` on a cross-origin redirect today, but that is one library's choice in
one version, and a download must not depend on it: here every hop is a request of its
own, and credentials go only to the origin (scheme, host and port) of the first URL.
A redirect may not leave http(s), nor go from https to plain http.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import httpx2

from app.hub.errors import DownloadError

MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")


def without_credentials(headers: dict[str, str]) -> dict[str, str]:
    """The headers minus anything that identifies the user (for another host)."""
    return {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}


@contextlib.contextmanager
def stream_get(client: httpx2.Client, url: str, headers: dict[str, str]) -> Iterator:
    """GET `url` as a stream, following redirects; yields the final response.

    The response is closed when the block ends. Raises DownloadError for a redirect
    loop or a redirect to an address we will not fetch from.
    """
    trusted = httpx2.URL(url).origin
    current = httpx2.URL(url)
    for _hop in range(MAX_REDIRECTS + 1):
        hop_headers = headers if current.origin == trusted else without_credentials(headers)
        request = client.build_request("GET", current, headers=hop_headers)
        response = client.send(request, stream=True, follow_redirects=False)
        location = response.headers.get("Location")
        if response.status_code not in REDIRECT_STATUSES or not location:
            try:
                yield response
            finally:
                response.close()
            return
        response.close()
        target = _next_url(current, location)
        current = target
    raise DownloadError(f"the hub redirected the download more than {MAX_REDIRECTS} times")


def _next_url(current: httpx2.URL, location: str) -> httpx2.URL:
    try:
        target = current.join(location)
    except httpx2.InvalidURL as exc:
        raise DownloadError(f"the hub redirected the download to a bad address ({exc})") from exc
    if target.scheme not in ("http", "https"):
        raise DownloadError(f"the hub redirected the download to a {target.scheme}: address")
    if current.scheme == "https" and target.scheme == "http":
        raise DownloadError(
            f"the hub redirected the download to an insecure address ({target.host})"
        )
    return target
