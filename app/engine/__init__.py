"""Qt-free inference: the engine worker process, its protocol and its client."""
