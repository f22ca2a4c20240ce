"""Cours en Plus Desk: an offline, encrypted records manager for small associations."""

__version__ = "0.1.0"
