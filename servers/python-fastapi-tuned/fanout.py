"""GET /api/fanout?n=K: K concurrent HTTP calls to a downstream service (DOWNSTREAM_URL; verdict
starts a stub with a fixed delay), their answers aggregated into one response.

The client is aiohttp's ClientSession, the usual pooled async HTTP client of asyncio services: one
session for the process, made at startup and closed at shutdown (this router's lifespan, which
FastAPI merges into the app's), over a keep-alive TCPConnector whose limit is
DOWNSTREAM_POOL_SIZE (node-fastify's undici Pool gets the same size). Call i asks for
/value?i=i and the stub answers {"value": i + 1}, so the sum proves that every call was made and
answered once. Any failed call makes the whole request a JSON 502. The response is validated by
pydantic, as every response of this app. app.py includes this module's router.
"""
import asyncio
import os
from contextlib import asynccontextmanager
from typing import Annotated

import aiohttp
import orjson
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from common import ErrorBody, error_response, log

DOWNSTREAM_URL = os.environ.get("DOWNSTREAM_URL", "").rstrip("/")
POOL_SIZE = int(os.environ.get("DOWNSTREAM_POOL_SIZE") or 500)
TIMEOUT_SECONDS = 5


class FanoutResult(TypedDict):
    k: int
    succeeded: int
    sum: int


fanout_result = TypeAdapter(FanoutResult)


@asynccontextmanager
async def downstream_session(app: FastAPI):
    if not DOWNSTREAM_URL:
        app.state.downstream = None
        yield
        return
    connector = aiohttp.TCPConnector(limit=POOL_SIZE, limit_per_host=POOL_SIZE, keepalive_timeout=60)
    app.state.downstream = aiohttp.ClientSession(
        base_url=DOWNSTREAM_URL, connector=connector, timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    )
    try:
        yield
    finally:
        await app.state.downstream.close()


router = APIRouter(lifespan=downstream_session)


async def call(session: aiohttp.ClientSession, i: int) -> int:
    async with session.get(f"/value?i={i}") as response:
        body = await response.read()
        if response.status != 200:
            raise RuntimeError(f"downstream answered {response.status}")
    value = orjson.loads(body).get("value")
    if not isinstance(value, int):
        raise RuntimeError("downstream answered without a value")
    return value


@router.get(
    "/api/fanout",
    response_model=FanoutResult,
    summary="Fan out to a downstream service",
    responses={
        502: {"model": ErrorBody, "description": "A downstream call failed"},
        503: {"model": ErrorBody, "description": "No downstream service is configured (DOWNSTREAM_URL)"},
    },
)
async def fan_out(
    request: Request,
    n: Annotated[int, Query(ge=1, le=100, description="How many downstream calls to make.")] = 1,
) -> Response:
    session = request.app.state.downstream
    if session is None:
        return error_response(503, "DOWNSTREAM_URL is not set")
    outcomes = await asyncio.gather(*(call(session, i) for i in range(n)), return_exceptions=True)
    values = [o for o in outcomes if isinstance(o, int)]
    if len(values) < n:
        reason = next((o for o in outcomes if isinstance(o, BaseException)), None)
        log.warning("%d of %d downstream calls failed: %r", n - len(values), n, reason)
        return error_response(502, f"{n - len(values)} of {n} downstream calls failed")
    result = fanout_result.validate_python({"k": n, "succeeded": len(values), "sum": sum(values)})
    return Response(fanout_result.dump_json(result), media_type="application/json")
