-- How wrk asks for pages in bench/run; bench/http_bench.py reads the RESULT line it prints at the end.
--
--   WRK_MODE=plain    the URL as given: after the first request, a page cache hit
--   WRK_MODE=nocache  a unique ?nocache=… on every request: the page cache keys on the full path with the
--                     query, and the views ignore parameters they do not know, so every request renders
--   WRK_MODE=mix      rotate through the paths given after "--"; every 10th request is uncached (nocache)
--
-- The first argument after "--" is a token unique to the run, so no two runs share a cache key.
-- The mode comes from the environment because wrk decides at load time, before init(), whether the
-- script has a request() function; without one (plain) wrk sends its prepared request at full speed.

local mode = os.getenv("WRK_MODE") or "plain"
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("id", threads) -- each thread numbers its own requests
end

function init(args)
   token = args[1] or "bench"
   paths = {}
   for i = 2, #args do
      paths[#paths + 1] = args[i]
   end
   counter = 0
end

local function uncached(path)
   local separator = path:find("?", 1, true) and "&" or "?"
   return path .. separator .. "nocache=" .. token .. "-" .. id .. "-" .. counter
end

if mode == "nocache" then
   function request()
      counter = counter + 1
      return wrk.format(nil, uncached(wrk.path))
   end
elseif mode == "mix" then
   function request()
      counter = counter + 1
      local path = paths[(counter + id) % #paths + 1]
      if counter % 10 == 0 then
         path = uncached(path)
      end
      return wrk.format(nil, path)
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p99_us=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(99),
      e.status, e.connect, e.read, e.write, e.timeout))
end
