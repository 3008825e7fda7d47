# SPDX-License-Identifier: GPL-2.0
"""A scapy sniffer that is capturing when its start returns.

AsyncSniffer.start() returns before its thread has opened the capture
socket; a frame sent right after it, or its answer, can be missed. On the
debug kernel that took more than the second the scenarios used to sleep.
"""
import threading

from scapy.all import AsyncSniffer


def sniffer_start(timeout=30, **kw):
    """An AsyncSniffer(**kw), started, with its socket open."""
    ready = threading.Event()
    sn = AsyncSniffer(started_callback=ready.set, **kw)
    sn.start()
    if not ready.wait(timeout):
        raise SystemExit("the sniffer did not start within %d s" % timeout)
    return sn
