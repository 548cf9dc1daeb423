'use strict';
// What the factory turns on by default (option `guard`, true unless set to false): the process-level backstop
// for Node-RED's token-lookup crashes, and a start-up notice when settings.js lacks the HTTP guard that
// answers those requests with a 400 (see http-guard.js, crash-containment.js and SECURITY.md).

const { installContainment } = require('./crash-containment');
const { guardCreated } = require('./http-guard');

let checkScheduled = false;

function notice(line) {
  console.warn(`[node-red-auth-jwt] ${line}`);
}

function armGuards() {
  const containment = installContainment();
  if (!containment.effective) {
    notice('--unhandled-rejections=strict is set: an object sent as a token (see SECURITY.md) will still end Node-RED');
  }
  if (checkScheduled) return;
  checkScheduled = true;
  // settings.js is evaluated synchronously, so by the next turn a guard() written next to adminAuth exists.
  setImmediate(() => {
    if (guardCreated()) return;
    notice('httpAdminMiddleware guard not installed: requests with an object as access_token will get no answer ' +
      '(Node-RED keeps running). Add  httpAdminMiddleware: require("node-red-auth-jwt").guard()  to settings.js, ' +
      'or set guard: false to turn this off.');
  }).unref();
}

module.exports = { armGuards };
