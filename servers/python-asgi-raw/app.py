"""The Python runtime's ceiling for the users workload: a bare ASGI callable, nothing else.

No framework, no routing table, no validation, no schema: a reference server ("stripped" in
TechEmpower's words) that shows what python-fastapi-tuned's framework and validation cost. It is
measured beside the others and never a side of the guide's claims.

Held equal to the other servers: the same statement (asyncpg prepares it once per connection,
one per request, $1 = 50), the same pool (POOL_SIZE, 10, made at startup, without asyncpg's
reset query on release, as python-fastapi-tuned), the same JSON body (orjson writes the same
compact bytes as pydantic-core and fast-json-stringify), a JSON 404, /health through the pool,
and the pool closed by the lifespan after uvicorn has finished the requests in flight.
"""
import gc
import logging
import os

import asyncpg
import orjson

POOL_SIZE = int(os.environ.get("POOL_SIZE") or 10)
# The same statement as the other servers'; the users workload's LIMIT is 50.
USERS_QUERY = "SELECT id, name, email FROM users LIMIT $1"
LIMIT = 50

log = logging.getLogger("uvicorn.error")
pool: asyncpg.Pool | None = None

JSON_HEADERS = [(b"content-type", b"application/json")]
NOT_FOUND, SERVER_ERROR = 404, 500
REASONS = {NOT_FOUND: "Not Found", SERVER_ERROR: "Internal Server Error"}


async def keep_session(connection: asyncpg.Connection) -> None:
    """Nothing to undo on release: the app leaves no session state (python-fastapi-tuned does the same)."""


async def respond(send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": JSON_HEADERS + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def error_body(status: int, message: str) -> bytes:
    # The other servers' error shape; never a stack, SQL or connection string.
    return orjson.dumps({"statusCode": status, "error": REASONS[status], "message": message})


async def lifespan(receive, send) -> None:
    global pool
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            try:
                pool = await asyncpg.create_pool(
                    os.environ["DATABASE_URL"], min_size=POOL_SIZE, max_size=POOL_SIZE, timeout=2, reset=keep_session
                )
            except Exception as exc:  # noqa: BLE001 - uvicorn reports it and exits
                await send({"type": "lifespan.startup.failed", "message": f"{type(exc).__name__}: {exc}"})
                return
            # The same garbage-collector settings as python-fastapi-tuned (a ceiling gets the runtime's
            # best): startup objects frozen, a first generation of 10,000.
            gc.collect()
            gc.freeze()
            gc.set_threshold(10_000, 20, 100)
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            # Graceful shutdown: uvicorn has stopped accepting and finished requests in flight.
            if pool is not None:
                await pool.close()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def app(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]
    try:
        if method == "GET" and path == "/api/users":
            rows = await pool.fetch(USERS_QUERY, LIMIT)
            body = orjson.dumps({"users": [{"id": row[0], "name": row[1], "email": row[2]} for row in rows]})
            await respond(send, 200, body)
        elif method == "GET" and path == "/health":
            await pool.fetchval("SELECT 1")
            await respond(send, 200, b'{"status":"ok"}')
        else:
            await respond(send, NOT_FOUND, error_body(NOT_FOUND, f"No route for {method} {path}"))
    except Exception as exc:  # noqa: BLE001 - any failure is a JSON 500
        # The details go to the log, never to the client.
        log.error("request failed: %s: %s", type(exc).__name__, exc)
        await respond(send, SERVER_ERROR, error_body(SERVER_ERROR, "The server could not complete the request"))
