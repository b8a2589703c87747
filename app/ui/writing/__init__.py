"""The Write mode: a document editor with an assist panel and track changes.

`install.install_write_mode(window)` adds it to the main window. The work is
done by the Qt-free `app.core.writing` (the same service the CLI uses); this
folder holds only widgets and the thread adapter.
"""
