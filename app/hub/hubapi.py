"""Talking to the Hugging Face hub: search, repo details, file URLs and auth headers.

Everything goes through `huggingface_hub` where it helps: `HfApi.model_info` (with
`files_metadata=True`, which adds each file's size and LFS SHA-256), `hf_hub_url`,
`build_hf_headers` (the user's token from HF_TOKEN or `hf auth login`) and the
`ModelInfo` parser. The endpoint is always passed explicitly: huggingface_hub reads
HF_ENDPOINT only when it is imported, so a late change would be ignored.

Two things we do ourselves, on purpose:

- **Search** sends the same `GET /api/models?filter=gguf&search=…&sort=downloads`
  request as `HfApi.list_models`, through our own client, because `list_models` takes
  no timeout and retries a dead network five times with back-off (≈ 23 s) before it
  fails, and each failed connect closes huggingface_hub's process-wide session (which a
  download may be using). Offline, a search must fail in seconds with one clear line.
- **Offline mode** is read from the environment on every call (HF_HUB_OFFLINE), not
  only at import, and any network failure becomes `HubUnreachable("can't reach the
  hub …; installed models still work")`. After such a failure the hub is not asked
  again for 90 s (app/hub/reachability.py): searches, repo details and downloads all
  see the same offline state instead of each waiting out its own timeout.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import httpx2
from huggingface_hub import HfApi, constants, hf_hub_url
from huggingface_hub.errors import (
    GatedRepoError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)
from huggingface_hub.hf_api import ModelInfo
from huggingface_hub.utils import build_hf_headers, hf_raise_for_status
from huggingface_hub.utils._http import hf_request_event_hook

from app import __version__
from app.hub.errors import OFFLINE_HINT, HubError, HubNotFound, HubOffline, HubUnreachable
from app.hub.quants import GGUFChoice, RemoteFile, group_gguf_files
from app.hub.reachability import Reachability

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0  # seconds: an unreachable host fails fast
API_READ_TIMEOUT = 10.0  # a search or a repo's details come back in a second or two


@dataclass
class RepoSummary:
    """One search hit."""

    repo: str
    downloads: int = 0
    likes: int = 0
    last_modified: datetime | None = None
    tags: list[str] = field(default_factory=list)
    gated: bool = False


@dataclass
class RepoDetails:
    """A repo opened for download: its commit, licence and GGUF choices grouped by quant."""

    repo: str
    commit: str  # the revision resolved to a commit, so every part comes from the same one
    license: str | None
    gated: bool
    downloads: int
    choices: list[GGUFChoice]
    files: list[RemoteFile]


def offline_mode() -> bool:
    """HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) now, or as huggingface_hub read it at import."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(name, "").strip().upper() in {"1", "ON", "YES", "TRUE"}:
            return True
    return bool(constants.HF_HUB_OFFLINE)


def default_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or constants.ENDPOINT).rstrip("/")


