#pragma once
// A batch: many jobs submitted together (national reporting: every province and year) and
// followed with one status. The batch only records which jobs it made; each job lives in the
// queue like any other, so workers, limits, dismissal and results need nothing new.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twin/jobs/job.hpp"
#include "twin/jobs/queue.hpp"

namespace twin::jobs {

struct BatchItem {
  JobRequest request;  // validated, as the queue takes it
  std::string job_id;  // empty until submitted
};

struct Batch {
  std::string id;
  std::string owner;
  std::string name;  // optional label from the client
  Millis created = 0;
  std::vector<BatchItem> items;

  bool submitted() const;  // every item has its job
};

nlohmann::json to_json(const Batch& batch);
Batch batch_from_json(const nlohmann::json& j);  // throws data::Error(parse_error)

// The Idempotency-Key of item `index`'s job. The queue answers a repeated submission with the
// job it made the first time, so submitting a batch again after a failure part-way (Redis
// gone) never makes a second job for an item.
std::string batch_item_key(const std::string& batch_id, std::size_t index);

// Submits every item that has no job yet, with its item key, and records the job ids in
// `batch`. Throws what Queue::submit throws (QueueUnavailable); the items submitted until then
// keep their ids, and a second call completes the rest.
void submit_batch_items(Queue& queue, Batch& batch);

// A batch's overall state from its jobs' states: "accepted" while none has started,
// "running" while any is unfinished, then "successful" when all succeeded, else "failed" when
// any failed, else "dismissed".
std::string batch_status(const std::map<JobStatus, std::size_t>& counts, std::size_t items);

}  // namespace twin::jobs
