#!/usr/bin/env bash
# Build the PyInstaller bundle and smoke-test it from the built folder: --version, demo, print agreement
# (a valid PDF containing the apprentice's name), and the window started offscreen for a few seconds.
# Built from the locked environment the README installs (.venv; PYTHON= names another), never a fresh resolve.
set -euo pipefail
cd "$(dirname "$0")/../.."
py=${PYTHON:-.venv/bin/python}
"$py" tools/lockdiff.py >/dev/null || { "$py" tools/lockdiff.py; echo "the bundle is built from the lock only" >&2; exit 1; }
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
echo "bundle built in $(( $(date +%s) - start )) s; size $(du -sh dist/vetdesk | cut -f1)"
app=dist/vetdesk/vetdesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" \
       XDG_STATE_HOME="$work/state" VETDESK_NO_AUTOBACKUP=1 VETDESK_AUTO_ADMIN=1
"$app" --version | grep -q "vetdesk"
"$app" --db "$work/smoke.sqlite3" demo --apprentices 40 --seed 3
id=$("$app" --db "$work/smoke.sqlite3" list agreements --status active --json | python3 -c \
  "import json,sys; print(json.load(sys.stdin)[0]['id'])")
name=$("$app" --db "$work/smoke.sqlite3" show agreements "$id" --json | python3 -c \
  "import json,sys; print(json.load(sys.stdin)['apprentice_id'])")
surname=$("$app" --db "$work/smoke.sqlite3" show apprentices "$name" --json | python3 -c \
  "import json,sys; print(json.load(sys.stdin)['first_surname'])")
"$app" --db "$work/smoke.sqlite3" print agreement "$id" -o "$work/agreement.pdf"
"$py" - "$work/agreement.pdf" "$surname" <<'PY'
import sys
from pypdf import PdfReader
text = "".join(page.extract_text() for page in PdfReader(sys.argv[1]).pages)
assert sys.argv[2] in text, f"{sys.argv[2]} not in the printed agreement"
print("agreement PDF ok:", len(text), "characters")
PY
# Qt's own words in the window's languages (the wizard's "Siguiente >", a dialog's "Cerrar").
for qm in qtbase_es.qm qtbase_de.qm qtbase_pt_BR.qm; do
  find dist/vetdesk -name "$qm" | grep -q . || { echo "the bundle lacks Qt's $qm" >&2; exit 1; }
done
# The window: start it offscreen, let it run, then close it; it must not crash before the timeout.
t0=$(date +%s%N)
set +e
VETDESK_SMOKE_QUIT_AFTER_MS=3000 timeout 60 "$app" --db "$work/smoke.sqlite3"
code=$?
set -e
echo "window ran and closed with exit code $code after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ "$code" = 0 ]
