"""The PySide6 face of Quillmate: only this package imports Qt."""
