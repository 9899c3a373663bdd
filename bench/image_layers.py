#!/usr/bin/env python3
"""The layers an image adds to its base, one line each: name (from the image's history), blob bytes and,
with --gzip6, the bytes of the layer's tar and of that tar compressed by `gzip -6`.

    bench/image_layers.py LAYOUT BASE_LAYOUT [--gzip6]

LAYOUT and BASE_LAYOUT are OCI layouts holding one image each (BASE_LAYOUT may be an empty layout).
"""
import gzip
import json
import subprocess
import sys
import threading


def blob_path(layout, digest):
    return f"{layout}/blobs/{digest.replace(':', '/')}"


def image(layout):
    """(layers, names): the image's layer descriptors and a name for each."""
    read = lambda digest: json.load(open(blob_path(layout, digest)))
    manifests = json.load(open(f"{layout}/index.json"))["manifests"]
    if not manifests:
        return [], []
    manifest = read(manifests[0]["digest"])
    history = [h for h in read(manifest["config"]["digest"]).get("history", []) if not h.get("empty_layer")]
    names = [h.get("created_by", "").split(": ")[-1].split(" layer")[0] for h in history]
    layers = manifest["layers"]
    return layers, names + ["-"] * (len(layers) - len(names))


def gzip6(path):
    """(tar bytes, gzip -6 bytes) of a gzip blob."""
    counter = subprocess.Popen(["gzip", "-6"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    compressed = []
    reader = threading.Thread(target=lambda: compressed.append(len(counter.stdout.read())))
    reader.start()
    size = 0
    with gzip.open(path) as tar:
        while chunk := tar.read(1 << 20):
            size += len(chunk)
            counter.stdin.write(chunk)
    counter.stdin.close()
    reader.join()
    if counter.wait() != 0:
        sys.exit("image_layers: gzip -6 failed")
    return size, compressed[0]


def main():
    layout, base_layout = sys.argv[1:3]
    base = {layer["digest"] for layer in image(base_layout)[0]}
    layers, names = image(layout)
    for layer, name in zip(layers, names):
        if layer["digest"] in base:
            continue
        fields = [name, str(layer["size"])]
        if "--gzip6" in sys.argv[3:]:
            fields += map(str, gzip6(blob_path(layout, layer["digest"])))
        print("\t".join(fields))


main()
