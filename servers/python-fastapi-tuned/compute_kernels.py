"""The compute workload's data and implementations, apart from the web app so they can be run alone.

Data (the same, bit for bit, as node-fastify's compute/data.ts and verdict's reference):
xorshift32 (Marsaglia 2003: x ^= x << 13; x ^= x >> 17; x ^= x << 5, on 32 bits), one stream per
data set, each value the next state divided by 2^32, a float64 in [0, 1) that both runtimes
represent exactly. A and B are MATRIX_SIZE x MATRIX_SIZE row-major, the stats sample STATS_COUNT
values. Generated once per process on the first compute request, then kept; not at startup, so
the other workloads' memory figures carry neither the data nor NumPy (verdict's preflight makes
that first request before any timing).

Implementations:
- "numpy": A @ B (OpenBLAS dgemm); ndarray.mean, ndarray.std (ddof 0), np.percentile (its
  default linear method, over a partitioned copy). BLAS runs one thread (OPENBLAS_NUM_THREADS=1):
  the same CPU budget as Node's one JavaScript thread; with WORKERS=N each process has one.
- "pure-python": no extension module. The product as list comprehensions over
  sum(map(operator.mul, row, column)), the fastest pure-Python idiom (explicit for-loops measured
  about 2.5 times slower); statistics with sum() in two passes and one sorted() copy.
"""
import math
import operator
import os

MATRIX_SIZE = 192
STATS_COUNT = 1_000_000
SEEDS = {"a": 0x9E3779B9, "b": 0x85EBCA6B, "stats": 0xC2B2AE35}
PERCENTILES = (50, 90, 99)
IMPLEMENTATIONS = ("numpy", "pure-python")
MASK = 0xFFFFFFFF


def xorshift32(seed: int, count: int) -> list[float]:
    """`count` values of xorshift32 from `seed` (non-zero), each divided by 2^32."""
    x = seed & MASK
    out = [0.0] * count
    scale = 1.0 / 4294967296.0  # a power of two: x * scale is exact, as x / 2^32 in JavaScript
    for i in range(count):
        x ^= (x << 13) & MASK
        x ^= x >> 17
        x ^= (x << 5) & MASK
        out[i] = x * scale
    return out


def sample_positions(n: int) -> list[tuple[int, int]]:
    return [(0, 0), (n >> 1, n >> 2), (n - 1, n - 1)]


def percentile_of_sorted(ordered, p: float) -> float:
    """NumPy's default percentile (linear, Hyndman and Fan type 7): h = (n - 1) * p / 100."""
    h = (len(ordered) - 1) * (p / 100)
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


class Data:
    """The inputs in the form each implementation uses: Python lists, and NumPy arrays of them."""

    def __init__(self) -> None:
        n = MATRIX_SIZE
        a = xorshift32(SEEDS["a"], n * n)
        b = xorshift32(SEEDS["b"], n * n)
        self.size = n
        self.a_rows = [a[i * n : (i + 1) * n] for i in range(n)]
        self.b_rows = [b[i * n : (i + 1) * n] for i in range(n)]
        self.sample = xorshift32(SEEDS["stats"], STATS_COUNT)
        # Only now, on first use: NumPy (and its BLAS) load with the data, not at app startup.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        import numpy

        self.np = numpy
        self.a_np = numpy.array(a).reshape(n, n)
        self.b_np = numpy.array(b).reshape(n, n)
        self.sample_np = numpy.array(self.sample)
        for array in (self.a_np, self.b_np, self.sample_np):
            array.setflags(write=False)


_data: Data | None = None


def data() -> Data:
    """The data, made on first use (handlers run on the event loop thread, one at a time)."""
    global _data
    if _data is None:
        _data = Data()
    return _data


def _matmul_summary(n: int, entry, total: float) -> dict:
    trace = sum(entry(i, i) for i in range(n))
    samples = [{"row": r, "column": c, "value": entry(r, c)} for r, c in sample_positions(n)]
    return {"size": n, "sum": total, "trace": trace, "samples": samples}


def matmul_numpy() -> dict:
    d = data()
    c = d.a_np @ d.b_np
    return _matmul_summary(d.size, lambda r, k: float(c[r, k]), float(c.sum()))


def matmul_pure_python() -> dict:
    d = data()
    columns = list(zip(*d.b_rows))  # B transposed, so each entry is a dot product of two sequences
    c = [[sum(map(operator.mul, row, column)) for column in columns] for row in d.a_rows]
    return _matmul_summary(d.size, lambda r, k: c[r][k], sum(map(sum, c)))


def stats_numpy() -> dict:
    d = data()
    values = d.sample_np
    p50, p90, p99 = (float(v) for v in d.np.percentile(values, PERCENTILES))
    return {"count": int(values.size), "mean": float(values.mean()), "std": float(values.std()), "p50": p50, "p90": p90, "p99": p99}


def stats_pure_python() -> dict:
    values = data().sample
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((x - mean) * (x - mean) for x in values) / n)
    ordered = sorted(values)
    p50, p90, p99 = (percentile_of_sorted(ordered, p) for p in PERCENTILES)
    return {"count": n, "mean": mean, "std": std, "p50": p50, "p90": p90, "p99": p99}


MATMUL = {"numpy": matmul_numpy, "pure-python": matmul_pure_python}
STATS = {"numpy": stats_numpy, "pure-python": stats_pure_python}
