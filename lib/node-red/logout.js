'use strict';
// The settings line for sign-out. Node-RED's only hook is `editorTheme.logout.redirect`, a fixed URL the editor
// opens after it has revoked its session; ours is the strategy route with `?logout`, where the session's cookie
// tells which provider session to end (login-strategy.js).

const { fail } = require('./config-error');

const PATH = 'auth/strategy?logout';

/**
 * @param {string} [baseURL] Node-RED's external address; without it the URL is relative to the editor, which is
 *   where the editor opens it from
 * @returns {string}
 */
function logoutRedirect(baseURL) {
  if (baseURL === undefined) return PATH;
  let url;
  try {
    url = new URL(baseURL);
  } catch {
    return fail('logoutRedirect(baseURL): baseURL must be an absolute URL such as "https://nodered.example.com/"');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('logoutRedirect(baseURL): baseURL must be an http: or https: URL');
  return `${url.href.endsWith('/') ? url.href : `${url.href}/`}${PATH}`;
}

module.exports = { logoutRedirect };
