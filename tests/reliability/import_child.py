"""One import, in a process of its own, for test_kill_import to kill: loads a planned import, says `ready`,
waits for a line on standard input, then stores it as services.import_file does and says `done SECONDS`."""

import pickle
import sys
import time

from analytics import services
from analytics.access import command_line_user
from analytics.local.store import LocalStore


def main(location: str, plan_file: str) -> None:
    with open(plan_file, "rb") as f:
        check = pickle.load(f)
    local = LocalStore(location)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    services.import_file(local, check, command_line_user())
    print(f"done {time.perf_counter() - started:.3f}", flush=True)
    local.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
