#include "twin/jobs/batch.hpp"

#include <algorithm>

#include "twin/data/error.hpp"

namespace twin::jobs {

bool Batch::submitted() const {
  return std::all_of(items.begin(), items.end(), [](const BatchItem& item) { return !item.job_id.empty(); });
}

nlohmann::json to_json(const Batch& batch) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : batch.items) {
    // The job's own lossless form; its id is the job made for the item (empty until then).
    Job job;
    job.id = item.job_id;
    job.request = item.request;
    items.push_back(to_json(job));
  }
  return {{"id", batch.id}, {"owner", batch.owner}, {"name", batch.name}, {"created", batch.created}, {"items", items}};
}

Batch batch_from_json(const nlohmann::json& j) {
  try {
    Batch batch;
    batch.id = j.at("id").get<std::string>();
    batch.owner = j.at("owner").get<std::string>();
    batch.name = j.value("name", "");
    batch.created = j.at("created").get<Millis>();
    for (const auto& entry : j.at("items")) {
      const auto job = job_from_json(entry);
      batch.items.push_back({job.request, job.id});
    }
    return batch;
  } catch (const nlohmann::json::exception& e) {
    throw data::Error(data::ErrorCode::parse_error, std::string("batch record: ") + e.what());
  }
}

std::string batch_item_key(const std::string& batch_id, std::size_t index) {
  return "batch:" + batch_id + ":" + std::to_string(index);
}

void submit_batch_items(Queue& queue, Batch& batch) {
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    auto& item = batch.items[i];
    if (!item.job_id.empty()) continue;
    auto request = item.request;
    request.idempotency_key = batch_item_key(batch.id, i);
    item.job_id = queue.submit(std::move(request)).job.id;
  }
}

std::string batch_status(const std::map<JobStatus, std::size_t>& counts, std::size_t items) {
  const auto count = [&](JobStatus status) {
    const auto it = counts.find(status);
    return it == counts.end() ? std::size_t{0} : it->second;
  };
  const std::size_t accepted = count(JobStatus::accepted), running = count(JobStatus::running);
  if (accepted == items) return "accepted";
  if (accepted + running > 0) return "running";
  if (count(JobStatus::successful) == items) return "successful";
  return count(JobStatus::failed) > 0 ? "failed" : "dismissed";
}

}  // namespace twin::jobs
