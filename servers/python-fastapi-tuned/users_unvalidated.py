"""GET /api/users-unvalidated: exactly /api/users (same query through the same pool and FIFO
semaphore, the same response bytes) with one difference: the rows are not validated by pydantic,
only serialised (orjson of the row dicts; byte for byte what pydantic-core's dump_json writes
for them). The pair prices response validation on the same server ("at no extra cost", the guide
says). Not part of the production API: left out of the OpenAPI document.
app.py includes this module's router.
"""
import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from common import USERS_QUERY

router = APIRouter()


@router.get("/api/users-unvalidated", include_in_schema=False)
async def list_users_unvalidated(request: Request) -> Response:
    async with request.app.state.fair:
        rows = await request.app.state.pool.fetch(USERS_QUERY, 50)
    return Response(orjson.dumps({"users": [dict(row) for row in rows]}), media_type="application/json")
