'use strict';
// Turns the `token` command's options into a JWT payload. Pure: no I/O, the clock is passed in.

const ms = require('ms');

const PERMISSIONS_CLAIM = 'permissions';
const RESERVED = new Set(['iat', 'exp']); // set from --exp and the clock, never by hand

class ClaimError extends Error {}

/** "1h", "10m", "30s", "2d" or a plain number of seconds -> seconds (a positive integer). */
function lifetimeSeconds(text) {
  const value = /^\d+$/.test(text) ? Number(text) * 1000 : ms(text);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1000) {
    throw new ClaimError(`--exp "${text}" is not a lifetime of at least one second (examples: 90, 10m, 1h, 7d)`);
  }
  return Math.floor(value / 1000);
}

// A claim value is JSON when it parses as JSON (so numbers, booleans and arrays work), otherwise plain text.
function claimValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseClaim(pair) {
  const eq = pair.indexOf('=');
  if (eq < 1) throw new ClaimError(`--claim "${pair}" must look like name=value`);
  const name = pair.slice(0, eq);
  if (RESERVED.has(name)) throw new ClaimError(`--claim cannot set "${name}"; use --exp`);
  return [name, claimValue(pair.slice(eq + 1))];
}

// Node-RED permissions: "*", "read", or a comma list of fine-grained ones such as "flows.read,flows.write".
function permissionsValue(text) {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new ClaimError('--permissions is empty; use "*", "read" or a list like flows.read,flows.write');
  return parts.length === 1 && !text.includes(',') ? parts[0] : parts;
}

/**
 * @param {{sub: string, aud?: string[], iss?: string, exp?: string, claim?: string[], permissions?: string}} opts
 * @param {number} nowSeconds
 * @returns {object} the payload, in the order sub, iss, aud, custom claims, iat, exp
 */
function buildClaims(opts, nowSeconds) {
  if (typeof opts.sub !== 'string' || opts.sub === '') throw new ClaimError('--sub is required (the user name)');
  const payload = { sub: opts.sub };
  if (opts.iss !== undefined) payload.iss = opts.iss;
  if (opts.aud !== undefined && opts.aud.length > 0) payload.aud = opts.aud.length === 1 ? opts.aud[0] : opts.aud;
  for (const pair of opts.claim || []) {
    const [name, value] = parseClaim(pair);
    if (name === 'sub' || name === 'iss' || name === 'aud') throw new ClaimError(`--claim cannot set "${name}"; use --${name}`);
    payload[name] = value;
  }
  if (opts.permissions !== undefined) payload[PERMISSIONS_CLAIM] = permissionsValue(opts.permissions);
  payload.iat = nowSeconds;
  payload.exp = nowSeconds + lifetimeSeconds(opts.exp === undefined ? '1h' : opts.exp);
  return payload;
}

module.exports = { buildClaims, lifetimeSeconds, ClaimError, PERMISSIONS_CLAIM };
