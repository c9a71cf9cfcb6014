"""The reader's widgets, one per module. Import them from their modules, not from here."""
