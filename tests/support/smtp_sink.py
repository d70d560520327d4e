#!/usr/bin/python3
"""A real SMTP server on loopback for the notification tests (Debian's
python3-aiosmtpd).  Prints {"port": N} once listening, then one JSON line
per accepted message: {"from", "to", "data"}.  --fail-first N answers the
first N messages with a temporary 451; --reject ADDR refuses that
recipient for good (550)."""
import argparse
import asyncio
import json
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, fail_first, reject):
        self.fail_left = fail_first
        self.reject = set(reject)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return '550 5.1.1 no such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return '451 4.3.0 try again later'
        line = {'from': envelope.mail_from, 'to': envelope.rcpt_tos,
                'data': envelope.content.decode('utf-8', 'replace')}
        sys.stdout.write(json.dumps(line) + '\n')
        sys.stdout.flush()
        return '250 Message accepted'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fail-first', type=int, default=0)
    ap.add_argument('--reject', action='append', default=[])
    ap.add_argument('--port', type=int, default=0)
    args = ap.parse_args()
    port = args.port
    if not port:
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(Sink(args.fail_first, args.reject), hostname='127.0.0.1', port=port)
    controller.start()
    sys.stdout.write(json.dumps({'port': port}) + '\n')
    sys.stdout.flush()
    try:
        sys.stdin.read()  # until the test closes our stdin
    finally:
        controller.stop()


if __name__ == '__main__':
    main()
