"""The errors of the model library, each one a sentence a user can act on.

Every message is one line that says what happened and what still works or what to do,
so the CLI can print it as is and the GUI can show it in a banner without rewording.
"""

from __future__ import annotations

OFFLINE_HINT = "installed models still work"


class HubError(Exception):
    """Base of everything the library reports to the user."""


class HubUnreachable(HubError):
    """No network, the hub is down, or offline mode is on: search and downloads can't run."""


class HubOffline(HubUnreachable):
    """The hub was unreachable moments ago: not asked again until the retry time."""


class HubNotFound(HubError):
    """The repository, revision or file does not exist (or is private / gated)."""


class DownloadError(HubError):
    """A download stopped; the partial file is kept unless the message says otherwise."""


class NotEnoughSpace(DownloadError):
    """The free-disk check before starting failed."""


class DiskFull(DownloadError):
    """The disk filled up mid-download; the partial file is kept and resumes later."""


class ChecksumMismatch(DownloadError):
    """The file's SHA-256 differs from the hub's: it was quarantined, never registered."""


class ServerSentTooMuch(DownloadError):
    """The body ran past the file's announced size: stopped there and quarantined."""


class UnsafeFileName(HubError):
    """The hub named a file (or repo) in a way that cannot be saved safely on every system."""


class DownloadCancelled(DownloadError):
    """The user cancelled (or paused) the download."""


class LibraryError(HubError):
    """An installed-model operation failed (unknown id, missing file, bad GGUF...)."""
