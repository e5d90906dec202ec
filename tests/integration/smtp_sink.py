#!/usr/bin/env python3
"""smtp_sink.py DIR — a local SMTP sink for the notification mail test:
listens on 127.0.0.1 on a free port, prints "port N" once it listens, and
saves every message it accepts as DIR/NNN.eml (the envelope's recipients
in DIR/NNN.rcpt). With DIR/refuse present it answers 451 (try again
later) instead. Runs until killed. Needs aiosmtpd (Debian:
python3-aiosmtpd)."""
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.folder, "refuse")):
            return "451 4.3.0 not now"
        self.n += 1
        base = os.path.join(self.folder, "%03d" % self.n)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 OK"


def main():
    folder = sys.argv[1]
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    controller = Controller(Saver(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("port %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
