#pragma once
#include <Python.h>
#define KB_CONCAT_(A, B) A##B
#define KB_CONCAT(A, B) KB_CONCAT_(A, B)
#define KB_STR_(A) #A
#define KB_STR(A) KB_STR_(A)
#define TORCH_LIBRARY_EXPAND(NAME, MODULE) TORCH_LIBRARY(NAME, MODULE)
#define REGISTER_EXTENSION(NAME) \
  PyMODINIT_FUNC KB_CONCAT(PyInit_, NAME)() { static struct PyModuleDef m = {PyModuleDef_HEAD_INIT, KB_STR(NAME), nullptr, 0, nullptr}; return PyModule_Create(&m); }
