"""Grade mode GUI tests."""
