#include "layer/gzip_codec.hpp"

#include "layer/deflate_block.hpp"
#include "util/error.hpp"

#include <isa-l/crc.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr unsigned char k_os_unknown = 255;

// Blocks held at once by `threads` (more than 1) workers. At least 16 (~5 MB), so that a slow block
// (zlib's, at level 6) at the head of the queue does not hold up the others: 8 % faster on 2 cores than
// 2 per thread (bench/run).
std::size_t blocks_in_flight(unsigned threads)
{
  return std::max<std::size_t>(16, 2 * std::size_t{threads});
}

void put_le32(unsigned char* out, std::uint32_t value)
{
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<unsigned char>(value >> (8 * i));
  }
}

// One block on its way through the pipeline: the input (the dictionary, then the block), and once
// compressed, its deflate bytes and CRC-32. Recycled, so buffers keep their capacity.
struct Job {
  std::vector<unsigned char> input;
  std::size_t dictionary_size = 0;
  bool last = false;
  std::vector<unsigned char> output;
  uLong crc = 0;
  bool done = false;
  std::exception_ptr error;

  std::size_t block_size() const { return input.size() - dictionary_size; }
};

void compress_job(DeflateBlockEncoder& encoder, Job& job)
{
  std::span<const unsigned char> input(job.input);
  auto dictionary = input.first(job.dictionary_size);
  auto block = input.subspan(job.dictionary_size);
  // ISA-L's CRC-32 is gzip's (zlib's crc32), several times faster.
  job.crc = crc32_gzip_refl(0, block.data(), block.size());
  encoder.encode(dictionary, block, job.last, job.output);
}

// The writing thread cuts blocks and hands them, in order, to a queue; with one thread it compresses
// them itself, with more a pool of workers does while it goes on reading. Compressed blocks go to the
// sink in input order, when the oldest is done, and at most blocks_in_flight(threads) blocks are
// in flight, so memory is bounded by the thread count, never by the layer size.
class GzipCompressor final : public Compressor {
public:
  GzipCompressor(int level, unsigned threads, ByteSink sink) : m_sink(std::move(sink))
  {
    unsigned workers = threads > 1 ? threads : 0;
    m_max_in_flight = threads > 1 ? blocks_in_flight(threads) : 1;
    if (workers == 0) {
      m_inline_encoder = make_deflate_block_encoder(level);
    }
    std::vector<std::unique_ptr<DeflateBlockEncoder>> encoders;
    for (unsigned i = 0; i < workers; ++i) {
      encoders.push_back(make_deflate_block_encoder(level));
    }
    m_current = take_job();
    unsigned char extra_flags = level == 9 ? 2 : level == 1 ? 4 : 0;
    const std::array<unsigned char, 10> header = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extra_flags, k_os_unknown};
    m_sink(header.data(), header.size());
    try {
      for (auto& encoder : encoders) {
        m_workers.emplace_back([this, encoder = std::move(encoder)] { work(*encoder); });
      }
    } catch (...) {
      stop_workers();
      throw;
    }
  }

  ~GzipCompressor() override { stop_workers(); }

  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;

  void write(const void* data, std::size_t size) override
  {
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (size > 0) {
      std::size_t room = k_gzip_block_size - m_current->block_size();
      std::size_t piece = std::min(size, room);
      m_current->input.insert(m_current->input.end(), bytes, bytes + piece);
      bytes += piece;
      size -= piece;
      if (m_current->block_size() == k_gzip_block_size) {
        dispatch(false);
      }
    }
  }

  void finish() override
  {
    dispatch(true);
    while (!m_in_flight.empty()) {
      retire_oldest();
    }
    std::array<unsigned char, 8> trailer{};
    put_le32(trailer.data(), static_cast<std::uint32_t>(m_crc));
    put_le32(trailer.data() + 4, static_cast<std::uint32_t>(m_input_size & 0xffffffffu));
    m_sink(trailer.data(), trailer.size());
  }

