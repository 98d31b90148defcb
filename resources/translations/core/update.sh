#!/usr/bin/env bash
# The core's sentences (app/, not app/ui): extract every _() and N_() string, merge them into
# each language's .po (keeping existing translations), and compile the .mo files Hearth
# loads. Translate new entries in zh_CN/LC_MESSAGES/hearth.po, then run this again.
# Needs Babel (pip install babel; it is in the test extras).
set -euo pipefail
cd "$(dirname "$0")/../../.."
core=resources/translations/core
pybabel extract -k _ -k N_ -k Rule:3 --no-wrap --sort-by-file --project=Hearth \
    --ignore-dirs="ui __pycache__" -o "$core/hearth.pot" app
for po in "$core"/*/LC_MESSAGES/hearth.po; do
    pybabel update --no-wrap -D hearth -i "$core/hearth.pot" -d "$core" \
        -l "$(basename "$(dirname "$(dirname "$po")")")"
done
pybabel compile -D hearth -d "$core"
