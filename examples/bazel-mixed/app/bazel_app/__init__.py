"""An app whose geometry is computed by a C++ extension built by Bazel."""
