'use strict';
// The start-up warnings a call prints (console.warn), captured instead of shown.

/** Runs fn and returns the lines it passed to console.warn. */
function warnings(fn) {
  const original = console.warn;
  const lines = [];
  console.warn = (line) => lines.push(String(line));
  try {
    fn();
  } finally {
    console.warn = original;
  }
  return lines;
}

module.exports = { warnings };
