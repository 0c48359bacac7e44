"""GET /api/users/{id}: one row by primary key (TechEmpower's single-query test).

The same production features as /api/users: the id checked by FastAPI (an integer from 1 to
2^31 - 1, the range of the column; anything else is a 422 through the app's handler), an asyncpg
prepared statement behind the same FIFO semaphore, the row validated by pydantic (the app's User)
and dumped by pydantic-core, and a JSON 404 {statusCode, error, message} when no row has that id.
Registered by one import at the end of app.py; it imports the app's shared parts from there.
"""
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import TypeAdapter

from app import ERRORS, ErrorBody, User, app, error_response

# The same statement as node-fastify's; counted by verdict as one query that reads users.
USER_BY_ID_QUERY = "SELECT id, name, email FROM users WHERE id = $1"
# users.id is a PostgreSQL integer: a larger id can never exist, so it is invalid input.
MAX_ID = 2**31 - 1

user_adapter = TypeAdapter(User)
router = APIRouter()


@router.get(
    "/api/users/{id}",
    response_model=User,
    summary="One user by id",
    response_description="The user with this id",
    responses={404: {"model": ErrorBody, "description": "No user has this id"}, **ERRORS},
)
async def get_user(request: Request, id: Annotated[int, Path(ge=1, le=MAX_ID, description="The user id.")]) -> Response:  # noqa: A002 (the API's name)
    async with request.app.state.fair:
        row = await request.app.state.pool.fetchrow(USER_BY_ID_QUERY, id)
    if row is None:
        return error_response(404, f"No user with id {id}")
    # A row that does not match User raises pydantic's ValidationError: a 500 (response_invalid).
    user = user_adapter.validate_python(dict(row))
    return Response(user_adapter.dump_json(user), media_type="application/json")


app.include_router(router)
