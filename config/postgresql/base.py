"""Django's PostgreSQL backend (psycopg 3), except that no reply from the server is awaited
for longer than OPTIONS["reply_timeout"] seconds (config/settings.py sets it).

A server that stops answering but keeps its connections open (a stopped or frozen process)
would otherwise hold every request on a connection opened before it stopped, for ever. Its
kernel still acknowledges every packet, so TCP keepalives and `tcp_user_timeout` never fire,
and `statement_timeout` is the server's own, which a stopped server cannot enforce. After
the reply timeout the connection is closed and the query fails with OperationalError, which
config.middleware turns into a 503; the next attempt opens a new connection, and
`connect_timeout` bounds that one.
"""

import psycopg
from django.db.backends.postgresql import base

_UNSET = object()


class ReplyTimeoutConnection(psycopg.Connection):
    """A psycopg connection whose every wait for the server ends after `reply_timeout_s`
    seconds (None: waits for ever), unless the caller gives its own timeout."""

    reply_timeout_s: float | None = None

    def wait(self, gen, *args, timeout=_UNSET, **kwargs):
        if timeout is _UNSET:
            timeout = self.reply_timeout_s
        try:
            return super().wait(gen, *args, timeout=timeout, **kwargs)
        except psycopg.errors._WaitTimeout:
            # The reply may still come and would be read as the next query's: drop the line.
            self.close()
            raise psycopg.OperationalError(
                f"no reply from the database within {timeout:g} s; connection closed"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        self.reply_timeout_s = params.pop("reply_timeout", None)  # ours, not libpq's
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django opens it with psycopg.connect(), which takes no connection class.
        connection.__class__ = ReplyTimeoutConnection
        connection.reply_timeout_s = self.reply_timeout_s
        return connection
