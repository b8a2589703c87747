"""Quillmate: chat, write and grade with a language model on your own computer."""

__version__ = "0.1.0"
