// fastmath: a small C++ extension module, as a mixed C++/Python repository builds them, using a shared
// library of the same project (geom).
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "geom.hpp"

#include <cstdint>

namespace {

// fib(n): the n-th Fibonacci number, computed in C++.
PyObject* fib(PyObject*, PyObject* args)
{
  long n = 0;
  if (!PyArg_ParseTuple(args, "l", &n) || n < 0) {
    PyErr_SetString(PyExc_ValueError, "fib(n) needs a non-negative integer");
    return nullptr;
  }
  std::uint64_t a = 0;
  std::uint64_t b = 1;
  for (long i = 0; i < n; ++i) {
    std::uint64_t next = a + b;
    a = b;
    b = next;
  }
  return PyLong_FromUnsignedLongLong(a);
}

// polygon(points): (name, area) of the polygon with these (x, y) vertices, from libgeom.
PyObject* polygon(PyObject*, PyObject* args)
{
  PyObject* points = nullptr;
  if (!PyArg_ParseTuple(args, "O", &points)) {
    return nullptr;
  }
  PyObject* sequence = PySequence_Fast(points, "polygon(points) needs a sequence of (x, y) pairs");
  if (sequence == nullptr) {
    return nullptr;
  }
  std::vector<geom::Point> vertices;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(sequence); ++i) {
    double x = 0;
    double y = 0;
    if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(sequence, i), "dd", &x, &y)) {
      Py_DECREF(sequence);
      return nullptr;
    }
    vertices.emplace_back(x, y);
  }
  Py_DECREF(sequence);
  return Py_BuildValue("(sd)", geom::polygon_name(vertices.size()).c_str(), geom::polygon_area(vertices));
}

PyMethodDef k_methods[] = {
  {"fib", fib, METH_VARARGS, "The n-th Fibonacci number, computed in C++."},
  {"polygon", polygon, METH_VARARGS, "(name, area) of the polygon with these (x, y) vertices, from libgeom."},
  {nullptr, nullptr, 0, nullptr},
};

PyModuleDef k_module = {PyModuleDef_HEAD_INIT, "fastmath", "A C++ extension module.", -1, k_methods,
                        nullptr, nullptr, nullptr, nullptr};

} // namespace

PyMODINIT_FUNC PyInit_fastmath()
{
  return PyModule_Create(&k_module);
}
