#!/usr/bin/env bash
# Refresh the .ts sources from app/ui (keeps existing translations), then compile the .qm
# files the window loads. Translate new strings in hearth_zh_CN.ts (Qt Linguist or an
# editor) before running the lrelease step again.
set -euo pipefail
cd "$(dirname "$0")/../.."
pyside6-lupdate app/ui/*.py -ts resources/translations/hearth_zh_CN.ts -source-language en -target-language zh_CN
pyside6-lupdate app/ui/*.py -ts resources/translations/hearth_en.ts -source-language en -target-language en
pyside6-lrelease resources/translations/hearth_zh_CN.ts resources/translations/hearth_en.ts
