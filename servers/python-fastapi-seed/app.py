from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
import asyncpg
import os

app = FastAPI()

class User(BaseModel):
    id: int
    name: str
    email: str

@app.get("/api/users", response_model=list[User])
async def get_users():
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        rows = await conn.fetch("SELECT id, name, email FROM users LIMIT 50")
        return [dict(row) for row in rows]
    except Exception as e:
        raise HTTPException(status_code=500, detail="Internal server error")
    finally:
        await conn.close()
