'use strict';
// Node-RED permission values: what counts as one, and how a claim (optionally through a roles map) becomes one.

// Node-RED's own grammar (editor-api/lib/auth/permissions.js): "*", "read", "write", "*.read", "*.write" and
// "<area>.read" / "<area>.write". Anything else grants nothing there, so we treat it as no permission at all.
const PERMISSION = /^(\*|read|write|(\*|[A-Za-z][A-Za-z0-9_-]{0,63})\.(read|write))$/;

function isPermission(value) {
  return typeof value === 'string' && PERMISSION.test(value);
}

/**
 * A permissions value as Node-RED stores it in a session scope: one string, or an array of strings.
 * @returns {string|string[]|null} the value with unknown entries dropped, or null when nothing is left
 */
function normalize(value) {
  if (typeof value === 'string') return isPermission(value) ? value : null;
  if (!Array.isArray(value)) return null;
  const kept = [...new Set(value.filter(isPermission))];
  return kept.length ? kept : null;
}

/** Strict check of a configured permissions value: every entry must be valid. Returns it (deduplicated) or null. */
function requireValid(value) {
  const ok = typeof value === 'string' ? isPermission(value) : Array.isArray(value) && value.length > 0 && value.every(isPermission);
  if (!ok) return null;
  return typeof value === 'string' ? value : [...new Set(value)];
}

function flatten(permissions, into) {
  if (typeof permissions === 'string') into.add(permissions);
  else for (const p of permissions) into.add(p);
}

/**
 * Turns a roles claim into permissions through the configured map (a Map, so "__proto__" or "constructor"
 * in a token can never reach an inherited property). Unknown roles grant nothing.
 */
function fromRoles(claim, roles) {
  const names = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const granted = new Set();
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const permissions = roles.get(name);
    if (permissions !== undefined) flatten(permissions, granted);
  }
  if (granted.size === 0) return null;
  if (granted.has('*')) return '*';
  return [...granted];
}

module.exports = { isPermission, normalize, requireValid, fromRoles };
