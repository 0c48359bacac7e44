"""Real-time endpoints, the same behaviour as node-fastify's routes/realtime.ts.

- `/ws`: a WebSocket chat room with FastAPI's own WebSocket support, served by uvicorn's
  "websockets-sansio" implementation (the websockets library's Sans-I/O protocol; uvicorn's
  default when websockets is installed, chosen explicitly in serve.py). permessage-deflate is
  off (serve.py), as on Node: compression costs memory per connection. Every text message a
  client sends is broadcast to every connected client with the loop of FastAPI's own WebSocket
  guide (ConnectionManager.broadcast: `await connection.send_text(message)` for each).
  uvicorn pings every client every 20 s (its default); Node sends the same heartbeat.
  A handshake from a page whose Origin is not allowed (allowed_origins.py, ALLOWED_ORIGINS) is
  refused with a JSON 403 before the upgrade; one without an Origin (not a browser page) is let in.
- `GET /api/events`: server-sent events with Starlette's StreamingResponse over an async
  generator. One timer for the whole server ticks every 100 ms, drift-free (loop.call_at from
  the first tick), and puts the same event `{seq, sentAt}` into every subscriber's queue; it
  runs only while someone is subscribed. Queues are unbounded: a slow client is not dropped
  (Node buffers its writes the same way). FastAPI's newer EventSourceResponse was not used:
  it runs two more tasks, two memory streams and a timeout scope per client for keep-alive
  comments, which this stream (an event every 100 ms) does not need.

Timestamps are wall-clock milliseconds with a fraction, so a client on the same machine can
measure delivery time.
"""
import asyncio
import os
import sys
import time

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask

from allowed_origins import is_allowed_origin, parse_allowed_origins
from common import error_response

EVENT_INTERVAL_S = 0.1

try:
    ALLOWED_ORIGINS = parse_allowed_origins(os.environ.get("ALLOWED_ORIGINS"))
except ValueError as error:
    sys.exit(str(error))  # one line on stderr, exit code 1, before the server listens

router = APIRouter()


class ChatRoom:
    def __init__(self) -> None:
        self.clients: set[WebSocket] = set()

    async def broadcast(self, message: str) -> None:
        # A copy: clients may join or leave while a send is awaited.
        for client in list(self.clients):
            try:
                await client.send_text(message)
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.clients.discard(client)


room = ChatRoom()


@router.websocket("/ws")
async def chat(websocket: WebSocket) -> None:
    origin = websocket.headers.get("origin")
    if origin is not None and not is_allowed_origin(origin, ALLOWED_ORIGINS):
        # Sent instead of the upgrade (uvicorn's websocket.http.response extension): a JSON 403.
        message = f"Origin {origin} may not open /ws; ALLOWED_ORIGINS lists the pages that may"
        await websocket.send_denial_response(error_response(403, message))
        return
    await websocket.accept()
    room.clients.add(websocket)
    try:
        while True:
            await room.broadcast(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
    finally:
        room.clients.discard(websocket)


class Ticker:
    """One timer for every subscriber; it stops when the last one leaves."""

    def __init__(self) -> None:
        self.subscribers: set[asyncio.Queue[bytes]] = set()
        self.seq = 0
        self.handle: asyncio.TimerHandle | None = None
        self.origin = 0.0
        self.ticks = 0

    def subscribe(self) -> "asyncio.Queue[bytes]":
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        self.subscribers.add(queue)
        if self.handle is None:
            loop = asyncio.get_running_loop()
            self.origin = loop.time()
            self.ticks = 0
            self.schedule(loop)
        return queue

    def schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        self.ticks += 1
        self.handle = loop.call_at(self.origin + self.ticks * EVENT_INTERVAL_S, self.tick)

    def tick(self) -> None:
        self.handle = None
        if not self.subscribers:
            return
        self.seq += 1
        frame = b'id: %d\ndata: {"seq":%d,"sentAt":%.3f}\n\n' % (self.seq, self.seq, time.time() * 1000)
        for queue in self.subscribers:
            queue.put_nowait(frame)
        self.schedule(asyncio.get_running_loop())


ticker = Ticker()


async def event_stream(queue: "asyncio.Queue[bytes]"):
    try:
        # A comment sends the headers at once, so the client knows it is subscribed.
        yield b": subscribed\n\n"
        while True:
            yield await queue.get()
    finally:
        ticker.subscribers.discard(queue)


@router.get(
    "/api/events",
    response_class=StreamingResponse,
    summary="Server-sent events: {seq, sentAt} every 100 ms",
    description="A text/event-stream that never ends; every subscriber receives the same event every 100 ms.",
)
async def events(request: Request) -> Response:
    if request.method == "HEAD":
        # HEAD (this endpoint's HEAD twin, app.py): the stream's headers, no subscription. A HEAD
        # response has no body, so a subscribed one would never end.
        return Response(media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    queue = ticker.subscribe()
    return StreamingResponse(
        event_stream(queue),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "Connection": "keep-alive"},
        # Starlette stops iterating the stream when the client goes away but closes the generator
        # only when it is collected: unsubscribe as soon as the response is over.
        background=BackgroundTask(ticker.subscribers.discard, queue),
    )