class HubClient:
    """The hub at one endpoint, with one token (None: the user's saved token, if any)."""

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | bool | None = None,
        reachability: Reachability | None = None,
    ):
        self.endpoint = (endpoint or default_endpoint()).rstrip("/")
        self.token = token
        self.reachability = reachability or Reachability()
        self.api = HfApi(
            endpoint=self.endpoint,
            token=token,
            library_name="quillmate",
            library_version=__version__,
        )

    # -- plumbing used by downloads too -----------------------------------------------

    def headers(self) -> dict[str, str]:
        """Auth and user-agent headers for a request to this hub."""
        headers = build_hf_headers(
            token=self.token, library_name="quillmate", library_version=__version__
        )
        headers["Accept-Encoding"] = "identity"  # sizes and ranges are of the raw bytes
        return headers

    def file_url(self, repo: str, filename: str, revision: str) -> str:
        return hf_hub_url(repo, filename, revision=revision, endpoint=self.endpoint)

    def http_client(self, read_timeout: float | None = None) -> httpx2.Client:
        """A client of our own: explicit timeouts, and nobody else closes it under us.

        huggingface_hub's request hook still runs (request ids, its offline flag).
        `read_timeout` is also the stall detector of a download: no byte for that long
        raises ReadTimeout.
        """
        return httpx2.Client(
            event_hooks={"request": [hf_request_event_hook]},
            follow_redirects=True,
            timeout=httpx2.Timeout(read_timeout or API_READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        )

    def check_online(self) -> None:
        """Fail at once when offline mode is on, or the hub was unreachable moments ago."""
        if offline_mode():
            raise HubUnreachable(
                f"can't reach the hub: offline mode is on (HF_HUB_OFFLINE); {OFFLINE_HINT}"
            )
        wait = self.reachability.seconds_left()
        if wait > 0:
            raise HubOffline(
                f"can't reach the hub ({self.endpoint}): offline "
                f"({self.reachability.reason or 'no connection'}); trying again in "
                f"{wait:.0f} s; {OFFLINE_HINT}"
            )

    @contextlib.contextmanager
    def translate_errors(self, what: str) -> Iterator[None]:
        """Turn huggingface_hub / httpx errors into one-line HubErrors."""
        try:
            yield
        except HubError:
            raise
        except OfflineModeIsEnabled as exc:
            raise HubUnreachable(
                f"can't reach the hub: offline mode is on (HF_HUB_OFFLINE); {OFFLINE_HINT}"
            ) from exc
        except GatedRepoError as exc:
            raise HubNotFound(
                f"{what} is gated: accept its licence on the hub, then log in "
                "(`hf auth login`) or set HF_TOKEN"
            ) from exc
        except RepositoryNotFoundError as exc:
            raise HubNotFound(f"{what}: no such model on the hub (or it is private)") from exc
        except RevisionNotFoundError as exc:
            raise HubNotFound(f"{what}: no such revision on the hub") from exc
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise HubError(f"{what}: the hub answered HTTP {status}") from exc
        except (httpx2.TransportError, ConnectionError, TimeoutError) as exc:
            self.reachability.mark_unreachable(_reason(exc))
            raise HubUnreachable(
                f"can't reach the hub ({self.endpoint}): {_reason(exc)}; {OFFLINE_HINT}"
            ) from exc
        else:
            self.reachability.mark_reachable()

    # -- what the Models page calls ---------------------------------------------------

    def search(self, query: str, limit: int = 30) -> list[RepoSummary]:
        """GGUF repos matching `query`, most downloaded first."""
        self.check_online()
        params = {"filter": "gguf", "search": query, "sort": "downloads", "limit": limit}
        with self.translate_errors(f"search '{query}'"), self.http_client() as client:
            response = client.get(
                f"{self.endpoint}/api/models",
                params=params,
                headers=build_hf_headers(
                    token=self.token, library_name="quillmate", library_version=__version__
                ),
            )
            hf_raise_for_status(response)
            items = response.json()
        results = []
        for item in items[:limit]:
            info = ModelInfo(**{"siblings": None, **item})
            results.append(
                RepoSummary(
                    repo=info.id,
                    downloads=info.downloads or 0,
                    likes=info.likes or 0,
                    last_modified=info.last_modified,
                    tags=list(info.tags or []),
                    gated=bool(info.gated),
                )
            )
        return results

    def repo_details(self, repo: str, revision: str | None = None) -> RepoDetails:
        """A repo's GGUF files with sizes and SHA-256, grouped into choices by quant."""
        self.check_online()
        with self.translate_errors(repo):
            info = self.api.model_info(
                repo, revision=revision, files_metadata=True, timeout=API_READ_TIMEOUT
            )
        files = []
        for sibling in info.siblings or []:
            sha = sibling.lfs.sha256 if sibling.lfs else None
            size = sibling.lfs.size if sibling.lfs else sibling.size
            files.append(RemoteFile(sibling.rfilename, size, sha))
        return RepoDetails(
            repo=info.id or repo,
            commit=info.sha or revision or "main",
            license=_license(info),
            gated=bool(info.gated),
            downloads=info.downloads or 0,
            choices=group_gguf_files(files),
            files=files,
        )


def _license(info: ModelInfo) -> str | None:
    card = info.card_data
    if card is not None and getattr(card, "license", None):
        return str(card.license)
    for tag in info.tags or []:
        if tag.startswith("license:"):
            return tag.split(":", 1)[1]
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, httpx2.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx2.ConnectError):
        return "no connection"
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__
