"""Alatau: an open platform for the Kazakh Ski Federation and its partners."""

__version__ = "0.1.0"
