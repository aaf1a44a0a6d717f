#pragma once
// The Lua scripts of the Redis queue: every change that touches several keys runs as one
// script, so Redis applies it atomically and no other client sees half of it. Each script
// takes no KEYS and ARGV[1] = the key prefix (keys are derived inside, so the queue needs one
// Redis, not a cluster). The layout and each script's rules are described in docs/jobs.md.
#include <string>

namespace twin::jobs::redis::scripts {

// ARGV: prefix, id, job JSON, owner, priority, idempotency key ('' = none), created ms.
// Returns {1, id} for a new job, {0, earlier id} when the owner used the key before.
std::string submit();

// ARGV: prefix, consumer, now ms, reclaim idle ms, max attempts.
// First takes over idle entries of workers that stopped (XAUTOCLAIM): a dismissed one becomes
// dismissed, one delivered max attempts times goes to the dead-letter stream and fails, else
// it runs again here. Then the next waiting job (highest priority, owners in turn), added to
// the stream and read into this consumer's pending list. Returns the job hash (HGETALL) or nil.
std::string claim();

// ARGV: prefix, id, consumer, now ms, reclaim idle ms, max attempts.
// Claims one job: an accepted one leaves the waiting lists and is delivered to this consumer
// as claim() delivers; a running one whose entry has been idle for the reclaim time is taken
// over as claim() takes over (dismissed, dead letter, or run here). Returns the job hash or nil.
std::string claim_job();

// ARGV: prefix, id, percent, message, consumer. Ignored unless the job runs on this consumer.
std::string progress();

// ARGV: prefix, id, final status, now ms, error code, error message, consumer, retry (0|1).
// Errors: "TWIN_UNKNOWN …", "TWIN_STATE …" (not running), "TWIN_TAKEN …" (another worker runs
// it now). With retry = 1 a job already in that status on this consumer counts as done.
std::string finish();

// ARGV: prefix, id, now ms. Returns the job hash after the change, nil when unknown.
std::string dismiss();

// ARGV: prefix, consumer, ttl ms, now ms, entry ids of the jobs this process runs. Refreshes
// the worker key and resets the idle time of those entries still pending on this consumer
// (XCLAIM … JUSTID, which does not count a delivery), so no one takes them over.
std::string heartbeat();

}  // namespace twin::jobs::redis::scripts
