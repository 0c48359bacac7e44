"""Runs the tuned app under uvicorn with the fast parts chosen explicitly.

uvloop (libuv event loop) and httptools (llhttp parser, as in Node) instead of relying on
"auto"; WORKERS uvicorn worker processes; the access log only when LOG_REQUESTS=1; on
SIGTERM/SIGINT uvicorn stops accepting, finishes requests in flight (up to 5 s) and runs the
lifespan shutdown, which closes the pool.
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
        # WebSockets: uvicorn's websockets Sans-I/O implementation (its default with websockets installed),
        # named explicitly; permessage-deflate off, as on Node (compression costs memory per connection).
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        access_log=os.environ.get("LOG_REQUESTS") == "1",
        timeout_graceful_shutdown=5,
        # Not behind a proxy: do not parse X-Forwarded-* on every request (Node does not either).
        proxy_headers=False,
    )
