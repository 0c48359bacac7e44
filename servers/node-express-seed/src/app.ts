// The guide's Express + pg endpoint, line for line, in TypeScript. Kept exactly as written:
// `new Pool()` with pg's defaults (max 10 clients), no pool 'error' listener, console.error on
// failure and the guide's 500 JSON. The only changes are the ones every server under test needs:
// the port comes from PORT and the server binds to 127.0.0.1 instead of 3000 on all interfaces.
import express from 'express';
import pg from 'pg';

const { Pool } = pg;

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

app.get('/api/users', async (req, res) => {
  try {
    const { rows } = await pool.query('SELECT id, name, email FROM users LIMIT 50');
    res.json({ users: rows });
  } catch (err) {
    console.error(err);
    res.status(500).json({ error: 'Internal server error' });
  }
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? '127.0.0.1', () => console.log(`Server running on port ${port}`));
