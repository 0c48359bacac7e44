"""GET /api/users/{id}: one row by primary key (TechEmpower's single-query test).

The same production features as /api/users: the id checked by FastAPI against the id rule below
(anything else is a 422 through the app's handler), an asyncpg prepared statement behind the same
FIFO semaphore, the row validated by pydantic (the app's User) and dumped by pydantic-core, and a
JSON 404 {statusCode, error, message} when no row has that id. app.py includes this module's
router; what it shares with the app is in common.py.
"""
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import TypeAdapter

from common import ERRORS, PARAMETER_RULES, ErrorBody, User, error_response

# The same statement as node-fastify's; counted by verdict as one query that reads users.
USER_BY_ID_QUERY = "SELECT id, name, email FROM users WHERE id = $1"
# users.id is a PostgreSQL integer: a larger id can never exist, so it is invalid input.
MAX_ID = 2**31 - 1
# The id rule, the same in node-fastify: plain decimal digits from 1 to MAX_ID, with no sign,
# leading zero, space, separator, fraction or hex prefix (an int parameter let pydantic read
# `1_0` as 10 and `1.0` as 1, and Ajv `0x10` as 16). One pattern holds the whole rule, range
# included (numbers under 10 digits, then MAX_ID = 2147483647 digit by digit), so the OpenAPI
# document states exactly what is accepted: a client that follows it never gets a 422.
ID_PATTERN = (
    "^(?:[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|21[0-3][0-9]{7}|214[0-6][0-9]{6}|2147[0-3][0-9]{5}"
    "|21474[0-7][0-9]{4}|214748[0-2][0-9]{3}|2147483[0-5][0-9]{2}|21474836[0-3][0-9]|214748364[0-7])$"
)
ID_RULE = f"must be a whole number from 1 to {MAX_ID} in plain digits"
PARAMETER_RULES[("path", "id")] = ID_RULE

user_adapter = TypeAdapter(User)
router = APIRouter()


@router.get(
    "/api/users/{id}",
    response_model=User,
    summary="One user by id",
    response_description="The user with this id",
    responses={404: {"model": ErrorBody, "description": "No user has this id"}, **ERRORS},
)
async def get_user(
    request: Request,
    id: Annotated[str, Path(pattern=ID_PATTERN, description=f"The user id: a whole number from 1 to {MAX_ID} in plain digits.")],  # noqa: A002 (the API's name)
) -> Response:
    user_id = int(id)
    async with request.app.state.fair:
        row = await request.app.state.pool.fetchrow(USER_BY_ID_QUERY, user_id)
    if row is None:
        return error_response(404, f"No user with id {user_id}")
    # A row that does not match User raises pydantic's ValidationError: a 500 (response_invalid).
    user = user_adapter.validate_python(dict(row))
    return Response(user_adapter.dump_json(user), media_type="application/json")
