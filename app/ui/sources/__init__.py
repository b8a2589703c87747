"""The Sources panel, the source viewer and their wiring into Chat and Write."""
