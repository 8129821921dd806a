"""Every query of tremorwatch lives in this package.

Diary queries take the caller's ``family_id`` and filter on it, so a row of another family is
simply not found (the services turn that into :class:`~tremorwatch.errors.NotFound`, a 404).
Account queries look users up by e-mail or id, and tokens by their hash.
"""
