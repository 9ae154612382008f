"""The ``wikilint`` message bundle: one JSON file per language."""
