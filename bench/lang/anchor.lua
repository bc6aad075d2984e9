-- Lua 5.4 side of the interpreter-speed comparison: the programs of bench/lang/*.wh, written
-- plainly in Lua so that the two interpreters do the same work.
--
--   lua5.4 bench/lang/anchor.lua NAME      run NAME once and print its result
--   lua5.4 bench/lang/anchor.lua NAME N    run NAME N times in this process and print
--                                          "NAME result=R median=Ts min=Ts n=N"
--                                          (os.clock, i.e. CPU time, around each run)
--
-- NAME is one of fib, sumsq, sort, strbuf, strcat, noop.

local programs = {}

local function fib(n)
  if n < 2 then
    return n
  end
  return fib(n - 1) + fib(n - 2)
end

-- Recursion and calls: fib(27) = 196418.
programs.fib = function()
  return fib(27)
end

-- A hot integer loop over 0..<3_000_000; Lua 5.4 integers are 64-bit, so the sum is exact.
programs.sumsq = function()
  local total = 0
  for k = 0, 2999999 do
    total = total + k * k
  end
  return total
end

-- 200k values of x' = (1103515245 x + 12345) mod 2^31 seeded with 12345, sorted; the result
-- is the element at 0-based index 100000 (the product stays well inside 64-bit integers).
programs.sort = function()
  local seed = 12345
  local values = {}
  for k = 1, 200000 do
    seed = (seed * 1103515245 + 12345) % 2147483648
    values[k] = seed
  end
  table.sort(values)
  return values[100001]
end

-- The idiomatic way to build a long string: collect the pieces, concatenate once.
programs.strbuf = function()
  local pieces, count = {}, 0
  for k = 0, 99999 do
    count = count + 1
    pieces[count] = tostring(k)
  end
  return #table.concat(pieces)
end

-- The naive way: grow one string piece by piece.
programs.strcat = function()
  local text = ""
  for k = 0, 99999 do
    text = text .. tostring(k)
  end
  return #text
end

-- Nothing at all: measures start-up when timed as a whole process.
programs.noop = function()
  return 0
end

local name = arg[1]
local run = programs[name or ""]
if run == nil then
  io.stderr:write("usage: lua5.4 anchor.lua {fib|sumsq|sort|strbuf|strcat|noop} [RUNS]\n")
  os.exit(1)
end

local runs = math.tointeger(tonumber(arg[2] or "0")) or 0
if runs <= 0 then
  print(run())
else
  local seconds, result = {}, nil
  for k = 1, runs do
    local start = os.clock()
    result = run()
    seconds[k] = os.clock() - start
  end
  table.sort(seconds)
  print(string.format("%s result=%s median=%.4fs min=%.4fs n=%d",
    name, tostring(result), seconds[runs // 2 + 1], seconds[1], runs))
end
