/* The C extension of the tests' wheel index: fastsum.total(iterable) sums integers, and
   fastsum.machine() names the architecture it was compiled for, so a test sees which wheel ran. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#if defined(__x86_64__)
#define FASTSUM_MACHINE "x86_64"
#elif defined(__aarch64__)
#define FASTSUM_MACHINE "aarch64"
#else
#error "fastsum is built for x86_64 and aarch64 only"
#endif

static PyObject *fastsum_total(PyObject *self, PyObject *iterable) {
  (void)self;
  PyObject *iterator = PyObject_GetIter(iterable);
  if (iterator == NULL) return NULL;
  long long sum = 0;
  PyObject *item;
  while ((item = PyIter_Next(iterator)) != NULL) {
    sum += PyLong_AsLongLong(item);
    Py_DECREF(item);
    if (PyErr_Occurred()) break;
  }
  Py_DECREF(iterator);
  if (PyErr_Occurred()) return NULL;
  return PyLong_FromLongLong(sum);
}

static PyObject *fastsum_machine(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  return PyUnicode_FromString(FASTSUM_MACHINE);
}

static PyMethodDef fastsum_methods[] = {
    {"total", fastsum_total, METH_O, "Sum of an iterable of integers."},
    {"machine", fastsum_machine, METH_NOARGS, "The architecture fastsum was compiled for."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef fastsum_module = {PyModuleDef_HEAD_INIT, "fastsum", NULL, -1, fastsum_methods};

PyMODINIT_FUNC PyInit_fastsum(void) { return PyModule_Create(&fastsum_module); }
