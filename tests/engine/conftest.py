"""Engine fixtures live in tests/conftest.py (the embedding model is shared)."""
