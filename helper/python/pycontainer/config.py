"""pycontainer-build's BuildConfig: the same fields and defaults, read by pycontainer.builder, which
turns each into the helper's flag. Two defaults are the helper's: base_image None is python:X.Y-slim of
the project's requires-python (pycontainer-build: python:3.11-slim), and context_path is accepted beside
context_dir (pycontainer-build's plugins passed that name)."""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union


@dataclass
class BuildConfig:
    tag: str = "local/test:latest"
    base_image: Optional[str] = None
    context_dir: str = "."
    workdir: str = "/app"
    entrypoint: Optional[List[str]] = None
    env: Dict[str, str] = field(default_factory=dict)
    exposed_ports: List[Union[int, str]] = field(default_factory=list)
    include_paths: Optional[List[str]] = None
    output_dir: str = "dist/image"
    use_cache: bool = True
    cache_dir: Optional[str] = None
    max_cache_size_mb: int = 5000
    labels: Optional[Dict[str, str]] = None
    user: Optional[str] = None
    cmd: Optional[List[str]] = None
    include_deps: bool = False
    requirements_file: str = "requirements.txt"
    verbose: bool = False
    dry_run: bool = False
    platform: str = "linux/amd64"
    reproducible: bool = True
    generate_sbom: Union[bool, str] = False
    context_path: Optional[str] = None

    @property
    def context(self) -> str:
        """The project directory: context_path when given, else context_dir."""
        return self.context_path if self.context_path is not None else self.context_dir
