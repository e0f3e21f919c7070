"""Who may see what: roles, local users with Argon2 password hashes, the audit log, and
:class:`~qinyou.access.session.Session`, the guarded API the app and the CLI act through.

The limits of a role hold here, in the library, not only in the app's widgets:
an analyst's :meth:`Session.reveal` is refused, a trainer's session masks every
name notice-style whatever is asked, and every search, query, export, reveal and
judgement is appended to the audit log with the user, role and time.
"""
from __future__ import annotations
