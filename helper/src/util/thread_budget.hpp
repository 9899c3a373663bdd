#pragma once

namespace pycontainer::util {

// The number of threads the process keeps busy at once: one per core, or what set_thread_budget() says
// (the CLI's --threads, set as it is parsed). Every pool sizes itself from it, so nested pools add up to
// the budget instead of each taking the machine: the site-packages walk (alone when it runs) uses all of
// it; layer packing runs min(2, budget) layers at once, and each layer compresses on thread_share() of it
// (pipeline::packing_threads). Registry transfers are not in it: their threads wait on the network, and
// RegistryOptions::jobs (--jobs) counts them.
void set_thread_budget(unsigned threads); // 0: one per core
unsigned thread_budget();

// An equal share of the budget for each of `parallel` jobs running at once; at least 1.
unsigned thread_share(unsigned parallel);

} // namespace pycontainer::util
