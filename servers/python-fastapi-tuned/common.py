"""What app.py and the route modules share: the user row, the error shape and its responder.

Kept apart from app.py so the route modules import it and app.py imports them (it includes
their routers), with no import running in a circle.
"""
import logging

import orjson
from fastapi.responses import Response
from pydantic import BaseModel
from typing_extensions import TypedDict  # pydantic needs typing_extensions' TypedDict on Python < 3.12

# The same statement as node-fastify's; LIMIT is a parameter so the prepared plan is reused.
USERS_QUERY = "SELECT id, name, email FROM users LIMIT $1"

log = logging.getLogger("uvicorn.error")


class User(TypedDict):
    id: int
    name: str
    email: str


class ErrorBody(BaseModel):
    statusCode: int
    error: str
    message: str


ERRORS = {
    422: {"model": ErrorBody, "description": "The request is invalid"},
    500: {"model": ErrorBody, "description": "Something failed on the server (for example the database is unreachable)"},
}

# Errors: one JSON shape for every failure, the same as node-fastify's.
REASONS = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
# What a parameter with a pattern must be, in words, keyed by its location as pydantic reports it
# (("path", "id")): the 422 says this instead of pydantic's message, which quotes the pattern.
# Route modules add their rules when imported; app.py's request_invalid reads them.
PARAMETER_RULES: dict[tuple[str, ...], str] = {}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"statusCode": status, "error": REASONS.get(status, "Error"), "message": message}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)
