#!/usr/bin/env bash
# System packages the tests use (Debian/Ubuntu): a CJK font for Chinese PDFs and
# screenshots, Xvfb for screenshots. Installed only when missing.
set -eu
need=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v Xvfb >/dev/null || need+=(xvfb)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
# installers' tests: compile the NSIS script, validate the desktop entry (skipped without them)
if ! command -v makensis >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq nsis desktop-file-utils 2>/dev/null \
        || { apt-get update -qq && apt-get install -y -qq nsis desktop-file-utils; } || true
fi
