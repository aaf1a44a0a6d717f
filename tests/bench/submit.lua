-- wrk script for tests/bench/serve_bench.sh: POST /processes/heat/execution with
-- "Prefer: respond-async" for one scenario, and a count of the responses by status so the
-- script can compare the server's accepted jobs with the 201s the client saw.
--
--   wrk -t2 -c16 -d10s -s tests/bench/submit.lua http://127.0.0.1:PORT -- SCENARIO_ID

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local scenario = args[1]
  if scenario == nil then
    error("usage: wrk ... -s submit.lua URL -- SCENARIO_ID")
  end
  wrk.method = "POST"
  wrk.path = "/processes/heat/execution"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Prefer"] = "respond-async"
  wrk.body = '{"inputs": {"scenario": "' .. scenario .. '"}}'
  created = 0
  other = 0
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_created, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("responses 201: %d\n", total_created))
  io.write(string.format("responses other: %d\n", total_other))
end
