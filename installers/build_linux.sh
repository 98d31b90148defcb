#!/usr/bin/env bash
# Build Hearth for Linux: the PyInstaller folder, a .deb, a portable .tar.gz, and an
# AppImage when appimagetool is on PATH. Everything lands in build/installers/.
#
#   bash installers/build_linux.sh            # full build
#   SKIP_FREEZE=1 bash installers/build_linux.sh   # package an existing build/dist/hearth
#
# Needs: python3 with Hearth's dependencies and PyInstaller (pip install "pyinstaller>=6.10,<7"),
# dpkg-deb (Debian/Ubuntu). Optional: appimagetool.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
VERSION=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
# the engine registry names them (app/engines/declared/), not this script
WORKER_ENGINES=$(python3 -c "from app.engines.registry import worker_labels; print(worker_labels())")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
MACHINE=$(uname -m)
DIST=build/dist/hearth
OUT=build/installers
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*"; }

freeze() {
    say "PyInstaller (onedir)"
    python3 -m PyInstaller --noconfirm --log-level WARN \
        --distpath build/dist --workpath build/pyi installers/hearth.spec
    "$DIST/hearth" --version
}

# Libraries the frozen folder expects from the system (PyInstaller leaves out libc, libGL
# and friends on purpose). Qt's xcb platform plugin needs the X11 ones.
deb_depends() {
    local deps="libc6 (>= 2.31), libgcc-s1, libstdc++6"
    if compgen -G "$DIST/_internal/PySide6/Qt/plugins/platforms/libqxcb*" >/dev/null; then
        deps+=", libgl1, libegl1, libfontconfig1, libfreetype6, libdbus-1-3, libglib2.0-0"
        deps+=", libx11-6, libx11-xcb1, libxkbcommon0, libxkbcommon-x11-0, libxcb1"
        deps+=", libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1"
        deps+=", libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xkb1"
    fi
    echo "$deps"
}

install_desktop_files() {  # $1: the root (a .deb's staging dir or an AppDir's usr/..)
    local root=$1 size
    install -Dm644 installers/linux/hearth.desktop "$root/usr/share/applications/hearth.desktop"
    install -Dm644 installers/linux/hearth-mime.xml "$root/usr/share/mime/packages/hearth.xml"
    install -Dm644 resources/icons/hearth.svg "$root/usr/share/icons/hicolor/scalable/apps/hearth.svg"
    for size in 16 24 32 48 64 128 256 512; do
        install -Dm644 "resources/icons/hearth-$size.png" \
            "$root/usr/share/icons/hicolor/${size}x${size}/apps/hearth.png"
    done
}

build_deb() {
    say ".deb"
    local stage=build/deb/hearth_${VERSION}_${ARCH}
    rm -rf "$stage" && mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin"
    cp -a "$DIST" "$stage/opt/hearth"
    ln -s /opt/hearth/hearth "$stage/usr/bin/hearth"
    install_desktop_files "$stage"
    local installed_kb
    installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
    cat > "$stage/DEBIAN/control" <<EOF
Package: hearth
Version: $VERSION
Architecture: $ARCH
Maintainer: Hearth developers <hearth@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: $(deb_depends)
Section: utils
Priority: optional
Homepage: https://github.com/hearth-app/hearth
Description: Run language models on your own machine
 Hearth chats with language models offline, through llama.cpp in-process,
 Ollama, or worker engines ($WORKER_ENGINES) installed separately.
 Conversations and documents stay in one local SQLite database.
EOF
    install -m755 installers/linux/deb-postinst "$stage/DEBIAN/postinst"
    install -m755 installers/linux/deb-postrm "$stage/DEBIAN/postrm"
    dpkg-deb --root-owner-group -Zxz --build "$stage" "$OUT/hearth_${VERSION}_${ARCH}.deb" >/dev/null
    ls -l "$OUT/hearth_${VERSION}_${ARCH}.deb"
}

build_tarball() {
    say "portable .tar.gz"
    local name=hearth-${VERSION}-linux-${MACHINE}
    rm -rf "build/$name" && mkdir -p "build/$name"
    cp -a "$DIST" "build/$name/hearth"
    install_desktop_files "build/$name/share-root"
    mv "build/$name/share-root/usr/share" "build/$name/share" && rm -rf "build/$name/share-root"
    cp installers/linux/PORTABLE.txt "build/$name/README.txt"
    tar -C build -czf "$OUT/$name.tar.gz" "$name"
    ls -l "$OUT/$name.tar.gz"
}

build_appimage() {
    say "AppImage"
    local appdir=build/Hearth.AppDir
    rm -rf "$appdir" && mkdir -p "$appdir/usr/lib"
    cp -a "$DIST" "$appdir/usr/lib/hearth"
    install_desktop_files "$appdir"
    cp installers/linux/hearth.desktop "$appdir/hearth.desktop"
    cp resources/icons/hearth-256.png "$appdir/hearth.png"
    cat > "$appdir/AppRun" <<'EOF'
#!/bin/sh
HERE=$(dirname "$(readlink -f "$0")")
exec "$HERE/usr/lib/hearth/hearth" "$@"
EOF
    chmod 755 "$appdir/AppRun"
    "$appdir/AppRun" --version
    if ! command -v appimagetool >/dev/null; then
        echo "appimagetool is not on PATH: AppDir left in $appdir, no AppImage built."
        echo "(It is not in Debian, PyPI or npm; get it from the AppImage project on a machine"
        echo " with internet, then: ARCH=$MACHINE appimagetool $appdir)"
        return 0
    fi
    ARCH=$MACHINE appimagetool --no-appstream "$appdir" "$OUT/Hearth-${VERSION}-${MACHINE}.AppImage"
}

[ "${SKIP_FREEZE:-0}" = 1 ] || freeze
build_deb
build_tarball
build_appimage
say "sizes"
du -sh "$DIST" | sed 's/^/frozen folder: /'
ls -l "$OUT"
