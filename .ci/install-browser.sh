#!/usr/bin/env bash
# Install what the HTML report's browser test needs: Debian's chromium and
# Playwright for Python (its bundled driver only; browsers are never
# downloaded, the test drives /usr/bin/chromium). Idempotent.
set -euo pipefail

PYTHON="${PYTHON:-python3}"

if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    fi
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
fi

if ! "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$PYTHON" -m pip install --disable-pip-version-check "playwright>=1.40"
fi

command -v chromium
"$PYTHON" -c "import playwright.sync_api; print('playwright ok')"
