"""A project's lifecycle, declared once as data (`lifecycle`), read by one small engine.

The declaration is pure Python: states, transitions, the role that may take each, the guards
that must hold, the inputs it needs and the article it rests on. The Django service layer
executes it (`engine`, with its `guards`, `effects` and `inputs`), the UI and the API list what
it allows, and the flowcharts are drawn from it (`diagram`). Nothing else changes a project's
state.
"""
