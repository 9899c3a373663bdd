// geometry: a C++ extension module built by Bazel (cc_binary, linkshared) over the polygon library.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "src/polygon.hpp"

namespace {

// polygon_area(points): the area of a simple polygon given as a sequence of (x, y) pairs.
PyObject* polygon_area(PyObject*, PyObject* points)
{
  PyObject* sequence = PySequence_Fast(points, "polygon_area() needs a sequence of (x, y) pairs");
  if (!sequence) {
    return nullptr;
  }
  std::vector<std::pair<double, double>> corners;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(sequence); ++i) {
    double x = 0;
    double y = 0;
    if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(sequence, i), "dd", &x, &y)) {
      Py_DECREF(sequence);
      return nullptr;
    }
    corners.emplace_back(x, y);
  }
  Py_DECREF(sequence);
  return PyFloat_FromDouble(polygon::area(corners));
}

PyMethodDef k_methods[] = {
  {"polygon_area", polygon_area, METH_O, "The area of a simple polygon of (x, y) corners."},
  {nullptr, nullptr, 0, nullptr},
};

PyModuleDef k_module = {PyModuleDef_HEAD_INIT, "geometry", "Polygon geometry in C++.", -1, k_methods,
                        nullptr, nullptr, nullptr, nullptr};

} // namespace

PyMODINIT_FUNC PyInit_geometry()
{
  return PyModule_Create(&k_module);
}
