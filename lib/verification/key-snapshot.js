'use strict';
// What a key object or Buffer held when a verifier was compiled from it. passport-jwt reads the key on every call,
// so a key changed in place (a `{key, format: 'jwk'}` holder given a new key, a Buffer overwritten, a JWKS with a
// key spliced out) must take effect on the next call; the compiled-verifier cache is keyed by identity, so it
// compares this snapshot on each use. Strings and KeyObjects cannot change and need none.
//
// The snapshot is a flat list of cells from a depth-first walk: each value (by identity), then for a container its
// size and its members in order, and for bytes a copy. Comparing walks the live key the same way and stops at the
// first difference; nothing is allocated for plain objects, arrays and Buffers.

const { KeyObject } = require('crypto');

const MAX_DEPTH = 4; // JWKS -> keys -> JWK -> x5c; deeper members are compared by identity
const hasOwn = Object.prototype.hasOwnProperty;

function bytesOf(view) {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// Buffer#equals is a native call (~200 ns); a loop is faster for the short secrets HMAC keys usually are.
function sameBytes(copy, view) {
  const live = bytesOf(view);
  const n = copy.length;
  if (live.length !== n) return false;
  if (n > 64) return Buffer.compare(copy, live) === 0;
  for (let i = 0; i < n; i++) if (copy[i] !== live[i]) return false;
  return true;
}

function record(value, depth, cells) {
  cells.push(value);
  if (value === null || typeof value !== 'object' || value instanceof KeyObject) return;
  if (ArrayBuffer.isView(value)) {
    cells.push(Buffer.from(bytesOf(value))); // a copy
    return;
  }
  if (depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    cells.push(value.length);
    for (let i = 0; i < value.length; i++) record(value[i], depth + 1, cells);
    return;
  }
  const sizeAt = cells.length;
  cells.push(0);
  let size = 0;
  for (const name in value) {
    if (!hasOwn.call(value, name)) continue;
    size += 1;
    cells.push(name);
    record(value[name], depth + 1, cells);
  }
  cells[sizeAt] = size;
}

/** @returns {Array|null} null for keys that cannot change in place (strings, KeyObjects, fetched key sets) */
function snapshotKey(key, immutable) {
  if (key === null || typeof key !== 'object' || key instanceof KeyObject || immutable) return null;
  const cells = [];
  record(key, 0, cells);
  return cells;
}

// Returns the index after `value`'s cells, or -1 at the first difference.
function match(value, depth, cells, i) {
  if (cells[i] !== value) return -1;
  i += 1;
  if (value === null || typeof value !== 'object' || value instanceof KeyObject) return i;
  if (ArrayBuffer.isView(value)) return sameBytes(cells[i], value) ? i + 1 : -1;
  if (depth >= MAX_DEPTH) return i;
  if (Array.isArray(value)) {
    if (cells[i] !== value.length) return -1;
    i += 1;
    for (let k = 0; k < value.length && i >= 0; k++) i = match(value[k], depth + 1, cells, i);
    return i;
  }
  const size = cells[i];
  i += 1;
  let seen = 0;
  for (const name in value) {
    if (!hasOwn.call(value, name)) continue;
    if (++seen > size || cells[i] !== name) return -1;
    i = match(value[name], depth + 1, cells, i + 1);
    if (i < 0) return -1;
  }
  return seen === size ? i : -1;
}

/** Whether `key` still holds what `snapshot` recorded (always true for a null snapshot). */
function keyUnchanged(key, snapshot) {
  if (snapshot === null) return true;
  // The common mutable key, a Buffer secret, without the general walk.
  if (snapshot.length === 2 && Buffer.isBuffer(key)) return snapshot[0] === key && sameBytes(snapshot[1], key);
  return match(key, 0, snapshot, 0) === snapshot.length;
}

module.exports = { snapshotKey, keyUnchanged };
