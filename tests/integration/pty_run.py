#!/usr/bin/env python3
"""pty_run.py COMMAND... -- runs COMMAND with its standard error on a pseudo-
terminal (as a user at a terminal has it) and its standard output on a pipe,
and prints one JSON object: the exit status, the standard output, and every
byte written to the terminal (standard error), for progress_test.sh."""
import json
import os
import pty
import subprocess
import sys
import threading


def main():
    master, slave = pty.openpty()
    p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=slave)
    os.close(slave)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last holder of the terminal closed it
            break
        if not chunk:
            break
        err += chunk
    rc = p.wait()
    reader.join()
    os.close(master)
    json.dump({"rc": rc, "stdout": out[0].decode("utf-8", "replace"),
               "stderr": err.decode("utf-8", "replace")}, sys.stdout)


if __name__ == "__main__":
    main()
