"""`poetry build-container`: pycontainer-build's Poetry plugin over the helper, the same options and
[tool.pycontainer] keys. Poetry's own --verbose (-v) and --no-cache are the old plugin's."""

from cleo.helpers import option
from poetry.console.commands.command import Command
from poetry.plugins.application_plugin import ApplicationPlugin

from .errors import PyContainerError
from .integration import ProjectImage


def _setting(tool, key, default=None):
    """A [tool.pycontainer] key, spelt with _ or - (as pycontainer-build's plugins wrote them)."""
    for name in (key, key.replace("_", "-")):
        if name in tool:
            return tool[name]
    return default


class ContainerBuildCommand(Command):
    name = "build-container"
    description = "Build an OCI container image of the project with pycontainer"
    options = [
        option("tag", "t", "Container image tag (default: [tool.pycontainer] tag, else NAME:VERSION)", flag=False),
        option("base-image", "b", "Base container image (default: python:X.Y-slim of requires-python)", flag=False),
        option("registry", "r", "Container registry to push to (default: the tag's)", flag=False),
        option("push", "p", "Push image to registry", flag=True),
        option("include-deps", "d", "Include the project's dependencies (the default)", flag=True),
        option("sbom", "s", "Generate SBOM (spdx or cyclonedx)", flag=False),
        option("dry-run", None, "Show what would be built without building", flag=True),
    ]

    def _flag(self, name, tool, key, default):
        if self.io.input.has_parameter_option(f"--{name}"):
            return True
        return bool(_setting(tool, key, default))

    def handle(self) -> int:
        package = self.poetry.package
        tool = self.poetry.pyproject.data.get("tool", {}).get("pycontainer", {})
        labels = {"org.opencontainers.image.title": package.name,
                  "org.opencontainers.image.version": str(package.version),
                  "org.opencontainers.image.description": package.description or ""}
        if package.authors:
            labels["org.opencontainers.image.authors"] = ", ".join(str(a) for a in package.authors)
        labels.update(_setting(tool, "labels", {}))
        image = ProjectImage(
            tag=self.option("tag") or _setting(tool, "tag") or f"{package.name}:{package.version}",
            context=str(self.poetry.file.path.parent),
            base_image=self.option("base-image") or _setting(tool, "base_image"),
            include_deps=self._flag("include-deps", tool, "include_deps", True),
            env=_setting(tool, "env", {}), labels=labels,
            sbom=self.option("sbom") or _setting(tool, "sbom"),
            verbose=self.io.is_verbose() or bool(_setting(tool, "verbose", False)),
            dry_run=self._flag("dry-run", tool, "dry_run", False),
            use_cache=not (self.io.input.has_parameter_option("--no-cache") or _setting(tool, "no_cache", False)),
            push=self._flag("push", tool, "push", False),
            registry=self.option("registry") or _setting(tool, "registry"))
        self.line(f"<info>Building container image for {package.name} v{package.version}</info>")
        try:
            image.build(self.line)
        except PyContainerError as error:
            self.line_error(f"<error>Build failed: {error.message}</error>")
            return error.exit_code
        return 0


class PycontainerPlugin(ApplicationPlugin):
    def activate(self, application):
        application.command_loader.register_factory("build-container", ContainerBuildCommand)
