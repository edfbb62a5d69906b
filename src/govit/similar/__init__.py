"""The duplicate-construction check: the projects most like one being written (text.py, index.py,
selectors.py, api.py)."""
