"""Saved remote servers (OpenAI-compatible), and turning one into an engine.

An endpoint's settings (URL, model, timeout, CA file) live in the settings file;
its API key never does: it is read at use time from the environment variable the
user named (`--api-key-env`), or from the OS keyring when the `keyring` package is
installed and holds one for this endpoint.
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlparse

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Quillmate endpoint"


class EndpointError(ValueError):
    """A wrong endpoint name, URL or key source; the message says which."""


def check_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EndpointError(f"not an http(s) URL: {url!r}")
    return url.rstrip("/")


def saved(settings) -> dict[str, dict[str, Any]]:
    return dict(settings["endpoints"] or {})


def add(settings, name: str, url: str, *, model: str | None = None,
        api_key_env: str | None = None, timeout: float = 60.0,
        ca_file: str | None = None) -> dict[str, Any]:  # fmt: skip
    if not name.strip() or "://" in name:
        raise EndpointError(f"an endpoint name must be a plain word, not {name!r}")
    entry = {
        "url": check_url(url),
        "model": model,
        "api_key_env": api_key_env,
        "timeout": float(timeout),
        "ca_file": ca_file,
    }
    endpoints = saved(settings)
    endpoints[name] = entry
    settings["endpoints"] = endpoints
    return entry


def remove(settings, name: str) -> None:
    endpoints = saved(settings)
    if name not in endpoints:
        raise EndpointError(f"no endpoint named {name!r} (quillmate endpoints list)")
    del endpoints[name]
    settings["endpoints"] = endpoints
    try:
        forget_api_key(name)
    except EndpointError:
        pass  # no keyring here: nothing was stored in one


def _keyring():
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise EndpointError("the keyring package is missing (pip install keyring)") from None
    return keyring, KeyringError


def store_api_key(name: str, key: str) -> None:
    """Keep `name`'s API key in the OS keyring (never in the settings file)."""
    keyring, keyring_error = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, name, key)
    except (keyring_error, RuntimeError) as exc:
        raise EndpointError(
            f"no OS keyring to keep the key in ({exc}); use --api-key-env VARIABLE instead"
        ) from None


def forget_api_key(name: str) -> None:
    keyring, keyring_error = _keyring()
    try:
        keyring.delete_password(KEYRING_SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        pass  # none was stored
    except (keyring_error, RuntimeError) as exc:
        raise EndpointError(f"the OS keyring cannot be used ({exc})") from None


def api_key(name: str | None, entry: dict[str, Any]) -> str | None:
    variable = entry.get("api_key_env")
    if variable:
        value = os.environ.get(variable)
        if not value:
            raise EndpointError(f"the API key variable {variable} is not set")
        return value
    if name:
        try:
            import keyring  # optional: the window stores keys there
        except ImportError:
            return None
        try:
            return keyring.get_password(KEYRING_SERVICE, name)
        except Exception as exc:  # no keyring backend on this desktop
            log.info("no keyring for endpoint %s: %s", name, exc)
    return None


def resolve(settings, name_or_url: str, *, model: str | None = None):
    """A saved endpoint by name, or a URL used as it is (no key unless by name)."""
    endpoints = saved(settings)
    if name_or_url in endpoints:
        entry = endpoints[name_or_url]
        name = name_or_url
    elif "://" in name_or_url:
        entry, name = {"url": check_url(name_or_url)}, None
    else:
        raise EndpointError(f"no endpoint named {name_or_url!r} (quillmate endpoints list)")
    from app.engine.remote import Endpoint  # the HTTP client loads only when a server is used

    return Endpoint(
        base_url=entry["url"],
        api_key=api_key(name, entry),
        model=model or entry.get("model"),
        timeout=float(entry.get("timeout") or 60.0),
        verify=entry.get("ca_file") or True,
    )


def engine_for(settings, name_or_url: str, *, model: str | None = None):
    """A RemoteEngine for a saved endpoint or a URL (not loaded yet)."""
    from app.engine.remote import RemoteEngine

    return RemoteEngine(resolve(settings, name_or_url, model=model))
