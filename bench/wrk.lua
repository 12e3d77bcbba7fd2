-- How wrk asks for pages in bench/run; bench/http_bench.py and bench/abuse_bench.py read the RESULT line it
-- prints at the end.
--
--   WRK_MODE=plain   the URL as given: after the first request, a page cache hit
--   WRK_MODE=mix     rotate through the paths given after "--"; every 10th request is a search for a word never
--                    asked before, which the page cache cannot answer (parameters a page does not read, such as
--                    ?nocache=…, no longer make it render: the cache keys on the parameters each view declares)
--   WRK_MODE=abuse   what an attacker would send: searches for a new word each time with a cache-busting
--                    parameter, and the PDF paths given after "--", alternately; with WRK_SPREAD=1 every request
--                    claims another client address in X-Forwarded-For (the portal running BEHIND_PROXY=1), as
--                    requests from many machines would. Counts 429 and 5xx answers.
--
-- The first argument after "--" is a token unique to the run, so no two runs share a cache key.
-- The mode comes from the environment because wrk decides at load time, before init(), whether the
-- script has a request() function; without one (plain) wrk sends its prepared request at full speed.

local mode = os.getenv("WRK_MODE") or "plain"
local spread = os.getenv("WRK_SPREAD") == "1"
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads) -- each thread numbers its own requests
end

function init(args)
   token = args[1] or "bench"
   paths = {}
   for i = 2, #args do
      paths[#paths + 1] = args[i]
   end
   counter = 0
   too_many = 0
   server_errors = 0
end

local function new_search()
   return "/sok/?q=" .. token .. "x" .. id .. "x" .. counter
end

if mode == "mix" then
   function request()
      counter = counter + 1
      if counter % 10 == 0 then
         return wrk.format(nil, new_search())
      end
      return wrk.format(nil, paths[(counter + id) % #paths + 1])
   end
elseif mode == "abuse" then
   function request()
      counter = counter + 1
      local headers = {}
      if spread then
         headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", id, math.floor(counter / 250) % 250, counter % 250)
      end
      if counter % 2 == 0 or #paths == 0 then
         return wrk.format(nil, new_search() .. "&cb=" .. counter, headers)
      end
      return wrk.format(nil, paths[(math.floor(counter / 2) + id) % #paths + 1], headers)
   end

   function response(status, headers, body)
      if status == 429 then
         too_many = too_many + 1
      elseif status >= 500 then
         server_errors = server_errors + 1
      end
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   local s429, s5xx = 0, 0
   for _, thread in ipairs(threads) do
      s429 = s429 + (thread:get("too_many") or 0)
      s5xx = s5xx + (thread:get("server_errors") or 0)
   end
   io.write(string.format(
      "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d s429=%d s5xx=%d\n",
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
      e.status, e.connect, e.read, e.write, e.timeout, s429, s5xx))
end
