"""GET /api/compute/matmul and GET /api/compute/stats?implementation=NAME: CPU-bound numeric work
on fixed generated data (compute_kernels.py), by the implementation named in the query (numpy or
pure-python; anything else is a 422 through the app's handler).

The answer is a summary of the result (sum, trace and sample entries of the product; mean,
deviation and percentiles) that verdict compares across every implementation of both runtimes
before it times anything. The handlers are `async def` and compute on the event loop, as
node-fastify's do on Node's: FastAPI's threadpool (a plain `def`) would add no CPU under the GIL
and the one-CPU pin, only a thread hop per request. The response is validated by pydantic, as
every response of this app. app.py includes this module's router.
"""
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import TypeAdapter
from typing_extensions import TypedDict

import compute_kernels as kernels
from common import ERRORS

Implementation = Annotated[Literal["numpy", "pure-python"], Query(description="Which implementation computes the answer.")]


class Entry(TypedDict):
    row: int
    column: int
    value: float


class MatmulResult(TypedDict):
    operation: Literal["matmul"]
    implementation: str
    size: int
    sum: float
    trace: float
    samples: list[Entry]


class StatsResult(TypedDict):
    operation: Literal["stats"]
    implementation: str
    count: int
    mean: float
    std: float
    p50: float
    p90: float
    p99: float


matmul_result = TypeAdapter(MatmulResult)
stats_result = TypeAdapter(StatsResult)
router = APIRouter()


@router.get("/api/compute/matmul", response_model=MatmulResult, summary="Multiply two fixed 192 x 192 float64 matrices", responses=ERRORS)
async def matmul(implementation: Implementation) -> Response:
    result = matmul_result.validate_python({"operation": "matmul", "implementation": implementation, **kernels.MATMUL[implementation]()})
    return Response(matmul_result.dump_json(result), media_type="application/json")


@router.get("/api/compute/stats", response_model=StatsResult, summary="Mean, standard deviation and percentiles of 1,000,000 fixed floats", responses=ERRORS)
async def stats(implementation: Implementation) -> Response:
    result = stats_result.validate_python({"operation": "stats", "implementation": implementation, **kernels.STATS[implementation]()})
    return Response(stats_result.dump_json(result), media_type="application/json")
