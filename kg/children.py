"""Child processes die with their parent.

A build forks helpers (statute parse workers, index segment writers).  If
the build is killed with ``kill -9`` nothing runs in it any more, so each
helper asks the kernel to kill it when its parent dies (Linux
``prctl(PR_SET_PDEATHSIG)``; elsewhere a no-op).
"""

from __future__ import annotations

import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> bool:
    """Call first thing in a child: SIGKILL it when ``parent_pid`` dies.  Returns whether it is armed.

    The forking thread must outlive the child (Linux signals when that thread
    exits); the pools and writers here fork from the thread that waits for them.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)
    return True
