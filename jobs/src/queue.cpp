// The contract's default for looking up a job by its Idempotency-Key: a scan of the owner's
// jobs, page by page. Correct for any back end; the embedded queue answers from its index.
#include "twin/jobs/queue.hpp"

namespace twin::jobs {

std::optional<Job> Queue::find_idempotent(const std::string& owner, const std::string& key) const {
  if (key.empty()) return std::nullopt;
  JobFilter filter;
  filter.owner = owner;
  filter.limit = 1000;
  for (;; filter.offset += filter.limit) {
    const auto page = list(filter);
    for (const auto& job : page)
      if (job.request.idempotency_key == key) return job;
    if (page.size() < filter.limit) return std::nullopt;
  }
}

}  // namespace twin::jobs
