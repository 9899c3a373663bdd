// geomext: a C extension module that links libgeom (geom_area), for the tests of the link check and of
// the import check (link_check.sh, verify_imports.sh, tests/cmake/imports.sh).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
int geom_area(int w, int h);
static PyObject* area(PyObject* self, PyObject* args) { return PyLong_FromLong(geom_area(6, 7)); }
static PyMethodDef methods[] = {{"area", area, METH_NOARGS, ""}, {0}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "geomext", 0, -1, methods};
PyMODINIT_FUNC PyInit_geomext(void) { return PyModule_Create(&module); }
