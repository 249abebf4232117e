#!/usr/bin/env bash
# Installs the Debian packages that the browser, PostgreSQL and reference-statistics suites use:
# chromium (browser tests), r-base-core (R's lm for the growth parity test) and python3-scipy
# (linear_sum_assignment for the pairing parity test). Idempotent; needs root (as on CI).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v Rscript >/dev/null 2>&1 || missing+=(r-base-core)
/usr/bin/python3 -c "import scipy.optimize" >/dev/null 2>&1 || missing+=(python3-scipy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# PostgreSQL is a service of the machine; start it when it is installed but stopped.
if command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
