"""Builds and pushes this project's image with pycontainer-build's API, as its README shows.
Usage: build_image.py TAG BASE_IMAGE REGISTRY_REF"""
import json
import sys

from pycontainer.builder import ImageBuilder
from pycontainer.config import BuildConfig

tag, base_image, registry_ref = sys.argv[1:]
config = BuildConfig(
    tag=tag,
    context_path=".",
    base_image=base_image,
    include_deps=False,
    workdir="/srv/notes",
    env={"NOTES_MODE": "production", "PYTHONPATH": "/srv/notes/src"},
    labels={"version": "1.2.0", "maintainer": "team@example.com"},
    include_paths=["src/", "pyproject.toml"],
    entrypoint=["python3", "-m", "notes"],
    generate_sbom="spdx",
    reproducible=True,
    verbose=False,
    platform="linux/amd64",
)
builder = ImageBuilder(config)
result = builder.build()
assert result == tag, result
pushed = builder.push(registry_url=registry_ref, show_progress=False)
print(json.dumps({
    "tag": str(result),
    "digest": result.digest,
    "references": list(result.references),
    "layers": [{"digest": layer.digest, "size": layer.size, "media_type": layer.media_type} for layer in result.layers],
    "platform": result.platform,
    "outputs": list(result.outputs),
    "pushed": str(pushed),
    "pushed_digest": pushed.digest,
}))
