"""The chat feature: sidebar, transcript, composer, settings, and the controller."""
