"""Runs a command in a real pseudo-terminal and answers its prompts.

Usage: python3 pty-driver.py '<json spec>'
spec: {"argv": [...], "env": {...}, "cwd": "...", "stdoutFile": "path or null",
       "steps": [["text to wait for", "what to type"], ...], "timeout": seconds}
"what to type" is written as is: "\n" ends a line, "\u0003" is Ctrl-C, "\u0004" is Ctrl-D.
Prints JSON {"transcript": everything the terminal showed, "exitCode": n, "error": null or text}.
stdin and stderr are the terminal; stdout goes to stdoutFile when given (like `verdict decide > file`).
"""
import json
import os
import pty
import select
import signal
import sys
import time

spec = json.loads(sys.argv[1])
deadline = time.monotonic() + spec.get("timeout", 30)

pid, fd = pty.fork()
if pid == 0:
    if spec.get("stdoutFile"):
        out = os.open(spec["stdoutFile"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.close(out)
    if spec.get("cwd"):
        os.chdir(spec["cwd"])
    os.execvpe(spec["argv"][0], spec["argv"], {**os.environ, **spec.get("env", {})})

transcript = b""
error = None


def read_some(wait):
    """Reads what the terminal has; returns False at end of output."""
    global transcript
    ready, _, _ = select.select([fd], [], [], wait)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # EIO: the child closed the terminal
        return False
    if not chunk:
        return False
    transcript += chunk
    return True


cursor = 0
alive = True
for expected, answer in spec["steps"]:
    needle = expected.encode()
    while alive and needle not in transcript[cursor:]:
        if time.monotonic() > deadline:
            error = f"timed out waiting for {expected!r}"
            break
        alive = read_some(0.1)
    if error or needle not in transcript[cursor:]:
        error = error or f"the program ended before showing {expected!r}"
        break
    cursor = transcript.index(needle, cursor) + len(needle)
    os.write(fd, answer.encode())

while alive and time.monotonic() < deadline:
    alive = read_some(0.1)

exit_code = None
if alive:
    error = error or "timed out waiting for the program to end"
    os.kill(pid, signal.SIGKILL)
_, status = os.waitpid(pid, 0)
exit_code = os.waitstatus_to_exitcode(status)
print(json.dumps({"transcript": transcript.decode("utf-8", "replace"), "exitCode": exit_code, "error": error}))
