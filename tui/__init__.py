"""readouts-tui's terminal layer: the command line and the Textual app on top of `index`."""
