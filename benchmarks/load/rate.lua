-- wrk script for the steady-state mode of run.sh: sends requests at a fixed rate instead of
-- as fast as the server answers, and prints report.lua's machine-readable summary line.
-- Usage: wrk -t1 -c4 -d20s -s rate.lua URL -- <requests/s for this wrk thread>
-- Each thread keeps one schedule (a slot every 1/rate seconds) shared by its connections:
-- a connection that receives its response waits for the next free slot (wrk's delay(),
-- whole milliseconds), so a slow response does not lower the rate while others are free.
-- Latency is wrk's: from sending a request to its response, without the wait for the slot.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } rate_timespec;
int clock_gettime(int clock_id, rate_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("rate_timespec")

local function now_ms()
   ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
   return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local interval, next_slot

init = function(args)
   interval = 1000 / tonumber(args[1])
end

delay = function()
   local now = now_ms()
   -- After a stall of more than a second, start again from now instead of sending a burst
   if next_slot == nil or next_slot < now - 1000 then
      next_slot = now
   end
   next_slot = next_slot + interval
   local wait = next_slot - now
   if wait < 0 then
      return 0
   end
   return wait
end

-- The summary line: report.lua's done(), from beside this script
dofile((debug.getinfo(1, "S").source:sub(2):match("^(.*/)") or "./") .. "report.lua")
