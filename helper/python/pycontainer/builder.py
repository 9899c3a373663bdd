"""pycontainer-build's ImageBuilder over the compiled helper: build() runs `pycontainer build` with
each BuildConfig field as its flag, push() `pycontainer push` of the layout it wrote."""

import json
import os
import re
import tempfile
from pathlib import Path
from typing import List, Optional

from .config import BuildConfig
from .errors import PyContainerError
from .helper import run_helper
from .results import BuildResult, PushResult

_SBOM_FORMATS = ("spdx", "cyclonedx")


def _refuse(field, value, why):
    raise PyContainerError(f"BuildConfig.{field} = {value!r}: {why}")


def _pairs(field, mapping):
    if not isinstance(mapping, dict):
        _refuse(field, mapping, "expected a dict of str to str")
    return [f"{key}={value}" for key, value in mapping.items()]


def _words(field, value):
    """entrypoint and cmd: a list of words (a str is taken as the helper takes it: words or JSON)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, (list, tuple)) or not all(isinstance(word, str) for word in value):
        _refuse(field, value, "expected a list of str")
    return json.dumps(list(value))


def _repeat(flag, values):
    args = []
    for value in values:
        args += [flag, str(value)]
    return args


def build_arguments(config: BuildConfig) -> List[str]:
    """The `pycontainer build` arguments of a BuildConfig (no --metadata-file); refuses what the helper
    cannot honour."""
    args = ["build", "--context", str(config.context), "--tag", config.tag,
            "--workdir", config.workdir, "--output", str(config.output_dir)]
    if config.context_path is not None and config.context_dir not in (".", config.context_path):
        _refuse("context_path", config.context_path, f"differs from context_dir {config.context_dir!r}: give one")
    if not re.fullmatch(r"[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?(,[a-z0-9]+/[a-z0-9]+(/[a-z0-9]+)?)*", config.platform or ""):
        _refuse("platform", config.platform, "expected os/arch[/variant] or a comma-separated list, e.g. 'linux/amd64'")
    args += ["--platform", config.platform]
    if config.base_image:
        args += ["--base-image", config.base_image]
    if config.entrypoint:
        args += ["--entrypoint", _words("entrypoint", config.entrypoint)]
    if config.cmd:
        args += ["--cmd", _words("cmd", config.cmd)]
    if config.user:
        args += ["--user", str(config.user)]
    args += _repeat("--env", _pairs("env", config.env or {}))
    args += _repeat("--label", _pairs("labels", config.labels or {}))
    args += _repeat("--expose", config.exposed_ports or [])
    if config.include_paths is not None:
        if not config.include_paths:
            _refuse("include_paths", config.include_paths, "an empty list would leave the project out: use None")
        args += _repeat("--include", config.include_paths)
    if config.include_deps:
        args.append("--include-deps")
        if config.requirements_file != "requirements.txt":
            args += ["--requirements", config.requirements_file]
    elif config.requirements_file != "requirements.txt":
        _refuse("requirements_file", config.requirements_file, "only read with include_deps=True")
    if not config.use_cache:
        args.append("--no-cache")
    if config.cache_dir:
        args += ["--cache-dir", str(config.cache_dir)]
    if not isinstance(config.max_cache_size_mb, int) or config.max_cache_size_mb <= 0:
        _refuse("max_cache_size_mb", config.max_cache_size_mb, "expected a positive int")
    args += ["--cache-max-size", f"{config.max_cache_size_mb}M"]
    if not config.reproducible:
        args.append("--no-reproducible")
    sbom = config.generate_sbom
    if sbom is True:
        args += ["--sbom", "spdx"]
    elif isinstance(sbom, str) and sbom:
        if sbom not in _SBOM_FORMATS:
            _refuse("generate_sbom", sbom, "expected True, 'spdx' or 'cyclonedx'")
        args += ["--sbom", sbom]
    elif sbom not in (False, None, ""):
        _refuse("generate_sbom", sbom, "expected True, 'spdx' or 'cyclonedx'")
    if config.dry_run:
        args.append("--dry-run")
    return args


def _global_flags(config):
    return ["--verbose"] if config.verbose else ["--quiet"]


class ImageBuilder:
    """Builds the image BuildConfig describes into its output_dir, and pushes it."""

    def __init__(self, config: BuildConfig):
        self.config = config
        self.result: Optional[BuildResult] = None

    def build(self) -> BuildResult:
        """Builds the image; returns its tag as a BuildResult (digest, references, layers...). A dry run
        prints the plan and returns the tag."""
        config = self.config
        args = _global_flags(config) + build_arguments(config)
        if config.dry_run:
            print(run_helper(args, verbose=config.verbose), end="")
            return BuildResult(config.tag)
        with tempfile.TemporaryDirectory(prefix="pycontainer-") as scratch:
            metadata_file = Path(scratch) / "metadata.json"
            run_helper(args + ["--metadata-file", str(metadata_file)], verbose=config.verbose)
            metadata = json.loads(metadata_file.read_text())
        self.result = BuildResult(config.tag, metadata, self.inspect())
        return self.result

    def _layout_image(self):
        return f"{self.config.output_dir}:{self.config.tag.rsplit('/', 1)[-1].partition(':')[2] or 'latest'}"

    def inspect(self) -> dict:
        """The built image as `pycontainer inspect --json` describes it (layers, config, labels...)."""
        return json.loads(run_helper(["--quiet", "inspect", "--json", self._layout_image()]))

    def push(self, registry_url: Optional[str] = None, auth_token: Optional[str] = None,
             username: Optional[str] = None, password: Optional[str] = None,
             show_progress: bool = True) -> PushResult:
        """Pushes the built image to registry_url (REGISTRY/REPOSITORY[:TAG]; default: the tag). A token
        (auth_token) or password goes to the helper on stdin, never on its command line; without either
        the helper finds credentials as `pycontainer push` does (docker config, REGISTRY_* variables)."""
        if self.result is None:
            raise PyContainerError("Must call build() before push()")
        if self.config.dry_run:
            raise PyContainerError("BuildConfig.dry_run = True built nothing to push")
        if auth_token and password:
            raise PyContainerError("push(): give auth_token or password, not both")
        target = registry_url or self.config.tag
        args = _global_flags(self.config) + ["push", self._layout_image(), target]
        if not show_progress:
            args.append("--no-progress")
        secret = auth_token or password
        if username:
            args += ["--username", username]
        elif auth_token:
            args += ["--username", os.environ.get("GITHUB_ACTOR") or "token"]
        elif password:
            raise PyContainerError("push(): a password needs its username")
        if secret:
            args.append("--password-stdin")
        with tempfile.TemporaryDirectory(prefix="pycontainer-") as scratch:
            digest_file = Path(scratch) / "digest"
            run_helper(args + ["--digest-file", str(digest_file)], stdin=secret, verbose=self.config.verbose)
            pinned = digest_file.read_text().strip()
        return PushResult(target, pinned)
