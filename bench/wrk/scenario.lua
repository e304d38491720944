-- One wrk script for every scenario, set up by the harness through environment variables:
--   BENCH_METHOD, BENCH_PATH, BENCH_BODY, BENCH_HEADERS ("Name: value" lines),
--   ("{n}" in the body is replaced by a number unique to each request),
--   BENCH_USER_HEADER, BENCH_USERS and BENCH_FIRST_USER: each request names one of that many users
--   from the first one on, round robin.
-- done() prints one line, "BENCH {...}", with the figures the harness reads.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local user_header = os.getenv("BENCH_USER_HEADER")
local users = tonumber(os.getenv("BENCH_USERS") or "1")
local first_user = tonumber(os.getenv("BENCH_FIRST_USER") or "0")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")

local headers = {}
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
if body then headers["Content-Type"] = "application/json" end

local counter = 0
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function request()
  -- n: a number no other request of this run has; it picks the user and fills "{n}" in the body.
  local n = counter * threads + id
  counter = counter + 1
  if user_header then
    headers[user_header] = "user-" .. (first_user + n % users)
  end
  local this_body = body and string.gsub(body, "{n}", tostring(n))
  return wrk.format(method, path, headers, this_body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
