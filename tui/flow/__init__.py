"""The reader's decisions, as plain classes and functions with no Textual in them.

`search_flow` says when a search runs and which result is stale, `rows` what the meeting list
shows for a result, `selection` which meeting is selected once a search ends. The reader screen
drives them from its events and applies what they decide; the tests drive them without an app.
Import from the modules, not from here.
"""
