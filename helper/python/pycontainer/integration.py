"""What the Poetry plugin and the Hatch hook share: pycontainer-build's settings of a build tool
(command options, [tool.pycontainer], hook config) turned into a BuildConfig, built and pushed."""

from dataclasses import dataclass, field
from typing import Callable, Dict, Optional

from .builder import ImageBuilder
from .config import BuildConfig
from .results import BuildResult


@dataclass
class ProjectImage:
    """One image of a project, with the plugins' defaults (include_deps on, as pycontainer-build's)."""

    tag: str
    context: str
    base_image: Optional[str] = None
    include_deps: bool = True
    env: Dict[str, str] = field(default_factory=dict)
    labels: Dict[str, str] = field(default_factory=dict)
    sbom: Optional[str] = None
    verbose: bool = False
    dry_run: bool = False
    use_cache: bool = True
    push: bool = False
    registry: Optional[str] = None

    def build(self, say: Callable[[str], None]) -> BuildResult:
        """Builds (and pushes when asked); says what it does through say()."""
        config = BuildConfig(tag=self.tag, context_path=self.context, base_image=self.base_image,
                             include_deps=self.include_deps, env=dict(self.env), labels=dict(self.labels),
                             verbose=self.verbose, dry_run=self.dry_run, use_cache=self.use_cache,
                             generate_sbom=self.sbom or False)
        builder = ImageBuilder(config)
        result = builder.build()
        if self.dry_run:
            return result
        say(f"built {result}@{result.digest} into {config.output_dir}")
        if self.push:
            pushed = builder.push(registry_url=self.registry, show_progress=self.verbose)
            say(f"pushed {pushed.reference}")
        return result
