#!/usr/bin/env python3
"""Writes an sdist (NAME-VERSION.tar.gz with PKG-INFO) of a source directory, with fixed times, owners and
order, so the same sources give the same bytes.   make_sdist.py OUT_DIR NAME VERSION SOURCE_DIR"""
import gzip, io, os, sys, tarfile


def main(out, name, version, source):
    root = f"{name}-{version}"
    files = {"PKG-INFO": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()}
    for directory, _, names in os.walk(source):
        for file in names:
            path = os.path.join(directory, file)
            with open(path, "rb") as f:
                files[os.path.relpath(path, source)] = f.read()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name_in, data in sorted(files.items()):
            info = tarfile.TarInfo(f"{root}/{name_in}")
            info.size, info.mtime, info.mode = len(data), 1580601600, 0o644
            tar.addfile(info, io.BytesIO(data))
    path = os.path.join(out, f"{root}.tar.gz")
    with open(path + ".partial", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
            gz.write(buffer.getvalue())
    os.replace(path + ".partial", path)
    print(path)


if __name__ == "__main__":
    main(*sys.argv[1:])
