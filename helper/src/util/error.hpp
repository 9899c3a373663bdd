#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace pycontainer {

// The base of every error PyContainer reports. The message grows context as it rises
// ("layer \"app\": cannot read 'x.py': Permission denied"); main() prints it once.
class Error : public std::exception {
public:
  explicit Error(std::string message) : m_message(std::move(message)) {}

  const char* what() const noexcept override { return m_message.c_str(); }
  const std::string& message() const noexcept { return m_message; }

  // Prefixes the message with "<context>: ".
  void add_context(std::string_view context);

  // The process exit status main() uses for this kind of error.
  virtual int exit_code() const noexcept { return 1; }

private:
  std::string m_message;
};

// Bad input from the user: arguments, pyproject.toml, pycontainer.toml, references, the project itself.
class UsageError : public Error {
public:
  using Error::Error;
  int exit_code() const noexcept override { return 2; }
};

// A failed system call on a path; the message names the path, the operation and the OS error.
class IoError : public Error {
public:
  IoError(std::string_view operation, const std::string& path, int error_number);
  IoError(std::string_view operation, const std::string& path, std::string_view reason);
};

// Runs `body`; an Error escaping it gets `context` prepended.
template <typename Body>
decltype(auto) with_context(std::string_view context, Body&& body)
{
  try {
    return body();
  } catch (Error& error) {
    error.add_context(context);
    throw;
  }
}

} // namespace pycontainer
