"""Run a command with resource limits: ``python limits.py --memory B --processes N --file-size B -- CMD``.

Started inside the sandbox, before the kernel (a real file run by path: it imports only the
standard library). The process limit is set here, inside the sandbox's own user namespace, so it
counts the submission's processes only; it is not enforced for root, where the sandbox adds a
pids cgroup (sandbox.py)."""
import argparse
import os
import resource
import sys


def apply(memory, processes, file_size):
    """Set the limits on this process (inherited by everything it starts); no core files."""
    for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, processes),
                        (resource.RLIMIT_FSIZE, file_size), (resource.RLIMIT_CORE, 0)):
        if value is not None:
            resource.setrlimit(kind, (value, value))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="limits.py")
    parser.add_argument("--memory", type=int)
    parser.add_argument("--processes", type=int)
    parser.add_argument("--file-size", type=int)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    apply(args.memory, args.processes, args.file_size)
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
