#!/usr/bin/env node
'use strict';
// The bin only hands the arguments to the library; the library never calls process.exit.
require('../dist/cli/main.js').main(process.argv.slice(2));
