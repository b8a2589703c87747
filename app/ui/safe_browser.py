"""A QTextBrowser that loads no resources: for text that came from a model.

QTextBrowser resolves <img src> (and other resources) by reading local files or
its search paths on its own. Model replies and documents are data, so the views
that show them load nothing: an image reference stays a broken image, never a
file read or a request the user did not start.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

log = logging.getLogger(__name__)


class SafeTextBrowser(QTextBrowser):
    def loadResource(self, kind: int, url):  # noqa: N802 - Qt's name
        """A placeholder for every resource.

        Returning nothing is not enough: QTextDocument then reads a local file by
        itself. A non-null placeholder ends the lookup there.
        """
        log.debug("refused to load a resource for shown text: %s", url.toString()[:200])
        if kind == QTextDocument.ResourceType.ImageResource.value:
            placeholder = QImage(1, 1, QImage.Format.Format_ARGB32)
            placeholder.fill(0)
            return placeholder
        return " "
