"""What build() and push() return: the reference as a str (what pycontainer-build returned), with the
helper's JSON output as typed attributes."""

from dataclasses import dataclass
from typing import Optional, Tuple


@dataclass(frozen=True)
class Layer:
    digest: str
    diff_id: str
    size: int
    media_type: str


class BuildResult(str):
    """The image's tag, with ``digest`` (its manifest's), ``references``, ``platform``, ``size`` (the
    image's bytes), ``outputs`` (paths written) from the build's --metadata-file, and ``layers`` and
    ``image`` (the whole `inspect --json` document) from the layout. A dry run gives the tag only
    (digest None, no layers)."""

    digest: Optional[str]
    references: Tuple[str, ...]
    layers: Tuple[Layer, ...]

    def __new__(cls, tag, metadata=None, image=None):
        result = super().__new__(cls, tag)
        metadata = metadata or {}
        result.image = image or {}
        result.metadata = metadata
        result.digest = metadata.get("digest")
        result.references = tuple(metadata.get("references", ()))
        result.platform = result.image.get("platform")
        result.size = result.image.get("total_size")
        result.outputs = tuple(output.get("path") for output in metadata.get("outputs", ()))
        result.layers = tuple(Layer(layer["digest"], layer.get("diff_id", ""), layer["size"],
                                    layer.get("media_type", ""))
                              for layer in result.image.get("layers", ()))
        return result


class PushResult(str):
    """The pushed reference REGISTRY/REPOSITORY:TAG, with ``digest`` (the manifest's digest the
    registry serves for it) and ``reference`` (the pinned NAME@sha256:... the helper wrote)."""

    def __new__(cls, target, pinned):
        result = super().__new__(cls, target)
        result.reference = pinned
        result.digest = pinned.rsplit("@", 1)[1] if "@" in pinned else None
        return result
