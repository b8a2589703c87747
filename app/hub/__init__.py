"""Qt-free hub services."""
