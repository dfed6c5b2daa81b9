#!/usr/bin/env python3
# A stand-in for systemd's notify socket in tests: binds a Unix datagram socket (Node's dgram has
# none) and prints each message as one JSON line {"at": ms since epoch, "fields": {...}}.
# Like systemd, it closes the file descriptors a message carries, which is what releases a
# `systemd-notify` waiting on its BARRIER=1.
import array
import json
import os
import socket
import sys
import time

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
print(json.dumps({"listening": path}), flush=True)
fd_size = array.array("i").itemsize
parent = os.getppid()
# Wake up every second to leave with the test process, even if it died without killing us.
sock.settimeout(1.0)
while True:
    try:
        data, ancillary, _flags, _addr = sock.recvmsg(4096, socket.CMSG_SPACE(16 * fd_size))
    except socket.timeout:
        if os.getppid() != parent:
            sys.exit(0)
        continue
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            for fd in array.array("i", payload[: len(payload) - len(payload) % fd_size]):
                os.close(fd)
    fields = dict(line.split("=", 1) for line in data.decode().splitlines() if "=" in line)
    print(json.dumps({"at": time.time() * 1000, "fields": fields}), flush=True)
