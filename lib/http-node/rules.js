'use strict';
// Which requests need a token, and which roles: the `paths` rules, first match wins, `otherPaths` for the rest.
//
// Express routes case-insensitively, ignores a trailing slash, and some handlers (static files) decode %XX, so
// one route answers to several spellings of its path. A rule is checked against each spelling and the strictest
// outcome counts: `/DashBoard` or `/d%61shboard` cannot slip past a rule written for `/dashboard`.

const { fail, isPlainObject } = require('../node-red/config-error');

const OPEN = 'open';
const PROTECTED = 'protected';

function stringList(value, where) {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== 'string' || v === '')) fail(`${where} must be a non-empty string or an array of them`);
  return Object.freeze([...new Set(list)]);
}

function matcher(path, where) {
  if (path instanceof RegExp) {
    if (path.global || path.sticky) fail(`${where} must not use the g or y flag (it would make matches depend on earlier requests)`);
    return (candidate) => path.test(candidate);
  }
  if (typeof path !== 'string' || !path.startsWith('/')) fail(`${where} must be a path prefix starting with "/" or a RegExp`);
  const prefix = path.toLowerCase().replace(/\/+$/, '');
  if (prefix === '') return () => true;
  return (candidate) => {
    const lower = candidate.toLowerCase();
    return lower === prefix || lower.startsWith(`${prefix}/`);
  };
}

function parseRule(entry, i, permissionsClaim) {
  const where = `httpNode paths[${i}]`;
  const rule = typeof entry === 'string' || entry instanceof RegExp ? { path: entry } : entry;
  if (!isPlainObject(rule)) fail(`${where} must be a path, a RegExp or {path, open, roles}`);
  const unknown = Object.keys(rule).filter((k) => !['path', 'open', 'roles'].includes(k));
  if (unknown.length) fail(`${where}: unknown field ${unknown.join(', ')} (known: path, open, roles)`);
  const open = rule.open === undefined ? false : rule.open;
  if (typeof open !== 'boolean') fail(`${where}.open must be true or false`);
  let roles = null;
  if (rule.roles !== undefined) {
    if (open) fail(`${where} is open and has roles: keep one`);
    if (!permissionsClaim) fail(`${where}.roles needs permissionsClaim: the claim whose values are compared with roles`);
    roles = stringList(rule.roles, `${where}.roles`);
  }
  return Object.freeze({ matches: matcher(rule.path, `${where}.path`), open, roles });
}

function spellings(path) {
  const raw = String(path || '/').split('?')[0].replace(/\/{2,}/g, '/') || '/';
  const out = [raw];
  try {
    const decoded = decodeURIComponent(raw).replace(/\/{2,}/g, '/');
    if (decoded !== raw) out.push(decoded);
  } catch {
    // A malformed escape decodes to nothing else; the raw spelling is checked.
  }
  return out;
}

/**
 * @returns {{decide: (path: string) => {open: boolean, roles: string[][]}}} roles: each list needs one match
 */
function parseRules(paths, otherPaths, permissionsClaim) {
  if (paths !== undefined && !Array.isArray(paths)) fail('httpNode paths must be an array of rules');
  const rules = (paths || []).map((entry, i) => parseRule(entry, i, permissionsClaim));
  const other = otherPaths === undefined ? PROTECTED : otherPaths;
  if (other !== OPEN && other !== PROTECTED) fail('httpNode otherPaths must be "protected" (the default) or "open"');
  const fallback = Object.freeze({ open: other === OPEN, roles: null });

  function first(candidate) {
    return rules.find((rule) => rule.matches(candidate)) || fallback;
  }

  function decide(path) {
    let open = true;
    const roles = [];
    for (const candidate of spellings(path)) {
      const rule = first(candidate);
      if (!rule.open) open = false;
      if (rule.roles && !roles.includes(rule.roles)) roles.push(rule.roles);
    }
    return { open, roles };
  }

  return { decide };
}

module.exports = { parseRules, spellings };
