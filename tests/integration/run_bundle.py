#!/usr/bin/env python3
"""Runs the process of a runtime bundle (umoci unpack) in its root filesystem with chroot: the
entrypoint, environment and working directory from BUNDLE/config.json, as a container runtime would
(no namespaces: the process shares the host's loopback network).

    run_bundle.py BUNDLE [--timeout SECONDS] [-- EXTRA ARGS]
"""
import json
import os
import subprocess
import sys


def main() -> int:
    args = sys.argv[1:]
    bundle = args.pop(0)
    timeout = 60.0
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[: args.index("--")]
    if args[:1] == ["--timeout"]:
        timeout = float(args[1])
    config = json.load(open(os.path.join(bundle, "config.json")))
    process = config["process"]
    argv = process["args"] + extra
    env = dict(item.split("=", 1) for item in process.get("env", []))
    rootfs = os.path.join(bundle, config["root"]["path"])
    cwd = process.get("cwd", "/")

    def enter() -> None:
        os.chroot(rootfs)
        os.chdir(cwd)

    path = env.get("PATH", "/usr/bin:/bin")
    program = argv[0]
    if "/" not in program:
        for directory in path.split(":"):
            if os.access(os.path.join(rootfs, directory.lstrip("/"), program), os.X_OK):
                program = os.path.join(directory, program)
                break
    completed = subprocess.run([program] + argv[1:], env=env, preexec_fn=enter, timeout=timeout)
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main())
