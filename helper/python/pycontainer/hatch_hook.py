"""pycontainer-build's Hatch build hook over the helper: [tool.hatch.build.hooks.pycontainer] builds the
project's image when Hatch builds (keys as the old hook's: tag, base-image, push, registry, include-deps,
sbom, verbose, env, labels, no-cache, skip; `-` or `_`)."""

from hatchling.builders.hooks.plugin.interface import BuildHookInterface
from hatchling.plugin import hookimpl

from .errors import PyContainerError
from .integration import ProjectImage

_KEYS = {"tag", "base_image", "push", "registry", "include_deps", "sbom", "verbose", "env", "labels",
         "no_cache", "skip", "dependencies", "require_runtime_dependencies", "require_runtime_features",
         "enable_by_default"}


class ContainerBuildHook(BuildHookInterface):
    PLUGIN_NAME = "pycontainer"

    def _settings(self):
        settings = {}
        for key, value in self.config.items():
            name = key.replace("-", "_")
            if name not in _KEYS:
                raise PyContainerError(f"[tool.hatch.build.hooks.pycontainer] has no key '{key}' "
                                       f"(known: {', '.join(sorted(k.replace('_', '-') for k in _KEYS))})")
            settings[name] = value
        return settings

    def initialize(self, version, build_data):
        settings = self._settings()
        if settings.get("skip", False):
            return
        project_version = self.metadata.version
        labels = dict(settings.get("labels", {}))
        labels["org.opencontainers.image.version"] = project_version
        image = ProjectImage(
            tag=settings.get("tag") or f"{self.metadata.name}:{project_version}", context=self.root,
            base_image=settings.get("base_image"), include_deps=settings.get("include_deps", True),
            env=settings.get("env", {}), labels=labels, sbom=settings.get("sbom"),
            verbose=settings.get("verbose", False), use_cache=not settings.get("no_cache", False),
            push=settings.get("push", False), registry=settings.get("registry"))
        say = self.app.display_info
        try:
            result = image.build(say)
        except PyContainerError as error:
            raise PyContainerError(f"container build failed: {error.message}", error.exit_code) from None
        build_data["container_image"] = {"tag": image.tag, "digest": result.digest, "base_image": image.base_image,
                                         "pushed": image.push}


@hookimpl
def hatch_register_build_hook():
    return ContainerBuildHook
