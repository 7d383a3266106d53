#!/usr/bin/env python3
"""Run a command in a pseudo-terminal of a given size, play a script against it, print JSON.

usage: pty-run.py COLS ROWS SCRIPT_JSON -- COMMAND [ARGS...]
SCRIPT_JSON: a list of steps: {"expect": REGEX, "timeout": S}, {"send": TEXT}, {"sleep": S}.
Prints {"output": everything the terminal received, "code": exit code (128+N for signal N),
"timedOut": whether an expected text or the exit did not come in time}.
"""
import fcntl, json, os, pty, re, select, signal, struct, sys, termios, time

def main():
    cols, rows, script = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
    command = sys.argv[sys.argv.index('--') + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(command[0], command, os.environ)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    output = bytearray()
    eof = False
    timed_out = False

    def read_for(seconds):
        """Read what comes within `seconds` (returns early at EOF)."""
        nonlocal eof
        end = time.time() + seconds
        while not eof:
            left = end - time.time()
            if left <= 0:
                return
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b''
            if not chunk:
                eof = True
                return
            output.extend(chunk)

    for step in script:
        if 'expect' in step:
            pattern = re.compile(step['expect'].encode())
            deadline = time.time() + step.get('timeout', 15)
            while not pattern.search(output) and not eof and time.time() < deadline:
                read_for(0.05)
            if not pattern.search(output):
                timed_out = True
                break
        elif 'send' in step:
            if not eof:
                os.write(fd, step['send'].encode())
        elif 'sleep' in step:
            read_for(step['sleep'])
    deadline = time.time() + 30
    while not eof and time.time() < deadline:
        read_for(0.1)
    if not eof:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({'output': output.decode('utf-8', 'replace'), 'code': code if code >= 0 else 128 - code, 'timedOut': timed_out}))

main()
