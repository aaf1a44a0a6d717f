#include "redis_scripts.hpp"

namespace twin::jobs::redis::scripts {
namespace {

// Shared by every script: key names and the bookkeeping of counts per status and active jobs
// per owner, which stats() and active_jobs() read without scanning.
constexpr const char* prelude = R"lua(
local P = ARGV[1]
local STREAM = P .. ':stream'
local GROUP = 'workers'
local FINAL = {successful = true, failed = true, dismissed = true}
local function jkey(id) return P .. ':job:' .. id end
-- One token per accepted job: its length is the backlog, which KEDA's redis list trigger
-- (LLEN) can read; the stream shows only running jobs (k8s/base/worker-scaling.yaml).
local BACKLOG = P .. ':backlog'
local function active(owner, delta)
  if redis.call('HINCRBY', P .. ':active', owner, delta) <= 0 then
    redis.call('HDEL', P .. ':active', owner)
  end
end
local function set_status(key, old, new)
  if old == new then return end
  redis.call('HINCRBY', P .. ':counts', old, -1)
  redis.call('HINCRBY', P .. ':counts', new, 1)
  if old == 'accepted' then redis.call('LPOP', BACKLOG) end
  if new == 'accepted' then redis.call('RPUSH', BACKLOG, '1') end
  local owner = redis.call('HGET', key, 'owner')
  if not FINAL[old] and FINAL[new] then active(owner, -1) end
  if FINAL[old] and not FINAL[new] then active(owner, 1) end
  redis.call('HSET', key, 'status', new)
end
-- An accepted job leaves its owner's waiting list at its priority; an owner with no job left
-- there leaves that priority's turns, and a priority with no owner left leaves the priorities.
local function unqueue(key, id)
  local owner, prio = redis.call('HGET', key, 'owner'), redis.call('HGET', key, 'priority')
  local wait = P .. ':wait:' .. prio .. ':' .. owner
  redis.call('LREM', wait, 1, id)
  if redis.call('LLEN', wait) == 0 then
    local turns = P .. ':turns:' .. prio
    redis.call('LREM', turns, 0, owner)
    if redis.call('LLEN', turns) == 0 then redis.call('ZREM', P .. ':prios', prio) end
  end
end
-- The job's stream entry is done: acknowledged (out of the pending list) and deleted.
local function ack(key)
  local entry = redis.call('HGET', key, 'entry')
  if entry and entry ~= '' then
    redis.call('XACK', STREAM, GROUP, entry)
    redis.call('XDEL', STREAM, entry)
    redis.call('HSET', key, 'entry', '')
  end
end
)lua";

std::string with_prelude(const char* body) { return std::string(prelude) + body; }

}  // namespace

std::string submit() {
  return with_prelude(R"lua(
local id, owner, prio, idem = ARGV[2], ARGV[4], ARGV[5], ARGV[6]
if idem ~= '' then
  local k = P .. ':idem:' .. #owner .. ':' .. owner .. ':' .. idem
  if not redis.call('SET', k, id, 'NX') then return {0, redis.call('GET', k)} end
end
local seq = redis.call('INCR', P .. ':seq')
redis.call('HSET', jkey(id), 'job', ARGV[3], 'status', 'accepted', 'progress', '0', 'message', '',
  'created', ARGV[7], 'started', '0', 'finished', '0', 'attempts', '0', 'owner', owner,
  'priority', prio, 'seq', seq, 'cancel', '0', 'entry', '', 'worker', '')
redis.call('ZADD', P .. ':order', seq, id)
redis.call('ZADD', P .. ':owner:' .. owner, seq, id)
redis.call('HINCRBY', P .. ':counts', 'accepted', 1)
redis.call('RPUSH', BACKLOG, '1')
active(owner, 1)
local wait = P .. ':wait:' .. prio .. ':' .. owner
if redis.call('RPUSH', wait, id) == 1 then redis.call('RPUSH', P .. ':turns:' .. prio, owner) end
redis.call('ZADD', P .. ':prios', prio, prio)
redis.call('LPUSH', P .. ':wake', '1')
redis.call('LTRIM', P .. ':wake', 0, 15)
return {1, id}
)lua");
}

