#!/usr/bin/env python3
"""Runs a command with stdin and stderr on a pseudo-terminal, as in an interactive shell.

  pty_run.py STDOUT_FILE TERMINAL_FILE -- COMMAND [ARG...]

The command's stdout goes to STDOUT_FILE; everything it writes to the terminal is saved, byte for
byte, in TERMINAL_FILE (output post-processing is off, so "\\n" stays "\\n" and a "\\r" is the
command's own). Exits with the command's exit status.
"""
import os
import pty
import subprocess
import sys
import termios

stdout_file, terminal_file, separator, *command = sys.argv[1:]
if separator != "--" or not command:
    sys.exit(__doc__)
master, slave = pty.openpty()
attributes = termios.tcgetattr(slave)
attributes[1] &= ~termios.OPOST
termios.tcsetattr(slave, termios.TCSANOW, attributes)
with open(stdout_file, "wb") as out:
    process = subprocess.Popen(command, stdin=slave, stdout=out, stderr=slave)
os.close(slave)
received = bytearray()
while True:
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: every holder of the terminal has closed it
        break
    if not data:
        break
    received += data
with open(terminal_file, "wb") as f:
    f.write(received)
sys.exit(process.wait())
