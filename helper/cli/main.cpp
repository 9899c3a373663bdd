#include "util/error.hpp"

#include <iostream>

int main()
{
  std::cout << "pycontainer " << PYCONTAINER_VERSION << '\n';
  return 0;
}