std::string claim() {
  return with_prelude(R"lua(
local consumer, now, idle, max_attempts = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
-- Normally BUSYGROUP; recreates stream and group after a Redis that lost its data.
redis.pcall('XGROUP', 'CREATE', STREAM, GROUP, '0', 'MKSTREAM')
local function start(key, entry, message)
  set_status(key, redis.call('HGET', key, 'status'), 'running')
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('HSET', key, 'started', now, 'progress', '0', 'message', message,
    'worker', consumer, 'entry', entry)
  return redis.call('HGETALL', key)
end

-- 1. Entries idle longer than the reclaim time: their worker stopped heartbeating.
local cursor = '0-0'
repeat
  local r = redis.call('XAUTOCLAIM', STREAM, GROUP, consumer, idle, cursor, 'COUNT', 1)
  cursor = r[1]
  for _, e in ipairs(r[2]) do
    local entry, fields = e[1], e[2]
    local id = fields and fields[2]
    local key = id and jkey(id)
    local status = key and redis.call('HGET', key, 'status')
    if status ~= 'running' or redis.call('HGET', key, 'entry') ~= entry then
      redis.call('XACK', STREAM, GROUP, entry)  -- stale: the job ended some other way
      redis.call('XDEL', STREAM, entry)
    elseif redis.call('HGET', key, 'cancel') == '1' then
      set_status(key, 'running', 'dismissed')
      redis.call('HSET', key, 'finished', now, 'cancel', '0')
      ack(key)
    else
      local attempts = tonumber(redis.call('HGET', key, 'attempts'))
      if attempts >= max_attempts then
        local worker = redis.call('HGET', key, 'worker')
        set_status(key, 'running', 'failed')
        redis.call('HSET', key, 'finished', now, 'error_code', 'too-many-deliveries',
          'error_message', 'the job was delivered ' .. attempts ..
          ' times and its worker stopped each time; it is not run again')
        redis.call('XADD', P .. ':dead', '*', 'job', id, 'worker', worker,
          'attempts', attempts, 'time', now)
        ack(key)
      else
        return start(key, entry, 'taken over from worker ' ..
          redis.call('HGET', key, 'worker') .. ', which stopped')
      end
    end
  end
until cursor == '0-0'

-- 2. The next waiting job: highest priority, then the owner whose turn it is, then FIFO.
while true do
  local top = redis.call('ZREVRANGE', P .. ':prios', 0, 0)
  if #top == 0 then return false end
  local prio = top[1]
  local turns = P .. ':turns:' .. prio
  local owner = redis.call('LPOP', turns)
  if not owner then
    redis.call('ZREM', P .. ':prios', prio)
  else
    local wait = P .. ':wait:' .. prio .. ':' .. owner
    local id = redis.call('LPOP', wait)
    if redis.call('LLEN', wait) > 0 then redis.call('RPUSH', turns, owner) end
    if redis.call('LLEN', turns) == 0 then redis.call('ZREM', P .. ':prios', prio) end
    if id then
      local entry = redis.call('XADD', STREAM, '*', 'job', id)
      -- Only this script adds entries and it reads each at once, so the read returns this
      -- one; anything older would be a leftover, acknowledged away.
      while true do
        local got = redis.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', 1, 'STREAMS', STREAM, '>')
        local delivered = got and got[1][2][1] and got[1][2][1][1]
        if not delivered or delivered == entry then break end
        redis.call('XACK', STREAM, GROUP, delivered)
        redis.call('XDEL', STREAM, delivered)
      end
      return start(jkey(id), entry, '')
    end
  end
end
)lua");
}

