#!/usr/bin/env python3
"""Writes a package index over a directory of distributions, as a static web server serves it:
simple/index.html and simple/<project>/index.html (PEP 503: links with #sha256= fragments and
data-requires-python), and the same as PEP 691 JSON in simple/<project>/index.json (a static server cannot
negotiate, so a client reads the JSON at that name).   write_index.py INDEX_DIR (its files/ holds the
distributions)"""
import hashlib, html, json, os, re, sys


def project_of(filename):
    stem = filename[:-len(".tar.gz")] if filename.endswith(".tar.gz") else filename
    return re.sub(r"[-_.]+", "-", stem.split("-")[0]).lower()


def main(index):
    files = sorted(os.listdir(os.path.join(index, "files")))
    projects = {}
    for name in files:
        with open(os.path.join(index, "files", name), "rb") as f:
            data = f.read()
        projects.setdefault(project_of(name), []).append((name, hashlib.sha256(data).hexdigest(), len(data)))
    simple = os.path.join(index, "simple")
    os.makedirs(simple)
    links = "".join(f'<a href="{p}/">{p}</a><br/>\n' for p in sorted(projects))
    with open(os.path.join(simple, "index.html"), "w") as f:
        f.write(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n")
    for project, dists in projects.items():
        os.makedirs(os.path.join(simple, project))
        anchors = "".join(
            f'<a href="../../files/{html.escape(n)}#sha256={h}" data-requires-python="&gt;=3.9">{html.escape(n)}</a><br/>\n'
            for n, h, _ in dists)
        with open(os.path.join(simple, project, "index.html"), "w") as f:
            f.write(f"<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                    f"<title>Links for {project}</title></head><body>\n<h1>Links for {project}</h1>\n{anchors}</body></html>\n")
        document = {"meta": {"api-version": "1.1"}, "name": project,
                    "files": [{"filename": n, "url": f"../../files/{n}", "hashes": {"sha256": h}, "size": s,
                               "requires-python": ">=3.9"} for n, h, s in dists]}
        with open(os.path.join(simple, project, "index.json"), "w") as f:
            json.dump(document, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
