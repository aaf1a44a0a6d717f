#include "queue_records.hpp"

#include <unordered_map>

#include "twin/data/error.hpp"
#include "twin/jobs/job_id.hpp"

namespace twin::jobs::records {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Applies one parsed record; throws a plain message, replay() adds where.
void apply(const json& record, std::vector<Job>& jobs,
           std::unordered_map<std::string, std::size_t>& index) {
  const std::string kind = record.at("k").get<std::string>();
  if (kind == "submit" || kind == "snapshot") {
    Job job = job_from_json(record.at("job"));
    // Ids name result directories: one from a hand-edited journal must not name a path.
    if (!is_valid_id(job.id)) throw std::runtime_error("invalid job id '" + job.id + "'");
    if (index.count(job.id)) throw std::runtime_error(kind + " of job " + job.id + " seen before");
    index.emplace(job.id, jobs.size());
    jobs.push_back(std::move(job));
    return;
  }
  const std::string id = record.at("id").get<std::string>();
  const auto found = index.find(id);
  if (found == index.end()) throw std::runtime_error(kind + " of unknown job " + id);
  Job& job = jobs[found->second];
  const Millis t = record.at("t").get<Millis>();
  if (kind == "start") {
    job.status = JobStatus::running;
    job.started = t;
    job.attempts = record.at("attempts").get<int>();
  } else if (kind == "finish") {
    const auto status = parse_status(record.at("status").get<std::string>());
    if (!status || !is_final(*status)) throw std::runtime_error("finish with a bad status");
    job.status = *status;
    job.finished = t;
    if (*status == JobStatus::successful) job.progress = 100;
    if (record.contains("error"))
      job.error = JobError{record["error"].at("code").get<std::string>(),
                           record["error"].at("message").get<std::string>()};
  } else if (kind == "dismiss") {
    if (!is_final(job.status)) job.finished = t;
    job.status = JobStatus::dismissed;
  } else {
    throw std::runtime_error("unknown record kind '" + kind + "'");
  }
}

}  // namespace

std::string submit(const Job& job) { return dump({{"k", "submit"}, {"job", to_json(job)}}); }

std::string snapshot(const Job& job) { return dump({{"k", "snapshot"}, {"job", to_json(job)}}); }

std::string start(const Job& job) {
  return dump({{"k", "start"}, {"id", job.id}, {"t", job.started}, {"attempts", job.attempts}});
}

std::string finish(const Job& job) {
  json j{{"k", "finish"}, {"id", job.id}, {"status", status_name(job.status)}, {"t", job.finished}};
  if (job.error) j["error"] = {{"code", job.error->code}, {"message", job.error->message}};
  return dump(j);
}

std::string dismiss(const Job& job, Millis t) {
  return dump({{"k", "dismiss"}, {"id", job.id}, {"t", t}});
}

std::vector<Job> replay(const JournalReplay& journal, const std::filesystem::path& path) {
  std::vector<Job> jobs;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& record : journal.records) {
    try {
      apply(json::parse(record.payload), jobs, index);
    } catch (const std::exception& e) {
      throw data::Error(data::ErrorCode::corrupt_file,
                        "journal " + path.string() + ": bad record at byte offset " +
                            std::to_string(record.offset) + ": " + e.what());
    }
  }
  return jobs;
}

}  // namespace twin::jobs::records
