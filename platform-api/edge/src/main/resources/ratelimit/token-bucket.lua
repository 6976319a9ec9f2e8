-- Token bucket, atomic in Redis so that every edge replica draws from the same bucket.
-- KEYS[1] bucket key (hash: tokens, ts); KEYS[2..n], optional, guard keys (an account's deletion
-- and suspension marks), read in the same round trip
-- ARGV[1] capacity (tokens), ARGV[2] refill per millisecond, ARGV[3] now (epoch ms, from the
-- caller's clock), ARGV[4] tokens requested
-- Returns { "allowed:remaining:wait_ms", guard values... }, a missing guard key as nil. When any
-- guard key is set, no token is taken and the first element is nil: the caller refuses the
-- request, or asks again without guard keys if the mark turns out to be over.
local guards = {}
local guarded = false
if #KEYS > 1 then
  guards = redis.call('MGET', unpack(KEYS, 2))
  for i = 1, #guards do
    if guards[i] then
      guarded = true
    end
  end
end
if guarded then
  return { false, unpack(guards) }
end

local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local requested = tonumber(ARGV[4])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
-- replicas' clocks differ slightly: a caller behind the last writer refills nothing
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end

local allowed = 0
local wait = 0
if tokens >= requested then
  tokens = tokens - requested
  allowed = 1
else
  wait = math.ceil((requested - tokens) / rate)
end

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
-- an idle bucket is full again after capacity / rate; it need not outlive that
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return { allowed .. ':' .. math.floor(tokens) .. ':' .. wait, unpack(guards) }
