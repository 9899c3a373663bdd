#!/usr/bin/env python3
"""Writes one wheel (PEP 427) as a build backend would: the files given, a .dist-info with METADATA,
WHEEL, entry_points.txt and RECORD (sha256, urlsafe base64 without padding, and sizes), members sorted
with fixed times and modes, so the same inputs give the same bytes.

  make_wheel.py OUT_DIR --name N --version V --tag T [--tag T...] [--platlib] [--requires SPEC...]
                [--console-script NAME=MODULE:FUNC...] [--entry-points FILE] [--tree DIR] [SOURCE=MEMBER...]
--tree adds the regular files under DIR (symbolic links left out: a wheel cannot hold them); --entry-points
is copied as the entry_points.txt. Prints the wheel's path."""
import argparse, base64, hashlib, os, re, sys, zipfile

EPOCH = (2020, 2, 2, 0, 0, 0)


def member(archive, name, data, mode=0o644):
    info = zipfile.ZipInfo(name, EPOCH)
    info.external_attr = (0o100000 | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compressed_tags(tags):
    parts = [t.split("-") for t in tags]
    return "-".join(".".join(dict.fromkeys(p[i] for p in parts)) for i in range(3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--tag", action="append", required=True)
    parser.add_argument("--platlib", action="store_true")
    parser.add_argument("--requires", action="append", default=[])
    parser.add_argument("--console-script", action="append", default=[])
    parser.add_argument("--entry-points")
    parser.add_argument("--tree")
    parser.add_argument("--summary", default="A package of the tests' wheel index")
    parser.add_argument("files", nargs="*", help="SOURCE=MEMBER")
    args = parser.parse_intermixed_args()

    stem = re.sub(r"[-_.]+", "_", args.name).lower()
    dist_info = f"{stem}-{args.version}.dist-info"
    contents = {}
    if args.tree:
        for directory, _, names in os.walk(args.tree):
            for file in names:
                path = os.path.join(directory, file)
                if not os.path.islink(path):
                    with open(path, "rb") as f:
                        contents[os.path.relpath(path, args.tree)] = f.read()
    for spec in args.files:
        source, name = spec.split("=", 1)
        with open(source, "rb") as f:
            contents[name] = f.read()
    metadata = [f"Metadata-Version: 2.1", f"Name: {args.name}", f"Version: {args.version}",
                f"Summary: {args.summary}", "Requires-Python: >=3.9"]
    metadata += [f"Requires-Dist: {spec}" for spec in args.requires]
    contents[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    wheel = ["Wheel-Version: 1.0", "Generator: pycontainer-tests (make_wheel.py)",
             f"Root-Is-Purelib: {'false' if args.platlib else 'true'}"]
    wheel += [f"Tag: {tag}" for tag in args.tag]
    contents[f"{dist_info}/WHEEL"] = ("\n".join(wheel) + "\n").encode()
    if args.entry_points:
        with open(args.entry_points, "rb") as f:
            contents[f"{dist_info}/entry_points.txt"] = f.read()
    elif args.console_script:
        contents[f"{dist_info}/entry_points.txt"] = (
            "[console_scripts]\n" + "".join(s.replace("=", " = ", 1) + "\n" for s in args.console_script)).encode()
    record = [record_line(name, data) for name, data in sorted(contents.items())]
    record.append(f"{dist_info}/RECORD,,")
    contents[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()

    path = os.path.join(args.out, f"{stem}-{args.version}-{compressed_tags(args.tag)}.whl")
    partial = path + ".partial"
    with zipfile.ZipFile(partial, "w") as archive:
        # The .dist-info last, as the wheel specification recommends; RECORD at the very end.
        order = sorted(contents, key=lambda n: (n.startswith(dist_info), n.endswith("/RECORD"), n))
        for name in order:
            member(archive, name, contents[name], 0o755 if name.endswith(".so") else 0o644)
    os.replace(partial, path)
    print(path)


if __name__ == "__main__":
    sys.exit(main())