std::string claim_job() {
  return with_prelude(R"lua(
local id, consumer, now, idle, max_attempts = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
redis.pcall('XGROUP', 'CREATE', STREAM, GROUP, '0', 'MKSTREAM')
local key = jkey(id)
local status = redis.call('HGET', key, 'status')
local function start(entry, message)
  set_status(key, status, 'running')
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('HSET', key, 'started', now, 'progress', '0', 'message', message,
    'worker', consumer, 'entry', entry)
  return redis.call('HGETALL', key)
end
if status == 'accepted' then
  -- Out of the waiting lists, then delivered as claim() delivers.
  unqueue(key, id)
  local entry = redis.call('XADD', STREAM, '*', 'job', id)
  while true do
    local got = redis.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', 1, 'STREAMS', STREAM, '>')
    local delivered = got and got[1][2][1] and got[1][2][1][1]
    if not delivered or delivered == entry then break end
    redis.call('XACK', STREAM, GROUP, delivered)
    redis.call('XDEL', STREAM, delivered)
  end
  return start(entry, '')
end
if status ~= 'running' then return false end
local entry = redis.call('HGET', key, 'entry')
local worker = redis.call('HGET', key, 'worker')
if not entry or entry == '' or worker == consumer then return false end
-- XCLAIM with a minimum idle time: empty while the worker running it heartbeats.
local got = redis.call('XCLAIM', STREAM, GROUP, consumer, idle, entry)
if #got == 0 or not got[1] then return false end
if redis.call('HGET', key, 'cancel') == '1' then
  set_status(key, 'running', 'dismissed')
  redis.call('HSET', key, 'finished', now, 'cancel', '0')
  ack(key)
  return false
end
local attempts = tonumber(redis.call('HGET', key, 'attempts'))
if attempts >= max_attempts then
  set_status(key, 'running', 'failed')
  redis.call('HSET', key, 'finished', now, 'error_code', 'too-many-deliveries',
    'error_message', 'the job was delivered ' .. attempts ..
    ' times and its worker stopped each time; it is not run again')
  redis.call('XADD', P .. ':dead', '*', 'job', id, 'worker', worker, 'attempts', attempts, 'time', now)
  ack(key)
  return false
end
return start(entry, 'taken over from worker ' .. worker .. ', which stopped')
)lua");
}

std::string progress() {
  return with_prelude(R"lua(
local key = jkey(ARGV[2])
if redis.call('HGET', key, 'status') ~= 'running' then return 0 end
if redis.call('HGET', key, 'worker') ~= ARGV[5] then return 0 end
redis.call('HSET', key, 'progress', ARGV[3], 'message', ARGV[4])
return 1
)lua");
}

std::string finish() {
  return with_prelude(R"lua(
local id, target, now, code, message, consumer = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = jkey(id)
local status = redis.call('HGET', key, 'status')
if not status then return redis.error_reply('TWIN_UNKNOWN unknown job ' .. id) end
local worker = redis.call('HGET', key, 'worker')
if status ~= 'running' then
  if ARGV[8] == '1' and status == target and worker == consumer then return 1 end
  return redis.error_reply('TWIN_STATE job ' .. id .. ': it is ' .. status .. ', not running')
end
if worker ~= consumer then
  return redis.error_reply('TWIN_TAKEN job ' .. id .. ' was taken over by worker ' .. worker)
end
set_status(key, 'running', target)
redis.call('HSET', key, 'finished', now, 'cancel', '0')
if target == 'successful' then redis.call('HSET', key, 'progress', '100') end
if code ~= '' then
  redis.call('HSET', key, 'error_code', code, 'error_message', message)
else
  redis.call('HDEL', key, 'error_code', 'error_message')
end
ack(key)
return 1
)lua");
}

std::string dismiss() {
  return with_prelude(R"lua(
local id, now = ARGV[2], ARGV[3]
local key = jkey(id)
local status = redis.call('HGET', key, 'status')
if not status then return false end
if status == 'accepted' then
  unqueue(key, id)
  set_status(key, 'accepted', 'dismissed')
  redis.call('HSET', key, 'finished', now)
elseif status == 'running' then
  redis.call('HSET', key, 'cancel', '1')
elseif status == 'successful' or status == 'failed' then
  set_status(key, status, 'dismissed')
end
return redis.call('HGETALL', key)
)lua");
}

std::string heartbeat() {
  return with_prelude(R"lua(
local consumer, ttl, now = ARGV[2], ARGV[3], ARGV[4]
redis.call('SET', P .. ':worker:' .. consumer, now, 'PX', ttl)
if #ARGV < 5 then return 0 end
local ok, pending = pcall(redis.call, 'XPENDING', STREAM, GROUP, '-', '+', 10000, consumer)
if not ok then return 0 end
-- Only entries still ours: one another worker took over (this one was presumed dead) stays
-- with it instead of being claimed back.
local mine = {}
for _, p in ipairs(pending) do mine[p[1]] = true end
local refreshed = 0
for i = 5, #ARGV do
  if mine[ARGV[i]] then
    redis.call('XCLAIM', STREAM, GROUP, consumer, 0, ARGV[i], 'JUSTID')
    refreshed = refreshed + 1
  end
end
return refreshed
)lua");
}

}  // namespace twin::jobs::redis::scripts
