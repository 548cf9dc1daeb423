'use strict';
// Editor sessions that end when the token they were created from does.
//
// Node-RED stores a session as {user, scope, expires} and, on every request made with it, asks the `users` hook
// about `user` alone. So the name we give Node-RED for a session (the "session key") carries what the hook needs
// to judge that one session: the person's username, when its token ends, the permissions Node-RED enforces for
// it, and a random id that tells two sessions of one person apart. Node-RED writes the key to .sessions.json, so
// the rules hold after a restart; only our factory's `authenticate` creates sessions, so a key is never forged.
//
// In memory, per live session: the current end (moved on by refreshes), the refresh token (never written to
// disk, never sent to the browser) and the Node-RED access token, used to close the editor's websocket when the
// session ends (editor-sessions.js).

const crypto = require('crypto');

// Usernames never hold control characters (users.js refuses them), so this cannot occur inside one.
const SEP = '\u001f';
const NO_END = '-';
const MAX_RECORDS = 10000;
// Refresh this long before the token ends (less for very short tokens), and retry a failed refresh this often.
const REFRESH_LEAD_MS = 60 * 1000;
const RETRY_MS = 5000;

function encodePermissions(permissions) {
  return Buffer.from(JSON.stringify(permissions)).toString('base64url');
}

function decodePermissions(text) {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value === 'string' || (Array.isArray(value) && value.every((p) => typeof p === 'string'))) return value;
  } catch {
    // not ours
  }
  return null;
}

function samePermissions(a, b) {
  const list = (p) => (Array.isArray(p) ? [...p].sort() : [p]);
  return JSON.stringify(list(a)) === JSON.stringify(list(b));
}

/** Splits a session key; null for anything else (a plain username from an older session). */
function parseKey(key) {
  if (typeof key !== 'string') return null;
  const parts = key.split(SEP);
  if (parts.length !== 4 || !/^[A-Za-z0-9_-]{16}$/.test(parts[3])) return null;
  const permissions = decodePermissions(parts[2]);
  const endsAt = parts[1] === NO_END ? null : Number(parts[1]) * 1000;
  if (permissions === null || (endsAt !== null && !Number.isSafeInteger(endsAt))) return null;
  return { username: parts[0], endsAt, permissions, sid: parts[3] };
}

/**
 * @param {object} options
 * @param {boolean} options.endsWithToken    sessions end at the token's exp (plus clockTolerance)
 * @param {number} options.clockTolerance    seconds
 * @param {object} options.editorSessions    editor-sessions.js
 * @param {(record: object) => Promise<{endsAt: number, permissions: *}|{end: true}|{retry: true}>} [options.renew]
 *   asks the provider for a fresh token (code flow with a refresh token)
 */
function createSessions({ endsWithToken, clockTolerance, editorSessions, renew = null, now = Date.now }) {
  const records = new Map(); // sid -> record

  function end(record) {
    if (record.ended) return;
    record.ended = true;
    clearTimeout(record.timer);
    records.delete(record.sid);
    if (record.accessToken) editorSessions.expire(record.accessToken).catch(() => {});
  }

  function schedule(record) {
    clearTimeout(record.timer);
    if (record.ended || record.endsAt === null) return;
    const remaining = record.endsAt - now();
    let wait;
    let action;
    if (record.refreshToken && renew) {
      const lead = Math.min(REFRESH_LEAD_MS, Math.max(1000, remaining / 5));
      wait = remaining - lead;
      action = () => refresh(record);
    } else {
      // The websocket closes when Node-RED's expiry pass sees the session ended.
      wait = remaining + 1000;
      action = () => end(record);
    }
    record.timer = setTimeout(action, Math.max(0, Math.min(wait, 2147483647)));
    record.timer.unref();
  }

  async function refresh(record) {
    if (record.ended) return;
    if (record.accessToken && !(await editorSessions.isLive(record.accessToken))) return end(record);
    let outcome;
    try {
      outcome = await renew(record);
    } catch {
      outcome = { retry: true };
    }
    if (record.ended) return undefined;
    if (outcome.end || (outcome.permissions !== undefined && !samePermissions(outcome.permissions, record.permissions))) {
      return end(record);
    }
    if (outcome.retry) {
      if (now() + RETRY_MS >= record.endsAt) {
        record.timer = setTimeout(() => end(record), Math.max(0, record.endsAt - now() + 1000));
      } else {
        record.timer = setTimeout(() => refresh(record), RETRY_MS);
      }
      record.timer.unref();
      return undefined;
    }
    record.endsAt = outcome.endsAt;
    if (record.accessToken) await editorSessions.setExpiry(record.accessToken, record.endsAt, record.nodeRedEnd);
    return schedule(record);
  }

  /**
   * A new session for a signed-in person.
   * @param {{username: string, permissions: *, exp?: number, refreshToken?: string, idToken?: string, sub?: string}} info
   * @returns {string} the session key to give Node-RED as the username
   */
  function open(info) {
    const sid = crypto.randomBytes(12).toString('base64url');
    const endsAt = endsWithToken && typeof info.exp === 'number' ? (info.exp + clockTolerance) * 1000 : null;
    const key = [info.username, endsAt === null ? NO_END : Math.floor(endsAt / 1000), encodePermissions(info.permissions), sid].join(SEP);
    if (records.size >= MAX_RECORDS) end(records.values().next().value);
    const record = {
      sid,
      key,
      username: info.username,
      permissions: info.permissions,
      endsAt: endsAt === null ? null : Math.floor(endsAt / 1000) * 1000,
      refreshToken: endsWithToken ? info.refreshToken || null : null,
      idToken: info.idToken || null,
      sub: info.sub,
      accessToken: null,
      nodeRedEnd: undefined,
      timer: null,
      ended: false,
    };
    records.set(sid, record);
    schedule(record);
    return key;
  }

  /** Node-RED has created the session for `key`: learn its access token (see editor-sessions.js). */
  function issued(key, tokens) {
    const parsed = parseKey(key);
    const record = parsed && records.get(parsed.sid);
    if (!record) return;
    editorSessions.whenIssued(tokens, async (accessToken) => {
      if (record.ended) return editorSessions.expire(accessToken);
      record.accessToken = accessToken;
      if (record.endsAt !== null) {
        // What Node-RED gave the session (sessionExpiryTime) stays the limit for every refresh.
        const own = await editorSessions.setExpiry(accessToken, record.endsAt);
        if (own !== null) record.nodeRedEnd = own;
      }
      return undefined;
    });
  }

  /**
   * Whether the session behind a key may still be used: {username, permissions, sid} or null.
   * A plain username (a session made before session keys, or by another adminAuth) counts only when sessions
   * are not bound to tokens.
   */
  function check(key) {
    const parsed = parseKey(key);
    if (parsed === null) return !endsWithToken && typeof key === 'string' ? { username: key, permissions: null, sid: null } : null;
    const record = records.get(parsed.sid);
    const endsAt = record ? record.endsAt : parsed.endsAt;
    if (endsAt !== null && endsAt <= now()) {
      if (record) end(record);
      return null;
    }
    return { username: parsed.username, permissions: parsed.permissions, sid: parsed.sid };
  }

  /** Ends one session now (sign-out, or a person no longer allowed). */
  function endSession(sid) {
    const record = typeof sid === 'string' ? records.get(sid) : undefined;
    if (record) end(record);
  }

  return { open, issued, check, endSession, parseKey };
}

module.exports = { createSessions, parseKey, samePermissions };
