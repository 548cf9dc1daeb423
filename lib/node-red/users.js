'use strict';
// Who a verified token is in Node-RED, and with which permissions: the allow-list (`users`), the token's own
// claims (`permissionsClaim`, optionally through `roles`), or both. Also the three functions Node-RED calls:
// `users(username)`, `authenticate(profile)` and (through api-tokens.js) `tokens(token)`.
//
// Nothing here throws or rejects: Node-RED calls these without a catch, and a rejection ends its process.

const permissions = require('./permissions');
const { samePermissions } = require('./sessions');

const hasOwn = Object.prototype.hasOwnProperty;
const MAX_USERNAME_LENGTH = 256;
// The editor puts the username into HTML without escaping it (menu label, multiplayer badges), so a name
// from a token may not carry markup or control characters.
const UNSAFE_USERNAME = /[<>&"'`\u0000-\u001f\u007f]/;
// Shown (not enforced) for a session made before session keys, whose enforced scope we cannot see: "read"
// makes the editor a read-only view rather than offering buttons the server may refuse.
const RESTORED_DISPLAY_PERMISSIONS = 'read';

/** Reads a claim by its exact name, else by a dotted path such as "realm_access.roles" (own properties only). */
function readClaim(payload, name) {
  if (hasOwn.call(payload, name)) return payload[name];
  if (!name.includes('.')) return undefined;
  let value = payload;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !hasOwn.call(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

function usernameFrom(value) {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_USERNAME_LENGTH) return null;
  return UNSAFE_USERNAME.test(value) ? null : value;
}

function copyPermissions(value) {
  return Array.isArray(value) ? [...value] : value;
}

function warn(message) {
  // The message is ours plus the text of an error the settings' own users function threw, never token text.
  console.warn(`[node-red-auth-jwt] ${message}`);
}

function createDirectory(config, sessions) {
  const { users, usernameClaim, permissionsClaim, roles } = config;
  const issued = new WeakMap(); // profile -> the token facts its session lives by

  function claimPermissions(payload) {
    if (!permissionsClaim) return null;
    const claim = readClaim(payload, permissionsClaim);
    if (claim === undefined) return null;
    return roles ? permissions.fromRoles(claim, roles) : permissions.normalize(claim);
  }

  // Calls the settings' own users function; an exception, a rejection or a malformed answer is "no such user".
  async function callUsersFunction(username, claims) {
    let found;
    try {
      found = await users.fn(username, claims);
    } catch (err) {
      warn(`the users function failed: ${err && err.message ? err.message : String(err)}`);
      return null;
    }
    if (!found || typeof found !== 'object') return null;
    const entry = { username };
    if (found.permissions !== undefined) {
      const valid = permissions.normalize(found.permissions);
      if (valid === null) {
        warn('the users function returned a user whose permissions Node-RED would not understand; refusing it');
        return null;
      }
      entry.permissions = valid;
    }
    if (typeof found.image === 'string') entry.image = found.image;
    return entry;
  }

  function allowListEntry(username, claims) {
    if (users.kind === 'list') return users.byName.get(username) || null;
    return callUsersFunction(username, claims);
  }

  /**
   * The Node-RED user for a verified payload.
   * @returns {Promise<{user: {username: string, permissions: string|string[], image?: string}} | {reason: string}>}
   *   reason is one of 'username', 'email-unverified', 'not-allowed', 'no-permissions'
   */
  async function resolve(payload) {
    const username = usernameFrom(readClaim(payload, usernameClaim));
    if (username === null) return { reason: 'username' };
    // An address the provider has not verified may belong to someone else (OpenID Connect Core §5.1).
    if (usernameClaim === 'email' && config.requireVerifiedEmail && payload.email_verified !== true) {
      return { reason: 'email-unverified' };
    }
    let granted;
    let image;
    if (users) {
      const entry = await allowListEntry(username, payload);
      if (!entry) return { reason: 'not-allowed' };
      granted = entry.permissions !== undefined ? entry.permissions : claimPermissions(payload);
      image = entry.image;
    } else {
      granted = claimPermissions(payload);
    }
    if (granted === null || granted === undefined) return { reason: 'no-permissions' };
    const user = { username, permissions: copyPermissions(granted) };
    if (image !== undefined) user.image = image;
    return { user };
  }

  // A session made before session keys existed (a plain username): its enforced scope is not known here.
  function legacyPermissions(entry) {
    return copyPermissions(entry && entry.permissions !== undefined ? entry.permissions : RESTORED_DISPLAY_PERMISSIONS);
  }

  async function lookupUnsafe(key) {
    const session = sessions.check(key);
    if (session === null) return null;
    const { username, sid } = session;
    if (usernameFrom(username) === null) return null;
    const enforced = session.permissions;
    if (!users) return { username, permissions: copyPermissions(enforced !== null ? enforced : RESTORED_DISPLAY_PERMISSIONS) };
    const entry = await allowListEntry(username, undefined);
    // Someone no longer listed, or listed with other permissions than their session enforces, signs in again.
    const stale = !entry || (entry.permissions !== undefined && enforced !== null && !samePermissions(entry.permissions, enforced));
    if (stale || (entry.permissions === undefined && enforced === null && !permissionsClaim)) {
      sessions.endSession(sid);
      return null;
    }
    const user = { username, permissions: enforced !== null ? copyPermissions(enforced) : legacyPermissions(entry) };
    if (entry.image !== undefined) user.image = entry.image;
    return user;
  }

  /**
   * Node-RED's `users(username)`: called with the session key (sessions.js) on every request an editor session
   * makes, and when its websocket authenticates. Answering null ends that use of the session (401).
   * The permissions answered are the ones Node-RED enforces for the session, so the editor shows the truth.
   */
  function lookup(key) {
    return lookupUnsafe(key).catch(() => null);
  }

  /**
   * Marks a resolved user as coming from our strategy, for `authenticate` to accept.
   * @param {object} user from resolve()
   * @param {{exp?: number, refreshToken?: string, idToken?: string, sub?: string}} [token] what the session lives by
   */
  function issue(user, token = {}) {
    const profile = { ...user };
    issued.set(profile, token);
    return profile;
  }

  /**
   * Node-RED's `authenticate(profile)`: accepts only profiles our strategy issued, so nothing else
   * (for instance a username/password call) can create a session. The username answered is the session key.
   */
  function authenticate(profile) {
    if (arguments.length !== 1 || !profile || typeof profile !== 'object' || !issued.has(profile)) {
      return Promise.resolve(null);
    }
    const token = issued.get(profile);
    issued.delete(profile);
    const permissionsGranted = copyPermissions(profile.permissions);
    const key = sessions.open({ ...token, username: profile.username, permissions: permissionsGranted });
    const user = { username: key, permissions: copyPermissions(profile.permissions) };
    if (profile.image !== undefined) user.image = profile.image;
    return Promise.resolve(user);
  }

  return { resolve, lookup, authenticate, issue };
}

module.exports = { createDirectory, readClaim, usernameFrom, RESTORED_DISPLAY_PERMISSIONS };
