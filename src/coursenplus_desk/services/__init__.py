"""Use cases shared by the GUI and the CLI; they raise typed errors, never print or prompt."""
