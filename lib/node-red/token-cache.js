'use strict';
// A bounded memo of tokens that already passed verification, so that the admin API's per-request `tokens()`
// call does not pay for a signature check (nor a native call) on every request with the same bearer token.
// Only successes go in: a failed token is re-checked each time, so junk cannot fill or poison the cache.

const DEFAULT_MAX_ENTRIES = 1000;
// A token without `exp` stays valid for the verifier forever; keeping it here at most this long means the
// cache never decides on its own for longer than a few minutes.
const DEFAULT_MAX_TTL_MS = 5 * 60 * 1000;
// Huge tokens are rare and would make the memory bound meaningless (entries x token length).
const DEFAULT_MAX_TOKEN_LENGTH = 8192;

class TokenCache {
  /**
   * @param {{maxEntries?: number, maxTtlMs?: number, maxTokenLength?: number, now?: () => number}} [options]
   */
  constructor(options = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxTtlMs = options.maxTtlMs ?? DEFAULT_MAX_TTL_MS;
    this.maxTokenLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
    this.now = options.now || Date.now;
    // Map keeps insertion order, so the first key is the oldest entry: eviction is O(1) without a linked list.
    this.entries = new Map();
  }

  get size() {
    return this.entries.size;
  }

  /** The value stored for exactly this token, or undefined when absent or no longer fresh. */
  get(token) {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (this.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Remembers a verified token until the earliest of: its `exp`, `notAfterMs` (e.g. iat + maxAge), and now + maxTtl.
   * @param {string} token the whole token text (the key: a different signature is a different entry)
   * @param {*} value what `get` returns
   * @param {number|undefined} expSeconds the token's `exp` claim
   * @param {number} [notAfterMs] another upper bound in ms since the epoch
   * @returns {boolean} whether it was stored
   */
  set(token, value, expSeconds, notAfterMs) {
    if (typeof token !== 'string' || token.length > this.maxTokenLength || this.maxEntries <= 0) return false;
    const now = this.now();
    let until = now + this.maxTtlMs;
    if (expSeconds !== undefined) {
      if (typeof expSeconds !== 'number' || !Number.isFinite(expSeconds)) return false;
      until = Math.min(until, expSeconds * 1000);
    }
    if (typeof notAfterMs === 'number') until = Math.min(until, notAfterMs);
    if (!(until > now)) return false;
    if (this.entries.has(token)) this.entries.delete(token);
    else if (this.entries.size >= this.maxEntries) this.evict(now);
    this.entries.set(token, { value, until });
    return true;
  }

  // Drops stale entries from the old end first; if all are fresh, the oldest one goes.
  evict(now) {
    for (const [key, entry] of this.entries) {
      if (now >= entry.until) this.entries.delete(key);
      else break;
    }
    if (this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value);
    }
  }

  clear() {
    this.entries.clear();
  }
}

module.exports = { TokenCache, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TTL_MS, DEFAULT_MAX_TOKEN_LENGTH };
