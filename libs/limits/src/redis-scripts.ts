/**
 * A budget's reservations live in a hash (lease → amount) that also keeps their sum under `__total`, so an
 * admission reads one field instead of summing every open reservation (HVALS was O(open leases) per
 * request, and slow enough under load to push calls past their timeout). A hash written before the total
 * existed gets it computed once.
 */
export const HELD_HELPERS = `
local function heldTotal(held)
  local total = redis.call('HGET', held, '__total')
  if total then return tonumber(total) end
  local sum = 0
  for _, amount in ipairs(redis.call('HVALS', held)) do sum = sum + tonumber(amount) end
  if sum ~= 0 then redis.call('HSET', held, '__total', sum) end
  return sum
end
local function unhold(held, member)
  local amount = redis.call('HGET', held, member)
  if not amount then return 0 end
  redis.call('HDEL', held, member)
  redis.call('HINCRBY', held, '__total', -tonumber(amount))
  return tonumber(amount)
end`;

/**
 * The limiter's Redis side: one script checks every scope and, only if all pass, counts the request in
 * all of them, so concurrent replicas can never admit past a limit between a check and an increment.
 *
 * Keys, three per scope: rate scopes [requests in window, tokens in window, parallel-slot zset];
 * budget scopes [settled spend, reservation amounts hash, reservation expiry zset].
 * Numbers are integers (tokens, nano-dollars) well inside Lua's exact double range.
 */
export const ACQUIRE_SCRIPT = `${HELD_HELPERS}
local now = tonumber(ARGV[1])
local lease = ARGV[2]
local expires = tonumber(ARGV[3])
local estTokens = tonumber(ARGV[4])
local estCost = tonumber(ARGV[5])
local nRate = tonumber(ARGV[6])
local nBudget = tonumber(ARGV[7])
local usage = {}
local holds = {}
local a = 8
local k = 1
for i = 1, nRate do
  local rpm = tonumber(ARGV[a]); local tpm = tonumber(ARGV[a + 1]); local par = tonumber(ARGV[a + 2])
  local counts = redis.call('MGET', KEYS[k], KEYS[k + 1])
  local requests = tonumber(counts[1] or '0')
  local tokens = tonumber(counts[2] or '0')
  -- A negative limit is none; 0 allows nothing (LiteLLM's meaning).
  if rpm >= 0 and requests >= rpm then return {0, i, 'rpm', requests, tokens} end
  if tpm >= 0 and tokens + estTokens > tpm then return {0, i, 'tpm', requests, tokens} end
  -- Live slots only (a lease past its expiry no longer counts); releases remove the expired ones.
  if par >= 0 and redis.call('ZCOUNT', KEYS[k + 2], '(' .. now, '+inf') >= par then return {0, i, 'parallel', requests, tokens} end
  table.insert(usage, requests)
  table.insert(usage, tokens)
  a = a + 3; k = k + 3
end
for j = 1, nBudget do
  local max = tonumber(ARGV[a]); local seed = ARGV[a + 1]; local ttl = tonumber(ARGV[a + 2])
  local spent = redis.call('GET', KEYS[k])
  if not spent then
    redis.call('SET', KEYS[k], seed, 'EX', ttl)
    spent = seed
  end
  spent = tonumber(spent)
  local reserved = heldTotal(KEYS[k + 1])
  local stale = redis.call('ZRANGEBYSCORE', KEYS[k + 2], '-inf', now)
  for _, member in ipairs(stale) do reserved = reserved - unhold(KEYS[k + 1], member) end
  if #stale > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[k + 2], '-inf', now) end
  -- Admitted while some budget remains; the reservation is the worst case, capped at what remains, so the
  -- first call on a small budget passes and concurrent calls overshoot by at most one call's overrun.
  local room = max - spent - reserved
  if room <= 0 then return {0, nRate + j, 'budget', spent, reserved} end
  holds[j] = math.min(estCost, room)
  a = a + 3; k = k + 3
end
a = 8; k = 1
for i = 1, nRate do
  local par = tonumber(ARGV[a + 2])
  -- A window's counters get their expiry when they are created (the count starts from nothing).
  if redis.call('INCR', KEYS[k]) == 1 then redis.call('EXPIRE', KEYS[k], 120) end
  if redis.call('INCRBY', KEYS[k + 1], estTokens) == estTokens then redis.call('EXPIRE', KEYS[k + 1], 120) end
  if par >= 0 then
    redis.call('ZADD', KEYS[k + 2], expires, lease)
    redis.call('PEXPIRE', KEYS[k + 2], expires - now + 60000)
  end
  a = a + 3; k = k + 3
end
for j = 1, nBudget do
  local ttl = tonumber(ARGV[a + 2])
  redis.call('HSET', KEYS[k + 1], lease, holds[j]); redis.call('HINCRBY', KEYS[k + 1], '__total', holds[j]); redis.call('EXPIRE', KEYS[k + 1], ttl)
  redis.call('ZADD', KEYS[k + 2], expires, lease); redis.call('EXPIRE', KEYS[k + 2], ttl)
  a = a + 3; k = k + 3
end
table.insert(usage, 1, 1)
return usage
`;

