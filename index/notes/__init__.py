"""The reader's own notes: marks, tags, notes on paragraphs, read state, saved searches.

- `keys`: what a readout and a paragraph are known by in the store, so that marks survive a
  rebuilt index, a moved or renamed file and a re-parse;
- `store`: the SQLite file in the user's data folder (one per user, not per corpus), with the
  rules that keep what is already saved safe (docs/notes.md).

Nothing is imported here: `from index.notes.store import NotesStore`.
"""
