'use strict';
// Every file under lib/, as absolute paths: what the tests that read the package's own source walk over.

const fs = require('fs');
const path = require('path');

const LIB = path.join(__dirname, '..', '..', 'lib');

function libFiles(dir = LIB) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? libFiles(full) : [full];
  });
}

module.exports = { libFiles, LIB };
