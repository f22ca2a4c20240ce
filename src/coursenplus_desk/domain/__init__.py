"""Plain records and pure rules: no Qt, no SQL, no documents, no clock reads."""
