#pragma once
// The embedded queue's journal records: one per change of a job, as compact JSON.
//   {"k":"submit","job":{...}}    a job accepted (the whole record)
//   {"k":"start","id":..,"t":..,"attempts":..}          a worker claimed it
//   {"k":"finish","id":..,"status":..,"t":..,"error":{..}}  the runner finished it
//   {"k":"dismiss","id":..,"t":..}                      DELETE /jobs/{id} dismissed it
//   {"k":"snapshot","job":{...}}  a job's whole state, written by compaction
// Progress is not journaled: after a restart a job runs again from the start anyway.
#include <filesystem>
#include <string>
#include <vector>

#include "twin/jobs/job.hpp"
#include "twin/jobs/journal.hpp"

namespace twin::jobs::records {

std::string submit(const Job& job);
std::string snapshot(const Job& job);
std::string start(const Job& job);
std::string finish(const Job& job);
std::string dismiss(const Job& job, Millis t);  // t: when (ignored for a finished job)

// The jobs the records describe, in the order they were first submitted, with every record
// applied (running jobs are still running here). Throws data::Error(corrupt_file) naming the
// journal and the record's offset for a record that does not parse or names an unknown job.
std::vector<Job> replay(const JournalReplay& journal, const std::filesystem::path& path);

}  // namespace twin::jobs::records
