#!/usr/bin/env bash
# Sets up what is missing, then runs Counter Desk on its default database
# in the default data folder ($XDG_DATA_HOME/counterdesk), created on first
# start. Extra arguments go to the program, e.g. --data /tmp/station.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec go run ./cmd/counterdesk "$@"
