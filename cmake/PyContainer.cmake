# Distributed under the MIT License.
#[=======================================================================[.rst:
PyContainer
-----------

Container images for Python projects as ordinary, incremental build targets, without Docker.

Load it with ``find_package(PyContainer)`` (an installed PyContainer) or ``add_subdirectory()`` /
``FetchContent`` of the PyContainer sources. Either way the helper is the executable target
``PyContainer::pycontainer``, which the build steps below run.

.. code-block:: cmake

  find_package(PyContainer REQUIRED)
  pycontainer_image(api_image CONTEXT ${CMAKE_CURRENT_SOURCE_DIR}/api TAG ghcr.io/acme/api:1.0
                    FILES $<TARGET_FILE:fastmath> DESTINATION /app/api)
  pycontainer_add_test(api_image_test IMAGE api_image EXPECT_FILES /app/api/main.py)

Functions
^^^^^^^^^

.. command:: pycontainer_image

  Builds an OCI image layout of a Python project::

    pycontainer_image(<name> CONTEXT <dir>
                      [TAG <ref>...] [BASE_IMAGE <ref>]
                      [PLATFORM <os/arch[/variant]> | PLATFORMS <os/arch[/variant]>...]
                      [WORKDIR <dir>] [ENTRYPOINT <arg>...] [CMD <arg>...] [ENV <K=V>...]
                      [LABELS <K=V>...] [EXPOSE <port>...] [USER <user>]
                      [INCLUDE_DEPS [VENV <dir>] [REQUIREMENTS <file>] [LOCK <file>]
                                    [INDEX_URL <url>] [FIND_LINKS <dir-or-url>...]]
                      [FILES <file-or-genex>... DESTINATION <dir> [PLATFORM <os/arch>]]...
                      [DEREFERENCE] [NAMELINK]
                      [ALLOW_MISSING_LIBRARIES] [EXCLUDE <glob>...] [CONFIG <pycontainer.toml>] [OUTPUT <layout-dir>]
                      [OUTPUT_ARCHIVE [oci-archive:|docker-archive:]<file>] [LOAD_PLATFORM <os/arch>]
                      [SBOM spdx|cyclonedx] [COMPRESSION gzip|zstd|none] [COMPRESSION_LEVEL <n>]
                      [PUSH] [ALL])

  ``CONTEXT``
    The Python project (``pyproject.toml``, its code); relative paths are taken from
    ``CMAKE_CURRENT_SOURCE_DIR``. Its files make the application layer, as ``pycontainer build``
    selects them (``.pycontainerignore``, ``.dockerignore``, default exclusions).
  ``TAG``
    Image references; the first names the image in the layout, all of them are pushed. Default:
    ``<project.name>:<project.version>`` from ``pyproject.toml``.
  ``BASE_IMAGE``
    ``scratch``, ``oci:<dir>[:<ref>]``, ``oci-archive:<file>[:<ref>]`` or a registry reference. Default:
    the variable ``PYCONTAINER_BASE_IMAGE`` if set, else ``python:X.Y-slim`` from ``requires-python``.
    The base is resolved again only when this reference changes (or, for a local layout, when its
    ``index.json`` does), or when the ``<name>_refresh_base`` target is built.
  ``PLATFORM``
    Target platform; default the variable ``PYCONTAINER_PLATFORM``, else ``linux/amd64``.
  ``PLATFORMS``
    A multi-platform image: one image per platform (``linux/amd64 linux/arm64``), each on the base's
    image for that platform (``BASE_IMAGE`` an index), joined in an OCI image index that the tags name.
    Every platform has its own chain of steps (``base-linux-arm64``, its layers, its assembly into
    ``<name>.pycontainer/image-linux-arm64.oci``), so one platform's change rebuilds that platform
    alone; the application layer is the same, with the same digest, in every image. Not with
    ``PLATFORM``. With ``SBOM`` each image has its own (below); ``OUTPUT_ARCHIVE`` is written from the
    index, again each time the index is (a changed platform), as ``pycontainer build --platform A,B
    --output`` writes it.
  ``WORKDIR``, ``ENTRYPOINT``, ``CMD``, ``ENV``, ``LABELS``, ``EXPOSE``, ``USER``, ``EXCLUDE``, ``CONFIG``
    As the ``pycontainer build`` options of the same names. ``ENTRYPOINT`` and ``CMD`` take one
    argument per word; without them the entrypoint is detected from the project.
  ``INCLUDE_DEPS``
    Put the project's dependencies in the image, in layers of their own (the largest packages
    apart), under ``<workdir>/.venv`` with its ``bin`` first on ``PATH``, as ``pycontainer build
    --include-deps`` does: from the virtualenv ``VENV`` (else one in the context: ``.venv``, ``venv``,
    ``env``), else installed by pip from ``REQUIREMENTS`` (else the context's ``requirements.txt``, else
    ``[project.dependencies]``) for the base image's Python. The step is checked against the base
    image (Python version, architecture and C library of every ELF file) and runs again when a file
    of the venv or a requirements file changes, or a package is added or removed. ``VENV`` and
    ``REQUIREMENTS`` are taken from ``CMAKE_CURRENT_SOURCE_DIR`` when relative.
  ``LOCK``
    A lock file to install the dependencies from (``uv.lock``, ``poetry.lock``, ``pdm.lock``,
    ``Pipfile.lock``, ``pylock.toml`` or a hashed requirements file; relative to
    ``CMAKE_CURRENT_SOURCE_DIR``); without it, a lock found in the context is taken before a venv or
    requirements. pycontainer installs its wheels itself, for the target platform (no pip, no
    emulation), verified against the lock's hashes and cached by them; the step runs again when the lock
    changes.
  ``INDEX_URL``, ``FIND_LINKS``
    Where a lock's wheels are looked up when it names no URL, and directories (or pages) of wheels
    preferred to the lock's URLs, as ``--index-url`` and ``--find-links`` (default ``PIP_INDEX_URL``,
    ``PIP_FIND_LINKS`` at build time). ``FIND_LINKS`` directories are taken from
    ``CMAKE_CURRENT_SOURCE_DIR`` when relative.
  ``FILES ... DESTINATION <dir>``
    A layer of its own holding files or directories (build outputs, e.g. ``$<TARGET_FILE:ext>``) in
    the absolute image directory ``<dir>``; relative paths are taken from ``CMAKE_CURRENT_SOURCE_DIR``. Repeatable: each group is one layer. A target named in a
    ``$<TARGET_FILE:...>`` expression becomes a dependency of ``<name>``. ``$<TARGET_FILE:lib>`` of a
    ``SHARED`` library packs the library whole: the file (``libgeom.so.1.0``) and its SONAME link
    (``libgeom.so.1``, ``$<TARGET_SONAME_FILE:lib>``), the name the loader opens. Their ELF files are
    checked against ``PLATFORM`` and the base image's C library. A symlink stays a symlink, and must
    point at a file of the same group packed beside it (``libgeom.so.1`` with ``libgeom.so.1.0``): one
    that points elsewhere, or to an absolute path, would dangle in the image and fails the build naming
    it.

    ``PLATFORM <os/arch>`` after ``DESTINATION`` puts the group in that platform's image only (as
    written in ``PLATFORMS``): the outputs of a cross-compiled build for that platform, e.g. an arm64
    extension beside the host's for ``linux/amd64``.

    The loader must find in the image every library these files need (the link check, below): a
    module linking a library of the project finds it through its ``RUNPATH``, which CMake sets to the
    build tree's directories unless told otherwise. Give it a path relative to ``$ORIGIN`` (the
    module's own directory in the image), matching the ``DESTINATION`` of the library: with both in
    one group, ``set_target_properties(ext PROPERTIES INSTALL_RPATH "$ORIGIN" BUILD_WITH_INSTALL_RPATH
    ON)``, or ``BUILD_RPATH "$ORIGIN"`` (which keeps the build tree's entries after it), or
    ``BUILD_RPATH_USE_ORIGIN ON`` (build-tree entries written relative to ``$ORIGIN``, right when the
    groups mirror the build tree's layout); with the library in ``/app/lib`` and the module in
    ``/app/native``, ``INSTALL_RPATH "$ORIGIN/../lib"``.
  ``NAMELINK``
    Also pack the namelink (``libgeom.so``, ``$<TARGET_LINKER_FILE:lib>``) of each ``SHARED`` library
    in ``FILES``: only a linker opens it, so only an image that links against the library needs it.
  ``ALLOW_MISSING_LIBRARIES``
    Assemble the image although the link check finds a library missing, with a warning, as
    ``pycontainer build --allow-missing-libraries``.
  ``DEREFERENCE``
    Pack what the symlinks among ``FILES`` point to as files, rather than the links: for inputs a
    build system links into place (Bazel's sandbox does), as ``pycontainer build --dereference``.
  ``COMPRESSION``, ``COMPRESSION_LEVEL``
    How every layer of the image is compressed, as ``pycontainer build --compression`` and
    ``--compression-level``: ``gzip`` (default, levels 0-9, default 6), ``zstd`` (levels 1-19, default 3)
    or ``none``. Default: the variables ``PYCONTAINER_COMPRESSION`` and ``PYCONTAINER_COMPRESSION_LEVEL``
    if set. Changing them repacks the layers.
  ``OUTPUT``
    The layout directory; default ``${CMAKE_CURRENT_BINARY_DIR}/<name>.oci`` (with a ``$<CONFIG>``
    level below it for multi-config generators).
  ``OUTPUT_ARCHIVE``
    Also write the image as an archive, rewritten by every assembly: ``oci-archive:<file>`` (the layout
    as a tar; a plain ``<file>`` means this) or ``docker-archive:<file>`` (what ``docker load`` reads),
    as ``pycontainer build --output``; relative paths are taken from ``CMAKE_CURRENT_BINARY_DIR``. The
    target property ``PYCONTAINER_ARCHIVE`` names the file. With ``PLATFORMS`` an ``oci-archive`` holds
    the index with every platform's image (and SBOM); a ``docker-archive`` holds one platform's image,
    this machine's or ``LOAD_PLATFORM``'s, as the build step's comment says.
  ``LOAD_PLATFORM``
    With ``PLATFORMS``, the platform (one of them) whose image a ``docker-archive`` holds and
    ``<name>_load`` loads, as ``pycontainer build --load-platform``; default: this machine's for the
    archive, the engine's for ``<name>_load``.
  ``PUSH``
    Also define ``<name>_push``, which pushes the image to every ``TAG`` (never part of ``ALL``).
  ``ALL``
    Build the image with the default target.
  ``SBOM``
    Attach a software bill of materials of the image (``spdx``: SPDX 2.3 JSON, ``cyclonedx``:
    CycloneDX 1.5 JSON) to the layout: an OCI artifact whose subject is the image, named
    ``<tag>.sbom`` in the layout. It lists the base image, the application and, with ``INCLUDE_DEPS``,
    every Python distribution with its version, package URL and declared license. With ``PLATFORMS``
    each platform's image has its own, whose subject is that image and which lists that platform's
    packages, named ``<tag>.linux-arm64.sbom`` (``<tag>.<os>-<arch>[-<variant>].sbom``), as
    ``pycontainer build --platform A,B --sbom`` names them.

  The build graph: one custom command resolves the base image, one packs the dependency layers
  (``INCLUDE_DEPS``), one packs the application layer, one packs each ``FILES`` group, and one
  assembles the layout from their records. The layer commands write depfiles naming every file they
  packed and every directory they walked, so editing, adding or deleting a file repacks only its
  layer; a second build does nothing.

  Before it writes anything, the assembly runs the link check of ``pycontainer build``: every ELF
  file of the image's own layers (dependencies, application, ``FILES``) has each library it needs
  (``DT_NEEDED``) found in the image's file system, base and layers, as the image's dynamic loader
  searches (``RPATH``/``RUNPATH`` with ``$ORIGIN``, ``LD_LIBRARY_PATH``, ``/etc/ld.so.conf``, the
  system directories). A missing library fails the build naming it, the file that needs it, a
  ``RUNPATH`` into the build tree, and the fixes: pack it with ``FILES``, link it statically, or pick
  a base that has it (a C++ library needs ``libstdc++.so.6``, which a minimal Debian base lacks). Each
  layer command records what the check needs of its layer beside its record; a passed check is
  remembered by the layers' digests, so assembling unchanged layers again reads nothing.

  Targets: ``<name>`` (the layout), ``<name>_refresh_base``, ``<name>_load`` (loads the image into the
  running Docker, else Podman, named by every ``TAG``, as ``pycontainer load``; with ``PLATFORMS`` the
  image of the engine's platform, or of ``LOAD_PLATFORM``; never part of ``ALL``), and ``<name>_push``
  with ``PUSH`` (with ``PLATFORMS``, the index and every platform's image). The
  target ``<name>`` has these properties, to be read with ``$<TARGET_PROPERTY:<name>,...>``:

  ``PYCONTAINER_LAYOUT``
    The OCI image layout directory.
  ``PYCONTAINER_TAGS``
    The ``TAG`` references.
  ``PYCONTAINER_DIGEST_FILE``
    A file holding the image's manifest digest (``sha256:...``; with ``PLATFORMS`` the index's), rewritten by
    every assembly.
  ``PYCONTAINER_ARCHIVE``
    With ``OUTPUT_ARCHIVE``, the archive file.

.. command:: pycontainer_add_test

  Adds a CTest test that runs ``pycontainer verify`` on an image of ``pycontainer_image()``, and
  checks what the image holds::

    pycontainer_add_test(<test-name> IMAGE <name>
                         [EXPECT_FILES <path>...] [EXPECT_IMPORTS <module>...]
                         [EXPECT_ENTRYPOINT <arg>...] [EXPECT_ENV <K=V>...] [EXPECT_LABELS <K=V>...])

  ``EXPECT_FILES`` are absolute paths that must exist in the image's file system (all layers
  applied); ``EXPECT_ENTRYPOINT`` is the whole entrypoint, word by word; ``EXPECT_ENV`` and
  ``EXPECT_LABELS`` must be among the image's environment and labels.

  ``EXPECT_IMPORTS`` are modules (``mixed_app``, ``geom.fastmath``) the image's Python must find, as
  ``pycontainer verify --expect-import``: each is looked for as Python's import system would, without
  running the image, along the ``sys.path`` of the first ``python3`` on the image's ``PATH`` (the
  working directory, ``PYTHONPATH``, the standard library, a venv's or the system's site-packages and
  what their ``.pth`` files add): ``a/b/c.py``, ``a/b/c/__init__.py``, ``a/b/c.cpython-311-<platform>.so``,
  ``.abi3.so`` or ``.so``, namespace packages too. The link check runs over every ELF file of the
  image's own layers, so an extension module whose library the image lacks fails as well. A module
  not found fails the test naming it, the directories searched and the fix; one built for another
  Python is pointed out.

Variables
^^^^^^^^^

``PYCONTAINER_BASE_IMAGE``, ``PYCONTAINER_PLATFORM``, ``PYCONTAINER_COMPRESSION``, ``PYCONTAINER_COMPRESSION_LEVEL``
  Project-wide defaults for ``BASE_IMAGE``, ``PLATFORM``, ``COMPRESSION`` and ``COMPRESSION_LEVEL``.
#]=======================================================================]

if(NOT TARGET PyContainer::pycontainer)
  message(FATAL_ERROR "PyContainer: the target PyContainer::pycontainer is not defined; load this module "
                      "through find_package(PyContainer) or add_subdirectory() of the PyContainer sources")
endif()

cmake_policy(PUSH)
cmake_policy(VERSION 3.20)
# Depfiles of custom commands are rewritten for Ninja; we write absolute paths, which both behaviours read.
cmake_policy(SET CMP0116 NEW)

# Reports a mistake in a call, naming the function and the image.
function(_pycontainer_fail function name message)
  message(FATAL_ERROR "${function}(${name}): ${message}")
endfunction()

# A JSON array of strings from the list variable `list_var`, for --entrypoint and --cmd. Words may hold
# semicolons (PARSE_ARGV keeps them escaped); in the JSON they are \u003b, so that COMMAND_EXPAND_LISTS
# does not split the array.
function(_pycontainer_json_array out_var list_var)
  set(json "[]")
  set(index 0)
  foreach(word IN LISTS ${list_var})
    string(REPLACE "\\" "\\\\" word "${word}")
    string(REPLACE "\"" "\\\"" word "${word}")
    string(REPLACE ";" "\\u003b" word "${word}")
    string(REPLACE "\t" "\\t" word "${word}")
    string(REPLACE "\n" "\\n" word "${word}")
    string(JSON json SET "${json}" ${index} "\"${word}\"")
    math(EXPR index "${index} + 1")
  endforeach()
  # string(JSON) breaks a long array into lines, which would end the command line of a Ninja rule; the
  # words' own newlines are escaped (\n), so every newline left is layout.
  string(REPLACE "\n" "" json "${json}")
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

# Splits the values of FILES (with their DESTINATION markers, as repeated keywords append) into
# groups: sets <prefix>_COUNT and, for each group i, <prefix>_<i>_FILES and <prefix>_<i>_DESTINATION.
function(_pycontainer_split_file_groups name prefix)
  set(count 0)
  set(files "")
  set(expect_destination FALSE)
  foreach(item IN LISTS ARGN)
    if(expect_destination)
      if(NOT item MATCHES "^/")
        _pycontainer_fail(pycontainer_image ${name}
          "DESTINATION \"${item}\" must be an absolute directory of the image, e.g. /app/lib")
      endif()
      set(${prefix}_${count}_FILES "${files}" PARENT_SCOPE)
      set(${prefix}_${count}_DESTINATION "${item}" PARENT_SCOPE)
      math(EXPR count "${count} + 1")
      set(files "")
      set(expect_destination FALSE)
    elseif(item STREQUAL "DESTINATION")
      if(files STREQUAL "")
        _pycontainer_fail(pycontainer_image ${name} "DESTINATION without FILES before it")
      endif()
      set(expect_destination TRUE)
    else()
      if(NOT item MATCHES "^\\$<" AND NOT IS_ABSOLUTE "${item}") # a path as written, from the source directory
        cmake_path(ABSOLUTE_PATH item BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
      endif()
      list(APPEND files "${item}")
    endif()
  endforeach()
  if(expect_destination)
    _pycontainer_fail(pycontainer_image ${name} "DESTINATION needs a value")
  endif()
  if(NOT files STREQUAL "")
    _pycontainer_fail(pycontainer_image ${name}
      "FILES without DESTINATION: each FILES group needs DESTINATION <absolute image directory>")
  endif()
  set(${prefix}_COUNT ${count} PARENT_SCOPE)
endfunction()

# The PLATFORM of each FILES group (FILES ... DESTINATION <dir> PLATFORM <os/arch>), which
# cmake_parse_arguments takes for the image's PLATFORM keyword: sets <prefix>_<i>_PLATFORM of group i
# ("" for every platform) and <image_platform_var> to the image's own PLATFORM (unset when not given).
function(_pycontainer_group_platforms prefix image_platform_var)
  set(group 0)
  set(state "")
  foreach(item IN LISTS ARGN)
    if(state STREQUAL "after_destination")
      math(EXPR group "${group} + 1")
      if(item STREQUAL "PLATFORM")
        set(state "group_platform")
        continue()
      endif()
      set(state "")
    endif()
    if(state STREQUAL "destination")
      set(${prefix}_${group}_PLATFORM "" PARENT_SCOPE)
      set(state "after_destination")
    elseif(state STREQUAL "group_platform")
      math(EXPR previous "${group} - 1")
      set(${prefix}_${previous}_PLATFORM "${item}" PARENT_SCOPE)
      set(state "")
    elseif(state STREQUAL "image_platform")
      set(${image_platform_var} "${item}" PARENT_SCOPE)
      set(state "")
    elseif(item STREQUAL "DESTINATION")
      set(state "destination")
    elseif(item STREQUAL "PLATFORM")
      set(state "image_platform")
    endif()
  endforeach()
endfunction()

# The items of a FILES group with, after each $<TARGET_FILE:tgt> of a SHARED library, its SONAME link
# (libgeom.so.1, by which the loader opens it) when that is another file and, when `namelink` is true,
# its namelink (libgeom.so, by which a linker finds it). Generator expressions are evaluated lazily, so
# the SONAME and linker files are asked only of SHARED libraries.
function(_pycontainer_with_library_links out_var namelink)
  set(items "")
  foreach(item IN LISTS ARGN)
    list(APPEND items "${item}")
    if(item MATCHES "^\\$<TARGET_FILE:([^>,]+)>$")
      set(target "${CMAKE_MATCH_1}")
      set(shared "$<STREQUAL:$<TARGET_PROPERTY:${target},TYPE>,SHARED_LIBRARY>")
      set(soname "$<TARGET_SONAME_FILE:${target}>")
      list(APPEND items "$<${shared}:$<$<NOT:$<STREQUAL:${soname},${item}>>:${soname}>>")
      if(namelink)
        set(linker "$<TARGET_LINKER_FILE:${target}>")
        list(APPEND items "$<${shared}:$<$<NOT:$<STREQUAL:${linker},${soname}>>:${linker}>>")
      endif()
    endif()
  endforeach()
  set(${out_var} "${items}" PARENT_SCOPE)
endfunction()

# Adds a target-level dependency of <image> on every target named in $<TARGET_FILE...:tgt> of `files`.
function(_pycontainer_depend_on_targets image)
  foreach(item IN LISTS ARGN)
    string(REGEX MATCHALL "\\$<TARGET_[A-Z_]*FILE[A-Z_]*:[^>]+>" expressions "${item}")
    foreach(expression IN LISTS expressions)
      string(REGEX REPLACE "^\\$<TARGET_[A-Z_]*FILE[A-Z_]*:([^>,]+)>$" "\\1" target "${expression}")
      if(TARGET "${target}")
        add_dependencies(${image} "${target}")
      endif()
    endforeach()
  endforeach()
endfunction()

# Writes the arguments of one step to a file that changes only when they do, so that Makefile
# generators (which do not compare command lines) run the step again when its settings change.
function(_pycontainer_arguments_file out_file)
  string(REPLACE ";" "\n" content "${ARGN}")
  file(GENERATE OUTPUT "${out_file}" CONTENT "${content}\n")
endfunction()

function(pycontainer_image name)
  cmake_parse_arguments(PARSE_ARGV 1 arg
    "INCLUDE_DEPS;PUSH;ALL;DEREFERENCE;NAMELINK;ALLOW_MISSING_LIBRARIES"
    "CONTEXT;BASE_IMAGE;PLATFORM;WORKDIR;USER;CONFIG;OUTPUT;OUTPUT_ARCHIVE;LOAD_PLATFORM;SBOM;VENV;REQUIREMENTS;LOCK;INDEX_URL;COMPRESSION;COMPRESSION_LEVEL"
    "TAG;ENTRYPOINT;CMD;ENV;LABELS;EXPOSE;FILES;EXCLUDE;PLATFORMS;FIND_LINKS")
  if(arg_UNPARSED_ARGUMENTS)
    _pycontainer_fail(pycontainer_image ${name} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    _pycontainer_fail(pycontainer_image ${name} "${arg_KEYWORDS_MISSING_VALUES} given without a value")
  endif()
  if(NOT DEFINED arg_CONTEXT)
    _pycontainer_fail(pycontainer_image ${name} "CONTEXT <dir> is required: the Python project to put in the image")
  endif()
  if(TARGET ${name})
    _pycontainer_fail(pycontainer_image ${name} "a target named \"${name}\" already exists")
  endif()
  cmake_path(ABSOLUTE_PATH arg_CONTEXT BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  if(NOT IS_DIRECTORY "${arg_CONTEXT}")
    _pycontainer_fail(pycontainer_image ${name} "CONTEXT \"${arg_CONTEXT}\" is not a directory")
  endif()
  if(DEFINED arg_CONFIG)
    cmake_path(ABSOLUTE_PATH arg_CONFIG BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  endif()
  if(NOT DEFINED arg_BASE_IMAGE AND DEFINED PYCONTAINER_BASE_IMAGE)
    set(arg_BASE_IMAGE "${PYCONTAINER_BASE_IMAGE}")
  endif()
  unset(arg_PLATFORM) # PLATFORM is also the marker of a FILES group's platform
  _pycontainer_group_platforms(_group arg_PLATFORM ${ARGN})
  if(DEFINED arg_PLATFORM AND arg_PLATFORMS)
    _pycontainer_fail(pycontainer_image ${name} "PLATFORM and PLATFORMS given: PLATFORMS <os/arch>... alone makes a multi-platform image")
  endif()
  if(NOT DEFINED arg_PLATFORM AND NOT arg_PLATFORMS AND DEFINED PYCONTAINER_PLATFORM)
    set(arg_PLATFORM "${PYCONTAINER_PLATFORM}")
  endif()
  foreach(keyword IN ITEMS COMPRESSION COMPRESSION_LEVEL)
    if(NOT DEFINED arg_${keyword} AND DEFINED PYCONTAINER_${keyword})
      set(arg_${keyword} "${PYCONTAINER_${keyword}}")
    endif()
  endforeach()
  if(DEFINED arg_COMPRESSION AND NOT arg_COMPRESSION MATCHES "^(gzip|zstd|none)$")
    _pycontainer_fail(pycontainer_image ${name} "COMPRESSION must be gzip, zstd or none, not \"${arg_COMPRESSION}\"")
  endif()
  if(DEFINED arg_COMPRESSION_LEVEL AND NOT arg_COMPRESSION_LEVEL MATCHES "^[0-9]+$")
    _pycontainer_fail(pycontainer_image ${name}
      "COMPRESSION_LEVEL must be a number (gzip 0-9, zstd 1-19), not \"${arg_COMPRESSION_LEVEL}\"")
  endif()
  if(DEFINED arg_SBOM AND NOT arg_SBOM MATCHES "^(spdx|cyclonedx)$")
    _pycontainer_fail(pycontainer_image ${name} "SBOM must be spdx or cyclonedx, not \"${arg_SBOM}\"")
  endif()
  foreach(keyword IN ITEMS VENV REQUIREMENTS LOCK INDEX_URL FIND_LINKS)
    if(DEFINED arg_${keyword})
      if(NOT arg_INCLUDE_DEPS)
        _pycontainer_fail(pycontainer_image ${name} "${keyword} needs INCLUDE_DEPS: it names where the dependencies come from")
      endif()
      if(keyword MATCHES "^(VENV|REQUIREMENTS|LOCK)$")
        cmake_path(ABSOLUTE_PATH arg_${keyword} BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
      endif()
    endif()
  endforeach()
  if(arg_PUSH AND NOT arg_TAG)
    _pycontainer_fail(pycontainer_image ${name} "PUSH needs TAG: the references to push to")
  endif()
  _pycontainer_split_file_groups(${name} _group ${arg_FILES})
  # The platforms, each built by steps of its own ("-": the default platform, no --platform).
  if(arg_PLATFORMS)
    set(platforms ${arg_PLATFORMS})
    list(REMOVE_DUPLICATES platforms)
    if(NOT platforms STREQUAL arg_PLATFORMS)
      _pycontainer_fail(pycontainer_image ${name} "PLATFORMS \"${arg_PLATFORMS}\" names a platform twice")
    endif()
    if(DEFINED arg_LOAD_PLATFORM AND NOT arg_LOAD_PLATFORM IN_LIST platforms)
      _pycontainer_fail(pycontainer_image ${name}
        "LOAD_PLATFORM ${arg_LOAD_PLATFORM} is not among PLATFORMS \"${arg_PLATFORMS}\": name one of them")
    endif()
  elseif(DEFINED arg_LOAD_PLATFORM)
    _pycontainer_fail(pycontainer_image ${name}
      "LOAD_PLATFORM needs PLATFORMS: it picks the image of an index that <name>_load and a docker-archive take")
  elseif(DEFINED arg_PLATFORM)
    set(platforms "${arg_PLATFORM}")
  else()
    set(platforms "-")
  endif()
  if(_group_COUNT GREATER 0)
    math(EXPR last "${_group_COUNT} - 1")
    foreach(index RANGE ${last})
      set(group_platform "${_group_${index}_PLATFORM}")
      if(NOT group_platform STREQUAL "" AND NOT group_platform IN_LIST platforms
         AND NOT (platforms STREQUAL "-" AND group_platform STREQUAL "linux/amd64"))
        string(REPLACE ";" " " image_platforms "${platforms}")
        if(platforms STREQUAL "-")
          set(image_platforms linux/amd64)
        endif()
        _pycontainer_fail(pycontainer_image ${name}
          "FILES ... DESTINATION ${_group_${index}_DESTINATION} PLATFORM ${group_platform}: the image is for ${image_platforms}; name one of them (as written in PLATFORMS)")
      endif()
    endforeach()
  endif()
  list(LENGTH platforms platform_count)

  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  set(work "${CMAKE_CURRENT_BINARY_DIR}/${name}.pycontainer")
  if(multi_config)
    string(APPEND work "/$<CONFIG>")
  endif()
  if(NOT DEFINED arg_OUTPUT)
    set(arg_OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/${name}.oci")
    if(multi_config)
      string(APPEND arg_OUTPUT "/$<CONFIG>")
    endif()
  else()
    cmake_path(ABSOLUTE_PATH arg_OUTPUT BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE)
  endif()

  set(archive "")
  set(archive_kind "")
  set(archive_args "")
  if(DEFINED arg_OUTPUT_ARCHIVE)
    if(arg_OUTPUT_ARCHIVE MATCHES "^(oci-archive|docker-archive):(.+)$")
      set(archive_kind "${CMAKE_MATCH_1}")
      set(archive "${CMAKE_MATCH_2}")
    elseif(arg_OUTPUT_ARCHIVE MATCHES "^([a-z][a-z0-9-]*):")
      _pycontainer_fail(pycontainer_image ${name}
        "OUTPUT_ARCHIVE \"${arg_OUTPUT_ARCHIVE}\": unknown kind \"${CMAKE_MATCH_1}\"; give oci-archive:<file> or docker-archive:<file>")
    else()
      set(archive_kind oci-archive)
      set(archive "${arg_OUTPUT_ARCHIVE}")
    endif()
    cmake_path(ABSOLUTE_PATH archive BASE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}" NORMALIZE)
    set(archive_args --output "${archive_kind}:${archive}")
  endif()
  set(load_platform_args "") # the image of an index that <name>_load and a docker-archive take
  if(DEFINED arg_LOAD_PLATFORM)
    set(load_platform_args --load-platform "${arg_LOAD_PLATFORM}")
  endif()

  # The settings each step needs; a step gets only its own, so that changing, say, ENV re-runs the
  # assembly and no layer.
  set(project_args --context "${arg_CONTEXT}")
  if(DEFINED arg_CONFIG)
    list(APPEND project_args --config "${arg_CONFIG}")
  endif()
  if(arg_TAG)
    list(GET arg_TAG 0 first_tag)
    list(APPEND project_args --tag "${first_tag}")
  endif()
  set(base_args ${project_args})
  set(base_depends "")
  if(DEFINED arg_BASE_IMAGE)
    list(APPEND base_args --base-image "${arg_BASE_IMAGE}")
    if(arg_BASE_IMAGE MATCHES "^oci:(.*)$")
      string(REGEX REPLACE ":[^:/]*$" "" base_layout "${CMAKE_MATCH_1}")
      if(EXISTS "${base_layout}/index.json")
        list(APPEND base_depends "${base_layout}/index.json")
      elseif(EXISTS "${CMAKE_MATCH_1}/index.json")
        list(APPEND base_depends "${CMAKE_MATCH_1}/index.json")
      endif()
    endif()
  elseif(EXISTS "${arg_CONTEXT}/pyproject.toml")
    list(APPEND base_depends "${arg_CONTEXT}/pyproject.toml") # requires-python picks the default base
  endif()
  set(workdir_args "")
  if(DEFINED arg_WORKDIR)
    set(workdir_args --workdir "${arg_WORKDIR}")
  endif()
  set(exclude_args "")
  foreach(glob IN LISTS arg_EXCLUDE)
    list(APPEND exclude_args --exclude "${glob}")
  endforeach()
  # Compression changes every layer, so every layer step gets it.
  set(compression_args "")
  if(DEFINED arg_COMPRESSION)
    list(APPEND compression_args --compression "${arg_COMPRESSION}")
  endif()
  if(DEFINED arg_COMPRESSION_LEVEL)
    list(APPEND compression_args --compression-level "${arg_COMPRESSION_LEVEL}")
  endif()
  set(app_args ${project_args} ${workdir_args} ${exclude_args} ${compression_args})
  # The dependencies go to <workdir>/.venv and are checked against the base.
  set(deps_args ${base_args} --include-deps ${workdir_args} ${compression_args})
  if(DEFINED arg_VENV)
    list(APPEND deps_args --venv "${arg_VENV}")
  endif()
  if(DEFINED arg_REQUIREMENTS)
    list(APPEND deps_args --requirements "${arg_REQUIREMENTS}")
  endif()
  set(deps_depends "")
  if(DEFINED arg_LOCK)
    list(APPEND deps_args --lock "${arg_LOCK}")
    list(APPEND deps_depends "${arg_LOCK}")
  endif()
  if(DEFINED arg_INDEX_URL)
    list(APPEND deps_args --index-url "${arg_INDEX_URL}")
  endif()
  foreach(link IN LISTS arg_FIND_LINKS)
    if(NOT link MATCHES "://")
      cmake_path(ABSOLUTE_PATH link BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    endif()
    list(APPEND deps_args --find-links "${link}")
  endforeach()
  set(assemble_args ${base_args} ${workdir_args} ${exclude_args})
  if(DEFINED arg_USER)
    list(APPEND assemble_args --user "${arg_USER}")
  endif()
  if(arg_ALLOW_MISSING_LIBRARIES)
    list(APPEND assemble_args --allow-missing-libraries) # the assembly runs the link check
  endif()
  if(DEFINED arg_SBOM)
    list(APPEND assemble_args --sbom "${arg_SBOM}")
    list(APPEND deps_args --sbom "${arg_SBOM}") # the dependencies' record then lists their distributions
  endif()
  set(keywords ENV LABELS EXPOSE)
  set(options --env --label --expose)
  foreach(keyword option IN ZIP_LISTS keywords options)
    foreach(value IN LISTS arg_${keyword})
      list(APPEND assemble_args ${option} "${value}")
    endforeach()
  endforeach()
  set(keywords ENTRYPOINT CMD)
  set(options --entrypoint --cmd)
  foreach(keyword option IN ZIP_LISTS keywords options)
    if(DEFINED arg_${keyword})
      _pycontainer_json_array(json arg_${keyword})
      list(APPEND assemble_args ${option} "${json}")
    endif()
  endforeach()
  list(LENGTH arg_TAG tag_count)
  if(tag_count GREATER 1)
    list(SUBLIST arg_TAG 1 -1 other_tags)
    foreach(tag IN LISTS other_tags)
      list(APPEND assemble_args --also-tag "${tag}")
    endforeach()
  endif()

  # Each step writes a JSON record, rewritten only when its content changes. With Ninja the record is
  # the step's output: restat then skips the assembly after a step whose result did not change. Make
  # compares times only, so there a stamp the step always touches is the output, and the record a
  # byproduct.
  if(CMAKE_GENERATOR MATCHES "Ninja")
    set(use_stamps FALSE)
  else()
    set(use_stamps TRUE)
  endif()

  # _pycontainer_step(<step> <comment> <helper arguments>...): a custom command running the helper,
  # writing ${work}/<step>.json; extra add_custom_command keywords follow a STEP_OPTIONS marker.
  set(step_outputs "")
  macro(_pycontainer_step step comment)
    cmake_parse_arguments(_step "" "" "ARGS;DEPENDS;DEPFILE" ${ARGN})
    if(use_stamps)
      set(_step_output "${work}/${step}.stamp")
      set(_step_byproducts BYPRODUCTS "${work}/${step}.json")
      set(_step_stamp --stamp "${_step_output}")
    else()
      set(_step_output "${work}/${step}.json")
      set(_step_byproducts "")
      set(_step_stamp "")
    endif()
    if(_step_DEPFILE)
      set(_step_depfile DEPFILE "${_step_DEPFILE}")
      list(APPEND _step_ARGS --depfile "${_step_DEPFILE}")
    else()
      set(_step_depfile "")
    endif()
    add_custom_command(OUTPUT "${_step_output}"
      ${_step_byproducts}
      COMMAND PyContainer::pycontainer --quiet ${_step_ARGS} --record "${work}/${step}.json"
              --staging "${work}/${step}" ${_step_stamp}
      DEPENDS ${_step_DEPENDS}
      ${_step_depfile}
      COMMENT "${comment}"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND step_outputs "${_step_output}")
  endmacro()

  # The tag's ref name in the layout (org.opencontainers.image.ref.name).
  set(ref "")
  if(arg_TAG)
    string(REGEX MATCH "[^/]*$" last_component "${first_tag}")
    if(last_component MATCHES ":([^:@]+)")
      set(ref "${CMAKE_MATCH_1}")
    else()
      set(ref "latest")
    endif()
  endif()

  set(all_files "")
  set(dereference_args "")
  if(arg_DEREFERENCE)
    set(dereference_args --dereference)
  endif()
  if(_group_COUNT GREATER 0)
    math(EXPR last "${_group_COUNT} - 1")
    foreach(index RANGE ${last})
      _pycontainer_with_library_links(_group_${index}_LINKED ${arg_NAMELINK} ${_group_${index}_FILES})
      list(APPEND all_files ${_group_${index}_LINKED})
    endforeach()
  endif()

  # One chain of steps per platform (base, dependencies, layers, assembly); with PLATFORMS each has
  # its own step names (base-linux-arm64) and image layout, and an index step joins the images.
  set(refresh_commands "")
  set(platform_images "")
  set(platform_digests "")
  foreach(platform IN LISTS platforms)
    set(platform_args "")
    set(suffix "")
    if(NOT platform STREQUAL "-")
      set(platform_args --platform "${platform}")
    endif()
    if(platform_count GREATER 1)
      string(REPLACE "/" "-" suffix "-${platform}")
    endif()
    set(step_base_args ${base_args} ${platform_args})

    _pycontainer_arguments_file("${work}/base${suffix}.args" ${step_base_args})
    _pycontainer_step(base${suffix} "Resolving the base image of ${name}${suffix}"
      ARGS base ${step_base_args}
      DEPENDS "${work}/base${suffix}.args" ${base_depends})
    list(APPEND refresh_commands COMMAND PyContainer::pycontainer --quiet base ${step_base_args}
      --record "${work}/base${suffix}.json" --staging "${work}/base${suffix}")
    if(use_stamps)
      list(APPEND refresh_commands --stamp "${work}/base${suffix}.stamp")
    endif()

    # Every layer step checks its ELF files against the base's C library, so it follows the base step.
    set(base_output "${_step_output}")
    set(base_record_args --base-record "${work}/base${suffix}.json")

    set(layer_records "")
    if(arg_INCLUDE_DEPS)
      _pycontainer_arguments_file("${work}/deps${suffix}.args" ${deps_args} ${platform_args})
      _pycontainer_step(deps${suffix} "Packing the dependency layers of ${name}${suffix}"
        ARGS deps ${deps_args} ${platform_args} ${base_record_args}
        DEPENDS "${work}/deps${suffix}.args" "${base_output}" ${deps_depends}
        DEPFILE "${work}/deps${suffix}.d")
      list(APPEND layer_records "${work}/deps${suffix}.json")
    endif()

    _pycontainer_arguments_file("${work}/app${suffix}.args" ${app_args} ${platform_args})
    _pycontainer_step(app${suffix} "Packing the application layer of ${name}${suffix}"
      ARGS layer ${app_args} ${platform_args} --name app ${base_record_args}
      DEPENDS "${work}/app${suffix}.args" "${base_output}"
      DEPFILE "${work}/app${suffix}.d")
    list(APPEND layer_records "${work}/app${suffix}.json")

    if(_group_COUNT GREATER 0)
      foreach(index RANGE ${last})
        if(NOT _group_${index}_PLATFORM STREQUAL "" AND NOT _group_${index}_PLATFORM STREQUAL platform
           AND NOT platform STREQUAL "-")
          continue() # a FILES group of another platform
        endif()
        set(files ${_group_${index}_LINKED})
        set(layer "files-${index}${suffix}")
        _pycontainer_arguments_file("${work}/${layer}.args" ${files} ${_group_${index}_DESTINATION} ${platform_args}
          ${compression_args} ${dereference_args})
        _pycontainer_step(${layer} "Packing layer ${layer} of ${name}"
          ARGS layer --name files-${index} --files ${files} --destination "${_group_${index}_DESTINATION}"
               ${dereference_args} ${platform_args} ${compression_args} ${base_record_args}
          DEPENDS ${files} "${work}/${layer}.args" "${base_output}"
          DEPFILE "${work}/${layer}.d")
        list(APPEND layer_records "${work}/${layer}.json")
      endforeach()
    endif()

    set(record_args --base-record "${work}/base${suffix}.json")
    foreach(record IN LISTS layer_records)
      list(APPEND record_args --layer-record "${record}")
    endforeach()
    set(assemble_depends "${work}/assemble${suffix}.args" ${step_outputs})
    if(DEFINED arg_CONFIG)
      list(APPEND assemble_depends "${arg_CONFIG}")
    endif()
    if(platform_count GREATER 1)
      # Its SBOM named per platform (<tag>.linux-arm64.sbom), which the index step carries; the archives
      # are written from the index.
      set(image_layout "${work}/image${suffix}.oci")
      set(output_args --output "${image_layout}" --for-index)
      set(image_archive "")
      set(digest "${work}/digest${suffix}")
      set(comment "Assembling the ${platform} image of ${name}")
      list(APPEND platform_images "${image_layout}:${ref}")
      list(APPEND platform_digests "${digest}")
    else()
      set(image_layout "${arg_OUTPUT}")
      set(output_args --output "${arg_OUTPUT}" ${archive_args})
      set(image_archive "${archive}")
      set(digest "${work}/digest")
      set(comment "Assembling image ${name}")
    endif()
    _pycontainer_arguments_file("${work}/assemble${suffix}.args" ${assemble_args} ${platform_args} ${output_args})
    add_custom_command(OUTPUT "${digest}"
      BYPRODUCTS "${image_layout}/index.json" ${image_archive}
      COMMAND PyContainer::pycontainer --quiet assemble ${assemble_args} ${platform_args} ${output_args} ${record_args}
              --digest-file "${digest}"
      DEPENDS ${assemble_depends}
      COMMENT "${comment}"
      VERBATIM COMMAND_EXPAND_LISTS)
    set(step_outputs "")
  endforeach()

  if(platform_count GREATER 1)
    # The index of the platforms' images (with their SBOMs), named by every tag (else by the first
    # image's name), and the archive written from it: every time the index is, as an assembly writes a
    # single platform's.
    set(index_args ${platform_images} --output "${arg_OUTPUT}" ${archive_args})
    foreach(tag IN LISTS arg_TAG)
      list(APPEND index_args --tag "${tag}")
    endforeach()
    string(REPLACE ";" " " comment "Writing the image index of ${name} (${platforms})")
    if(archive_kind STREQUAL "docker-archive")
      list(APPEND index_args ${load_platform_args})
      if(DEFINED arg_LOAD_PLATFORM)
        string(APPEND comment " and its ${arg_LOAD_PLATFORM} image as docker-archive ${archive}")
      else()
        string(APPEND comment " and its image for this machine's platform as docker-archive ${archive}")
      endif()
    elseif(archive_kind STREQUAL "oci-archive")
      string(APPEND comment " and oci-archive ${archive}")
    endif()
    _pycontainer_arguments_file("${work}/index.args" ${index_args})
    add_custom_command(OUTPUT "${work}/digest"
      BYPRODUCTS "${arg_OUTPUT}/index.json" ${archive}
      COMMAND PyContainer::pycontainer --quiet index ${index_args} --digest-file "${work}/digest"
      DEPENDS ${platform_digests} "${work}/index.args"
      COMMENT "${comment}"
      VERBATIM COMMAND_EXPAND_LISTS)
  endif()

  set(all_keyword "")
  if(arg_ALL)
    set(all_keyword ALL)
  endif()
  add_custom_target(${name} ${all_keyword} DEPENDS "${work}/digest")
  _pycontainer_depend_on_targets(${name} ${all_files})
  set_target_properties(${name} PROPERTIES
    PYCONTAINER_LAYOUT "${arg_OUTPUT}"
    PYCONTAINER_TAGS "${arg_TAG}"
    PYCONTAINER_DIGEST_FILE "${work}/digest"
    PYCONTAINER_ARCHIVE "${archive}")
  set_property(TARGET ${name} PROPERTY _PYCONTAINER_REF "${ref}")

  add_custom_target(${name}_refresh_base
    ${refresh_commands}
    COMMENT "Resolving the base image of ${name} again"
    VERBATIM COMMAND_EXPAND_LISTS)

  set(load_tags "")
  foreach(tag IN LISTS arg_TAG)
    list(APPEND load_tags --tag "${tag}")
  endforeach()
  set(layout_image "${arg_OUTPUT}") # LAYOUT[:REF], as load and push take the image
  if(NOT ref STREQUAL "")
    string(APPEND layout_image ":${ref}")
  endif()
  add_custom_target(${name}_load
    COMMAND PyContainer::pycontainer load "${layout_image}" ${load_tags} ${load_platform_args}
    DEPENDS "${work}/digest"
    COMMENT "Loading ${name} into the container engine"
    VERBATIM COMMAND_EXPAND_LISTS)
  add_dependencies(${name}_load ${name})

  if(arg_PUSH)
    add_custom_target(${name}_push
      COMMAND PyContainer::pycontainer push "${layout_image}" ${arg_TAG}
      DEPENDS "${work}/digest"
      COMMENT "Pushing ${name} to ${arg_TAG}"
      VERBATIM COMMAND_EXPAND_LISTS)
    add_dependencies(${name}_push ${name})
  endif()
endfunction()

function(pycontainer_add_test test_name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "IMAGE" "EXPECT_FILES;EXPECT_IMPORTS;EXPECT_ENTRYPOINT;EXPECT_ENV;EXPECT_LABELS")
  if(arg_UNPARSED_ARGUMENTS)
    _pycontainer_fail(pycontainer_add_test ${test_name} "unknown argument(s): ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT DEFINED arg_IMAGE)
    _pycontainer_fail(pycontainer_add_test ${test_name} "IMAGE <name> is required: a target of pycontainer_image()")
  endif()
  if(NOT TARGET ${arg_IMAGE})
    _pycontainer_fail(pycontainer_add_test ${test_name} "IMAGE \"${arg_IMAGE}\" is not a target (define it first)")
  endif()
  get_property(layout TARGET ${arg_IMAGE} PROPERTY PYCONTAINER_LAYOUT)
  get_property(ref TARGET ${arg_IMAGE} PROPERTY _PYCONTAINER_REF)
  if(NOT DEFINED layout)
    _pycontainer_fail(pycontainer_add_test ${test_name} "IMAGE \"${arg_IMAGE}\" was not made by pycontainer_image()")
  endif()
  set(expectations "")
  foreach(path IN LISTS arg_EXPECT_FILES)
    list(APPEND expectations --expect-file "${path}")
  endforeach()
  foreach(module IN LISTS arg_EXPECT_IMPORTS)
    list(APPEND expectations --expect-import "${module}")
  endforeach()
  if(DEFINED arg_EXPECT_ENTRYPOINT)
    _pycontainer_json_array(json arg_EXPECT_ENTRYPOINT)
    list(APPEND expectations --expect-entrypoint "${json}")
  endif()
  foreach(pair IN LISTS arg_EXPECT_ENV)
    list(APPEND expectations --expect-env "${pair}")
  endforeach()
  foreach(pair IN LISTS arg_EXPECT_LABELS)
    list(APPEND expectations --expect-label "${pair}")
  endforeach()
  set(image "${layout}")
  if(NOT ref STREQUAL "")
    string(APPEND image ":${ref}")
  endif()
  add_test(NAME ${test_name} COMMAND PyContainer::pycontainer verify "${image}" ${expectations} COMMAND_EXPAND_LISTS)
endfunction()

cmake_policy(POP)
