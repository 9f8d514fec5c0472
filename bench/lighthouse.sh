#!/usr/bin/env bash
# Lighthouse on chapter 3 of the demo as the editor (issue 20's figure), N runs of one preset.
# Lighthouse 13 needs Node 22; this machine has 20, so both come from the npm registry into a
# folder of their own, once:  mkdir -p /tmp/lh && (cd /tmp/lh && npm init -y && npm i lighthouse@13 node@22)
# Usage: bench/lighthouse.sh <base url of a running server, e.g. http://127.0.0.1:3920> [mobile|desktop] [runs]
set -euo pipefail
BASE=$1; PRESET=${2:-mobile}; RUNS=${3:-5}; LH=${LIGHTHOUSE_DIR:-/tmp/lh}
COOKIE=$(curl -s -o /dev/null -D - -X POST -H "origin: $BASE" --data "email=styret@demo.no&password=demo-passord&redirectTo=/" "$BASE/login" \
  | grep -i '^set-cookie' | head -1 | sed 's/^set-cookie: //I; s/;.*//')
EXTRA=(); [ "$PRESET" = desktop ] && EXTRA=(--preset=desktop)
for i in $(seq "$RUNS"); do
  "$LH/node_modules/.bin/node" "$LH/node_modules/lighthouse/cli/index.js" "$BASE/o/nmf-demo/r/1/c/kap3" \
    --extra-headers="{\"cookie\":\"$COOKIE\"}" --chrome-path=/usr/bin/chromium \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --disable-quic" \
    --only-categories=performance,accessibility "${EXTRA[@]}" --output=json --output-path="$LH/out.json" --quiet
  node -e "const r=require('$LH/out.json');const a=r.audits;console.log('$PRESET run $i: performance',Math.round(r.categories.performance.score*100),'TBT',Math.round(a['total-blocking-time'].numericValue),'ms LCP',Math.round(a['largest-contentful-paint'].numericValue),'ms accessibility',Math.round(r.categories.accessibility.score*100))"
  echo "  load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
