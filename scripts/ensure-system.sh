#!/usr/bin/env bash
# The first step of `npm test` and `npm start`: the system packages they need, installed from Debian's packages
# when missing.
# - Debian's Chromium (/usr/bin/chromium): the end-to-end tests load the built extension into it (never a
#   downloaded browser). Skipped when BUDGET_LENS_CHROMIUM names a browser.
# - A CJK font (fonts-wqy-microhei), so screenshots of Chinese pages show characters, not boxes.
# As root it runs apt-get; otherwise it tries `sudo -n` (no password prompt); when neither can, it says what to run.
set -euo pipefail

need=()
if [ -n "${BUDGET_LENS_CHROMIUM:-}" ]; then
  if ! [ -x "$BUDGET_LENS_CHROMIUM" ]; then
    echo "budget-lens: BUDGET_LENS_CHROMIUM=$BUDGET_LENS_CHROMIUM is not an executable file" >&2
    exit 1
  fi
elif ! [ -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1 \
  && ! command -v chromium-browser >/dev/null 2>&1; then
  need+=(chromium)
fi
cjk='wqy|noto.*cjk|source han|droid sans fallback'
if ! (command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qiE "$cjk"); then
  need+=(fonts-wqy-microhei)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "budget-lens: the tests need Debian packages that are missing: ${need[*]}" >&2
  echo "  install them with: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  echo "  (or set BUDGET_LENS_CHROMIUM to a Chromium binary), then run npm test again." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "budget-lens: missing ${need[*]} and this system has no apt-get: install them with its package manager" >&2
  exit 1
fi
echo "budget-lens: installing Debian packages the tests need: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
echo "budget-lens: installed ${need[*]}" >&2
