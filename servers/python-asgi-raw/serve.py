"""Runs the bare ASGI app under uvicorn with the same server settings as python-fastapi-tuned.

uvloop (libuv event loop) and httptools (llhttp parser, as in Node) set explicitly; WORKERS
uvicorn worker processes; the access log only when LOG_REQUESTS=1; the lifespan on (it makes
and closes the pool); on SIGTERM/SIGINT uvicorn stops accepting, finishes requests in flight (up
to 5 s) and runs the lifespan shutdown, which closes the pool.
"""
import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run(
        "app:app",
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8000")),
        workers=max(1, int(os.environ.get("WORKERS", "1") or 1)),
        loop="uvloop",
        http="httptools",
        lifespan="on",
        access_log=os.environ.get("LOG_REQUESTS") == "1",
        timeout_graceful_shutdown=5,
        # Not behind a proxy: do not parse X-Forwarded-* on every request (as python-fastapi-tuned).
        proxy_headers=False,
    )
