"""The reader's screens, one per module. Import them from their modules, not from here."""
