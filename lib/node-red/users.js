'use strict';
// Who a verified token is in Node-RED, and with which permissions: the allow-list (`users`), the token's own
// claims (`permissionsClaim`, optionally through `roles`), or both. Also the three functions Node-RED calls:
// `users(username)`, `authenticate(profile)` and (through api-tokens.js) `tokens(token)`.
//
// Nothing here throws or rejects: Node-RED calls these without a catch, and a rejection ends its process.

const permissions = require('./permissions');

const hasOwn = Object.prototype.hasOwnProperty;
const MAX_USERNAME_LENGTH = 256;
// The editor puts the username into HTML without escaping it (menu label, multiplayer badges), so a name
// from a token may not carry markup or control characters.
const UNSAFE_USERNAME = /[<>&"'`\u0000-\u001f\u007f]/;
// How many users' sign-in permissions are remembered for the editor's display (see lookup()).
const MAX_REMEMBERED = 10000;
// Shown (not enforced) after a restart for a user whose permissions came from claims: Node-RED enforces the
// scope stored with the session, which we cannot see from here; "read" makes the editor a read-only view
// rather than offering buttons the server may refuse.
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

function createDirectory(config) {
  const { users, usernameClaim, permissionsClaim, roles } = config;
  const remembered = new Map();
  const issued = new WeakSet();

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
   *   reason is one of 'username', 'not-allowed', 'no-permissions'
   */
  async function resolve(payload) {
    const username = usernameFrom(readClaim(payload, usernameClaim));
    if (username === null) return { reason: 'username' };
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

  function remember(username, granted) {
    remembered.delete(username);
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value);
    remembered.set(username, granted);
  }

  // What to show for a user whose permissions are not in the allow-list: those of their last sign-in here.
  function displayPermissions(username) {
    const known = remembered.get(username);
    return copyPermissions(known !== undefined ? known : RESTORED_DISPLAY_PERMISSIONS);
  }

  async function lookupUnsafe(username) {
    if (usernameFrom(username) === null) return null;
    if (!users) return { username, permissions: displayPermissions(username) };
    const entry = await allowListEntry(username, undefined);
    if (!entry) return null;
    if (entry.permissions === undefined && !permissionsClaim) return null;
    const user = { username, permissions: copyPermissions(entry.permissions ?? displayPermissions(username)) };
    if (entry.image !== undefined) user.image = entry.image;
    return user;
  }

  /**
   * Node-RED's `users(username)`: called when a session token is used (every editor request, and after a
   * restart, for sessions stored in .sessions.json). Node-RED enforces the scope stored with the session,
   * not these permissions; they are what the editor shows. Sessions are only created by our own
   * `authenticate`, so answering for any claim-derived name opens nothing.
   */
  function lookup(username) {
    return lookupUnsafe(username).catch(() => null);
  }

  /** Marks a resolved user as coming from our strategy, for `authenticate` to accept. */
  function issue(user) {
    const profile = { ...user };
    issued.add(profile);
    return profile;
  }

  /**
   * Node-RED's `authenticate(profile)`: accepts only profiles our strategy issued, so nothing else
   * (for instance a username/password call) can create a session.
   */
  function authenticate(profile) {
    if (arguments.length !== 1 || !profile || typeof profile !== 'object' || !issued.has(profile)) {
      return Promise.resolve(null);
    }
    issued.delete(profile);
    remember(profile.username, copyPermissions(profile.permissions));
    const user = { username: profile.username, permissions: copyPermissions(profile.permissions) };
    if (profile.image !== undefined) user.image = profile.image;
    return Promise.resolve(user);
  }

  return { resolve, lookup, authenticate, issue };
}

module.exports = { createDirectory, readClaim, RESTORED_DISPLAY_PERMISSIONS };
