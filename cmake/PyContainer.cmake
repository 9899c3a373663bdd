# Distributed under the MIT License.
#[=======================================================================[.rst:
PyContainer
-----------

Container images for Python projects as ordinary build targets.

Load it with ``find_package(PyContainer)`` (installed) or ``add_subdirectory()`` of the PyContainer
source tree. Either way the helper is available as the executable target ``PyContainer::pycontainer``,
which the functions of this module run at build time.

Variables
^^^^^^^^^

``PYCONTAINER_EXECUTABLE``
  Set to ``$<TARGET_FILE:PyContainer::pycontainer>``, for custom commands of your own that call the helper
  (``pycontainer build``, ``pycontainer verify``...).

The image functions (``pycontainer_image()``, ``pycontainer_add_test()``) are the subject of the CMake
module issue and are documented here as they land.
#]=======================================================================]

if(NOT TARGET PyContainer::pycontainer)
  message(FATAL_ERROR "PyContainer: the target PyContainer::pycontainer is not defined; load this module "
                      "through find_package(PyContainer) or add_subdirectory() of the PyContainer sources")
endif()

set(PYCONTAINER_EXECUTABLE "$<TARGET_FILE:PyContainer::pycontainer>")
