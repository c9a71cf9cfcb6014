"""readouts-tui's core: files -> Readout records -> Whoosh index -> hits with offsets.

Nothing in this package imports a UI library; importing it has no side effects.
"""

__version__ = "0.1.0"
