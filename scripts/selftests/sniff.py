# SPDX-License-Identifier: GPL-2.0
"""A scapy sniffer that is capturing when its start returns.

AsyncSniffer.start() returns before its thread has opened the capture
socket; a frame sent right after it, or its answer, can be missed. On the
debug kernel that took more than the second the scenarios used to sleep.
"""
import threading
import time

from scapy.all import AsyncSniffer

# How long expected answers may take to come back, however slow the guest.
ANSWER_CAP_S = 30


def sniffer_start(start_timeout=30, **kw):
    """An AsyncSniffer(**kw), started, with its socket open.

    start_timeout bounds the wait for the socket; kw's timeout, if any, is
    AsyncSniffer's own (how long it sniffs).
    """
    ready = threading.Event()
    sn = AsyncSniffer(started_callback=ready.set, **kw)
    sn.start()
    if not ready.wait(start_timeout):
        raise SystemExit("the sniffer did not start within %d s" %
                         start_timeout)
    return sn


def wait_answers(seen, n, cap=ANSWER_CAP_S):
    """Wait until the list SEEN (a sniffer's prn=seen.append) holds N
    frames, at most CAP seconds, then a second more, for a late extra one
    (an answer that should not be there, or a silence after the answers):
    a fixed listening window made slowed guests miss late answers.
    """
    deadline = time.monotonic() + cap
    while len(seen) < n and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)
