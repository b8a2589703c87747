"""Choosing the LoRA adapter on the shared engine: one control for every mode."""
