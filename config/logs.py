"""Logging filters.

A client error (403, 404 and the like) is the visitor's mistake or a probe, not the app's:
Django logs it with the exception's traceback, which buries real errors. `ClientErrorsOnOneLine`
keeps the line ("Forbidden (Permission denied): /coach/…") and drops the traceback. Server
errors (5xx) keep theirs.
"""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