// Expiries are relative (EXPIRE/PEXPIRE), never absolute: the caller's clock and Redis's may differ.

/**
 * Frees the parallel slots and reservations of one lease and settles its real tokens and cost; also drops
 * the slots whose leases expired (a replica died holding them), which admission no longer counts.
 */
export const RELEASE_SCRIPT = `${HELD_HELPERS}
local lease = ARGV[1]
local tokenDelta = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local nRate = tonumber(ARGV[4])
local nBudget = tonumber(ARGV[5])
local now = ARGV[6]
local k = 1
for i = 1, nRate do
  if tokenDelta ~= 0 and redis.call('EXISTS', KEYS[k + 1]) == 1 then redis.call('INCRBY', KEYS[k + 1], tokenDelta) end
  if redis.call('ZREM', KEYS[k + 2], lease) == 1 then redis.call('ZREMRANGEBYSCORE', KEYS[k + 2], '-inf', now) end
  k = k + 3
end
for j = 1, nBudget do
  unhold(KEYS[k + 1], lease)
  redis.call('ZREM', KEYS[k + 2], lease)
  if cost > 0 and redis.call('EXISTS', KEYS[k]) == 1 then redis.call('INCRBY', KEYS[k], cost) end
  k = k + 3
end
return 1
`;

/**
 * Runs a script above for several calls at once: one EVALSHA for every acquire (or release) of an event
 * loop turn instead of one each. The body becomes a local function whose parameters shadow KEYS and ARGV.
 * The calls travel as ONE argument, a JSON array (cjson, built into Redis's Lua) of one array of strings
 * per call: #rate scopes, #budget scopes, window, the scopes' key prefixes, #args, args. A few hundred
 * separate arguments per batch cost more to encode in the client than the rest of the limiter; numbers are
 * strings, so the script reads exactly what ARGV held before (Lua would print large numbers as 1e+15).
 * Each call sends its scopes' key prefixes, not their three keys each; the keys are spelled out here.
 * Returns each call's result, in order; still atomic as a whole. The keys are not declared (several calls
 * and scopes in one script span hash slots anyway): a single Redis, or one that does not enforce key
 * declarations, is what the limiter supports.
 */
export function batchedScript(body: string): string {
  return `
local function one(KEYS, ARGV)
${body}
end
local out = {}
local calls = cjson.decode(ARGV[1])
for n = 1, #calls do
  local call = calls[n]
  local nRate = tonumber(call[1]); local nBudget = tonumber(call[2]); local window = call[3]
  local a = 4
  local keys = {}
  for i = 1, nRate do
    local base = call[a]; a = a + 1
    keys[#keys + 1] = base .. ':req:' .. window
    keys[#keys + 1] = base .. ':tok:' .. window
    keys[#keys + 1] = base .. ':slots'
  end
  for j = 1, nBudget do
    local base = call[a]; a = a + 1
    keys[#keys + 1] = base .. ':spent'
    keys[#keys + 1] = base .. ':held'
    keys[#keys + 1] = base .. ':held-until'
  end
  local na = tonumber(call[a]); a = a + 1
  local args = {}
  for i = 1, na do args[i] = call[a + i - 1] end
  out[n] = one(keys, args)
end
return out
`;
}
