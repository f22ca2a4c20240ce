"""The desktop program (PySide6): the only layer that knows Qt."""
