#include "twin/jobs/job.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "twin/data/error.hpp"

namespace twin::jobs {
namespace {

constexpr std::array<std::pair<JobStatus, std::string_view>, 5> status_names{{
    {JobStatus::accepted, "accepted"},
    {JobStatus::running, "running"},
    {JobStatus::successful, "successful"},
    {JobStatus::failed, "failed"},
    {JobStatus::dismissed, "dismissed"},
}};

}  // namespace

std::string_view status_name(JobStatus status) {
  for (const auto& [value, name] : status_names)
    if (value == status) return name;
  return "unknown";
}

std::optional<JobStatus> parse_status(std::string_view name) {
  for (const auto& [value, known] : status_names)
    if (known == name) return value;
  return std::nullopt;
}

bool is_final(JobStatus status) {
  return status == JobStatus::successful || status == JobStatus::failed ||
         status == JobStatus::dismissed;
}

Millis now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string iso8601(Millis t) {
  // Formatted by hand for years 1970-9999: gmtime_r + strftime + snprintf cost more than the
  // rest of a job's status document, which is built for every status poll. The day count to
  // year/month/day is H. Hinnant's civil_from_days.
  constexpr Millis day_ms = 86'400'000;
  constexpr Millis year_10000 = 253'402'300'800'000;  // 10000-01-01T00:00:00Z
  if (t >= 0 && t < year_10000) {
    const Millis days = t / day_ms;
    const auto ms = static_cast<unsigned>(t % day_ms);
    const Millis z = days + 719'468;
    const Millis era = z / 146'097;
    const auto doe = static_cast<unsigned>(z - era * 146'097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const auto year = static_cast<unsigned>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    char text[] = "YYYY-MM-DDTHH:MM:SS.mmmZ";
    put_digits(text, year, 4);
    put_digits(text + 5, month, 2);
    put_digits(text + 8, day, 2);
    put_digits(text + 11, ms / 3'600'000, 2);
    put_digits(text + 14, ms / 60'000 % 60, 2);
    put_digits(text + 17, ms / 1000 % 60, 2);
    put_digits(text + 20, ms % 1000, 3);
    return std::string(text, sizeof text - 1);
  }
  const std::time_t seconds = static_cast<std::time_t>(t / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(t % 1000));
  return std::string(text, n) + millis;
}

nlohmann::json to_json(const Job& job) {
  nlohmann::json j{
      {"id", job.id},
      {"process", job.request.process},
      {"scenario", job.request.scenario_id},
      {"reference", job.request.reference_id},
      {"parameters", job.request.parameters},
      {"edits", job.request.edits},
      {"priority", job.request.priority},
      {"owner", job.request.owner},
      {"idempotency_key", job.request.idempotency_key},
      {"cells", job.request.cells},
      {"status", status_name(job.status)},
      {"progress", job.progress},
      {"created", job.created},
      {"started", job.started},
      {"finished", job.finished},
      {"attempts", job.attempts},
      {"message", job.message},
  };
  if (job.error) j["error"] = {{"code", job.error->code}, {"message", job.error->message}};
  if (const auto& t = job.request.tile) {
    j["tile"] = {{"parent", t->parent},
                 {"index", t->index},
                 {"count", t->count},
                 {"window", {t->window.col0, t->window.row0, t->window.ncols, t->window.nrows}}};
  }
  return j;
}

Job job_from_json(const nlohmann::json& j) {
  try {
    Job job;
    job.id = j.at("id").get<std::string>();
    job.request.process = j.at("process").get<std::string>();
    job.request.scenario_id = j.at("scenario").get<std::string>();
    job.request.reference_id = j.value("reference", "");
    job.request.parameters = j.value("parameters", nlohmann::json::object());
    job.request.edits = j.value("edits", nlohmann::json::array());
    job.request.priority = j.value("priority", 0);
    job.request.owner = j.value("owner", "");
    job.request.idempotency_key = j.value("idempotency_key", "");
    job.request.cells = j.value("cells", std::uint64_t{0});
    const auto status = parse_status(j.at("status").get<std::string>());
    if (!status) throw data::Error(data::ErrorCode::parse_error, "unknown job status");
    job.status = *status;
    job.progress = j.value("progress", 0.0);
    job.created = j.value("created", Millis{0});
    job.started = j.value("started", Millis{0});
    job.finished = j.value("finished", Millis{0});
    job.attempts = j.value("attempts", 0);
    job.message = j.value("message", "");
    if (j.contains("error"))
      job.error = JobError{j["error"].value("code", ""), j["error"].value("message", "")};
    if (j.contains("tile")) {
      const auto& t = j["tile"];
      const auto& w = t.at("window");
      job.request.tile = TileTask{t.at("parent").get<std::string>(), t.at("index").get<int>(),
                                  t.at("count").get<int>(),
                                  data::Window{w.at(0).get<std::int64_t>(), w.at(1).get<std::int64_t>(),
                                               w.at(2).get<std::int64_t>(), w.at(3).get<std::int64_t>()}};
    }
    return job;
  } catch (const nlohmann::json::exception& e) {
    throw data::Error(data::ErrorCode::parse_error, std::string("job record: ") + e.what());
  }
}

}  // namespace twin::jobs
