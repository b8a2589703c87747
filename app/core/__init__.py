"""Qt-free core services."""
