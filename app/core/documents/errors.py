"""The one error a document reader raises, so every caller catches one thing.

It subclasses ValueError because a bad document is bad input, not a bug: code
that already turns ValueError into a one-line message for the user (the CLI,
the fine-tuning dataset builders) shows it without a traceback.
"""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be opened or saved; the message says why, in one line.

    Messages start with the file's name where there is one, so a list of
    failures (a folder of homework, a folder of writing samples) reads well.
    """


class UnencodableText(DocumentError):
    """The text holds characters the file's encoding cannot store (save as UTF-8)."""


class LimitExceeded(DocumentError):
    """The document is past one of the reader's limits (size, pages, depth, time).

    A separate class so callers and tests can tell "this file is hostile or
    huge" from "this file is damaged"; the message names the file and the limit.
    """
