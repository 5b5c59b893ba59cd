-- Shared by the bench/wrk/*.lua bodies: POST JSON, count every status per thread, and print one line that
-- the bench scripts parse (benchlib.bench_line):
--   BENCH requests=N duration_s=S rps=R p50_ms=A p99_ms=B non2xx=K socket_errors=E statuses=200:N,502:K
-- A body script sets `body` (a string) or `body_file` (read in each thread's init), then dofile()s this one.
-- Extra headers (Authorization, the Portkey routing headers) come from wrk's -H flags.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   statuses = {}
   local path = body_file or args[1]
   if path then
      local file = assert(io.open(path, "rb"), "cannot open body file " .. path)
      wrk.body = file:read("*a")
      file:close()
   elseif body then
      wrk.body = body
   else
      error("no body: set body or body_file, or pass a file after --")
   end
end

function response(status, headers, response_body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local totals = {}
   for _, thread in ipairs(threads) do
      local counted = thread:get("statuses") or {}
      for status, count in pairs(counted) do
         totals[status] = (totals[status] or 0) + count
      end
   end
   local codes, non2xx = {}, 0
   for status, count in pairs(totals) do
      table.insert(codes, status)
      if status < 200 or status > 299 then
         non2xx = non2xx + count
      end
   end
   table.sort(codes)
   local listed = {}
   for _, status in ipairs(codes) do
      table.insert(listed, status .. ":" .. totals[status])
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d socket_errors=%d statuses=%s\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      non2xx, e.connect + e.read + e.write + e.timeout,
      #listed > 0 and table.concat(listed, ",") or "none"))
end
