// fastmath: a small C++ extension module, as a mixed C++/Python repository builds them.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

PyMethodDef k_methods[] = {
  {"fib", fib, METH_VARARGS, "The n-th Fibonacci number, computed in C++."},
  {nullptr, nullptr, 0, nullptr},
};

PyModuleDef k_module = {PyModuleDef_HEAD_INIT, "fastmath", "A C++ extension module.", -1, k_methods,
                        nullptr, nullptr, nullptr, nullptr};

} // namespace

PyMODINIT_FUNC PyInit_fastmath()
{
  return PyModule_Create(&k_module);
}
