#include "util/process.hpp"

#include "util/error.hpp"
#include "util/fd.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

extern char** environ;

namespace pycontainer::util {

namespace {

struct Pipe {
  std::array<Fd, 2> fds;
  Pipe()
  {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
      throw IoError("create", "pipe", errno);
    }
    fds = {Fd(ends[0]), Fd(ends[1])};
  }
  void close_end(int end) { fds[end].close(); }
};

std::vector<char*> argument_pointers(const std::vector<std::string>& argv)
{
  std::vector<char*> arguments;
  for (const auto& argument : argv) {
    arguments.push_back(const_cast<char*>(argument.c_str()));
  }
  arguments.push_back(nullptr);
  return arguments;
}

int wait_for(pid_t pid)
{
  int wait_status = 0;
  while (::waitpid(pid, &wait_status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

} // namespace

std::string ProcessResult::said() const
{
  auto text = output + errors;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text.substr(0, 200);
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input)
{
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fds[0].get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1].get(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1].get(), 2);
  auto arguments = argument_pointers(argv);
  pid_t pid = 0;
  int status = posix_spawnp(&pid, arguments[0], &actions, nullptr, arguments.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0) {
    throw IoError("run", argv[0], status);
  }
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  // A helper that exits without reading its input must not kill us with SIGPIPE.
  struct sigaction ignore{}, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  std::size_t written = 0;
  ProcessResult result;
  std::array<pollfd, 3> polls{pollfd{in.fds[1].get(), POLLOUT, 0}, pollfd{out.fds[0].get(), POLLIN, 0}, pollfd{err.fds[0].get(), POLLIN, 0}};
  if (input.empty()) {
    in.close_end(1);
    polls[0].fd = -1;
  }
  while (polls[0].fd >= 0 || polls[1].fd >= 0 || polls[2].fd >= 0) {
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (polls[0].fd >= 0 && (polls[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = ::write(in.fds[1].get(), input.data() + written, input.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      }
      if (n <= 0 || written == input.size()) {
        in.close_end(1);
        polls[0].fd = -1;
      }
    }
    for (int i : {1, 2}) {
      if (polls[i].fd >= 0 && (polls[i].revents & (POLLIN | POLLERR | POLLHUP))) {
        char buffer[4096];
        ssize_t n = ::read(polls[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          (i == 1 ? result.output : result.errors).append(buffer, static_cast<std::size_t>(n));
        } else {
          polls[i].fd = -1;
        }
      }
    }
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  result.exit_code = wait_for(pid);
  return result;
}

int run_attached(const std::vector<std::string>& argv, const std::filesystem::path& directory)
{
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, 2, 1);
  if (!directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  }
  auto arguments = argument_pointers(argv);
  pid_t pid = 0;
  int status = posix_spawnp(&pid, arguments[0], &actions, nullptr, arguments.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return status == 0 ? wait_for(pid) : -1;
}

} // namespace pycontainer::util
