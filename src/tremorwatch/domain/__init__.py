"""The pure core: exchange-format models, diary value objects, triage rules and knowledge.

Imports nothing of tremorwatch outside ``domain`` and no framework (stdlib, pydantic, PyYAML
only); ``tests/test_import_layering.py`` enforces it.
"""
