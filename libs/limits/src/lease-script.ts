import { HELD_HELPERS } from './redis-scripts.ts';

/**
 * The Redis side of capacity leases (see LeasedLimiter): one script call per sync carries every scope a
 * replica holds capacity in. It works on the same keys as ACQUIRE_SCRIPT and RELEASE_SCRIPT, so requests
 * admitted one by one and requests admitted from a lease count against the same numbers.
 *
 * A grant is always taken from what remains, and never more than 1/SHARE of it: whatever a replica holds
 * is already counted in Redis, so the replicas together never admit past a limit; what one holds unused is
 * refused to the others until it uses it or hands it back, and that is at most 1/SHARE of what remained.
 *
 * The calls travel as one JSON argument (cjson), a list of entries, every value a string:
 *   rate:   'r', key base, window, rpm, tpm, parallel (-1: no such limit), token correction,
 *           requests wanted, tokens wanted, requests returned, tokens returned,
 *           slots held, slots wanted, slot member prefix, slot expiry (ms), now (ms)
 *   budget: 'b', key base, max, seed, ttl (s), settled cost, hold wanted on top, return the hold (1/0),
 *           hold member, hold expiry (ms), now (ms)
 * Returns per entry: rate {requests counted, tokens counted, requests granted, tokens granted, slots held};
 * budget {spent, held by the others, this replica's hold}.
 */
export const LEASE_SHARE = 16;

export const LEASE_SCRIPT = `
local SHARE = ${LEASE_SHARE}
${HELD_HELPERS}
-- Adds to a window counter; the counter gets its expiry when this creates it (as in ACQUIRE_SCRIPT).
local function count(key, delta)
  if delta == 0 then return tonumber(redis.call('GET', key) or '0') end
  local after = redis.call('INCRBY', key, delta)
  if after == delta then redis.call('EXPIRE', key, 120) end
  return after
end
-- What a replica may take of a limit's remainder: what it wants, at most 1/SHARE of what remains.
local function grant(limit, counted, wanted)
  if limit < 0 or wanted <= 0 then return 0 end
  local share = math.floor((limit - counted) / SHARE)
  if share <= 0 then return 0 end
  return math.min(wanted, share)
end
local out = {}
local entries = cjson.decode(ARGV[1])
for n = 1, #entries do
  local e = entries[n]
  if e[1] == 'r' then
    local base = e[2]; local window = e[3]
    local rpm = tonumber(e[4]); local tpm = tonumber(e[5]); local par = tonumber(e[6])
    local correction = tonumber(e[7]); local wantReq = tonumber(e[8]); local wantTok = tonumber(e[9])
    local backReq = tonumber(e[10]); local backTok = tonumber(e[11])
    local heldSlots = tonumber(e[12]); local wantSlots = tonumber(e[13]); local member = e[14]
    local expires = tonumber(e[15]); local now = tonumber(e[16])
    local reqKey = base .. ':req:' .. window
    local tokKey = base .. ':tok:' .. window
    local requests = count(reqKey, -backReq)
    local tokens = count(tokKey, correction - backTok)
    local gotReq = grant(rpm, requests, wantReq)
    local gotTok = grant(tpm, tokens, wantTok)
    requests = count(reqKey, gotReq)
    tokens = count(tokKey, gotTok)
    local slots = 0
    if par >= 0 then
      local slotsKey = base .. ':slots'
      -- This replica's slots are members member..1 to member..heldSlots; the others' are what else is live.
      for i = 1, heldSlots do redis.call('ZREM', slotsKey, member .. i) end
      local others = redis.call('ZCOUNT', slotsKey, '(' .. now, '+inf')
      -- Kept: what it asks for up to what it held (the slots its requests in flight occupy were counted
      -- when it asked); more: at most 1/SHARE of what the others leave.
      slots = math.min(wantSlots, heldSlots)
      if wantSlots > slots then slots = slots + grant(par, others + slots, wantSlots - slots) end
      for i = 1, slots do redis.call('ZADD', slotsKey, expires, member .. i) end
      if slots > 0 then redis.call('PEXPIRE', slotsKey, expires - now + 60000) end
    end
    out[n] = {requests, tokens, gotReq, gotTok, slots}
  else
    local base = e[2]
    local max = tonumber(e[3]); local seed = e[4]; local ttl = tonumber(e[5])
    local settled = tonumber(e[6]); local wantHold = tonumber(e[7]); local giveBack = e[8] == '1'
    local member = e[9]; local expires = tonumber(e[10]); local now = tonumber(e[11])
    local spentKey = base .. ':spent'; local heldKey = base .. ':held'; local untilKey = base .. ':held-until'
    local spent = redis.call('GET', spentKey)
    if not spent then
      redis.call('SET', spentKey, seed, 'EX', ttl)
      spent = seed
    end
    spent = tonumber(spent)
    if settled > 0 then spent = redis.call('INCRBY', spentKey, settled) end
    -- The settled cost leaves the hold as it enters the spend.
    local mine = math.max(0, unhold(heldKey, member) - settled)
    local stale = redis.call('ZRANGEBYSCORE', untilKey, '-inf', now)
    for _, other in ipairs(stale) do unhold(heldKey, other) end
    if #stale > 0 then redis.call('ZREMRANGEBYSCORE', untilKey, '-inf', now) end
    local others = heldTotal(heldKey)
    if giveBack then
      mine = 0
    else
      mine = mine + grant(max, spent + others + mine, wantHold)
    end
    if mine > 0 then
      redis.call('HSET', heldKey, member, mine); redis.call('HINCRBY', heldKey, '__total', mine); redis.call('EXPIRE', heldKey, ttl)
      redis.call('ZADD', untilKey, expires, member); redis.call('EXPIRE', untilKey, ttl)
    else
      redis.call('ZREM', untilKey, member)
    end
    out[n] = {spent, others, mine}
  end
end
return out
`;
