# The guide's FastAPI endpoint with the guide's own production note applied: "production code
# should use asyncpg.create_pool() at startup ... so connections are reused rather than opened
# on every request". The pool is made in the lifespan with asyncpg's defaults (10 connections)
# and closed on shutdown; otherwise the endpoint is the guide's: connect() became acquire()
# and close() became the release at the end of the `async with`.
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
import asyncpg
import os


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"])
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)

class User(BaseModel):
    id: int
    name: str
    email: str

@app.get("/api/users", response_model=list[User])
async def get_users():
    try:
        async with app.state.pool.acquire() as conn:
            rows = await conn.fetch("SELECT id, name, email FROM users LIMIT 50")
        return [dict(row) for row in rows]
    except Exception as e:
        raise HTTPException(status_code=500, detail="Internal server error")
