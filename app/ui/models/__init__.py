"""Model settings in the window."""
