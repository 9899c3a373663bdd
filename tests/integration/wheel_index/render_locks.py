#!/usr/bin/env python3
"""Copies the lock templates (tests/locks/wheel-index) with @sha256:FILE@ and @size:FILE@ replaced by the
hash and size of the index's FILE; a FILE the index lacks is an error. The README is not copied.
  render_locks.py TEMPLATES_DIR INDEX_DIR OUT_DIR"""
import hashlib, os, re, shutil, sys


def main(templates, index, out):
    files = os.path.join(index, "files")

    def value(match):
        kind, name = match.group(1), match.group(2)
        path = os.path.join(files, name)
        if not os.path.isfile(path):
            sys.exit(f"render_locks.py: {name} is not in {files}")
        with open(path, "rb") as f:
            data = f.read()
        return hashlib.sha256(data).hexdigest() if kind == "sha256" else str(len(data))

    for directory, _, names in os.walk(templates):
        target = os.path.join(out, os.path.relpath(directory, templates))
        os.makedirs(target, exist_ok=True)
        for name in names:
            if directory == templates and name == "README.md":
                continue
            with open(os.path.join(directory, name)) as f:
                text = re.sub(r"@(sha256|size):([^@]+)@", value, f.read())
            with open(os.path.join(target, name), "w") as f:
                f.write(text)
            shutil.copymode(os.path.join(directory, name), os.path.join(target, name))


if __name__ == "__main__":
    main(*sys.argv[1:])
