"""Runs the guide's app (app.py, kept verbatim) under uvicorn.

The guide shows no launch command, so uvicorn keeps its defaults ("auto" picks uvloop and
httptools when installed, as uvicorn[standard] installs them). What every server under test
shares comes from the environment: PORT, WORKERS (uvicorn worker processes), 127.0.0.1, and the
access log only when LOG_REQUESTS=1 (uvicorn logs every request by default; the Node servers
do not, so it is off for a fair comparison unless asked for).
"""
import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run(
        "app:app",
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8000")),
        workers=max(1, int(os.environ.get("WORKERS", "1") or 1)),
        access_log=os.environ.get("LOG_REQUESTS") == "1",
    )