private:
  std::unique_ptr<Job> take_job()
  {
    if (m_free.empty()) {
      auto job = std::make_unique<Job>();
      job->input.reserve(k_deflate_window + k_gzip_block_size);
      return job;
    }
    auto job = std::move(m_free.back());
    m_free.pop_back();
    return job;
  }

  // Sends the current block on its way and starts the next, primed with the end of this one.
  void dispatch(bool last)
  {
    while (m_in_flight.size() >= m_max_in_flight) {
      retire_oldest();
    }
    auto next = last ? nullptr : take_job();
    if (next) {
      std::size_t dictionary = std::min(m_current->block_size(), k_deflate_window);
      next->input.assign(m_current->input.end() - static_cast<std::ptrdiff_t>(dictionary), m_current->input.end());
      next->dictionary_size = dictionary;
      next->last = false;
      next->done = false;
      next->error = nullptr;
    }
    Job* job = m_current.get();
    job->last = last;
    m_in_flight.push_back(std::move(m_current));
    m_current = std::move(next);
    if (m_inline_encoder) {
      compress_job(*m_inline_encoder, *job);
      job->done = true;
      return;
    }
    {
      std::lock_guard lock(m_mutex);
      m_queue.push_back(job);
    }
    m_work_ready.notify_one();
  }

  // Waits for the oldest block, hands its bytes to the sink and recycles it.
  void retire_oldest()
  {
    Job& job = *m_in_flight.front();
    if (!m_inline_encoder) {
      std::unique_lock lock(m_mutex);
      m_job_done.wait(lock, [&job] { return job.done; });
    }
    if (job.error) {
      std::rethrow_exception(job.error);
    }
    m_crc = crc32_combine(m_crc, job.crc, static_cast<z_off_t>(job.block_size()));
    m_input_size += job.block_size();
    if (!job.output.empty()) {
      m_sink(job.output.data(), job.output.size());
    }
    m_free.push_back(std::move(m_in_flight.front()));
    m_in_flight.pop_front();
  }

  // Abandons queued blocks: after finish() there are none.
  void stop_workers() noexcept
  {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_work_ready.notify_all();
    for (auto& worker : m_workers) {
      worker.join();
    }
  }

  void work(DeflateBlockEncoder& encoder)
  {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock lock(m_mutex);
        m_work_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) {
          return;
        }
        job = m_queue.front();
        m_queue.pop_front();
      }
      try {
        compress_job(encoder, *job);
      } catch (...) {
        job->error = std::current_exception();
      }
      {
        std::lock_guard lock(m_mutex);
        job->done = true;
      }
      m_job_done.notify_all();
    }
  }

  ByteSink m_sink;
  std::size_t m_max_in_flight = 1;
  std::unique_ptr<DeflateBlockEncoder> m_inline_encoder; // one thread: blocks compressed by write()
  std::unique_ptr<Job> m_current;                        // the block being filled
  std::deque<std::unique_ptr<Job>> m_in_flight;          // dispatched, oldest first
  std::vector<std::unique_ptr<Job>> m_free;
  uLong m_crc = crc32(0, nullptr, 0);
  std::uint64_t m_input_size = 0;

  std::mutex m_mutex; // guards m_queue, m_stopping and Job::done while workers run
  std::condition_variable m_work_ready;
  std::condition_variable m_job_done;
  std::deque<Job*> m_queue;
  bool m_stopping = false;
  std::vector<std::thread> m_workers; // joined by stop_workers() before any member goes
};

} // namespace

std::unique_ptr<Compressor> make_gzip_compressor(int level, unsigned threads, ByteSink sink)
{
  if (level < 0 || level > 9) {
    throw UsageError("gzip compression level " + std::to_string(level) + " is out of range (0-9)");
  }
  return std::make_unique<GzipCompressor>(level, compression_threads(threads), std::move(sink));
}

} // namespace pycontainer::layer
