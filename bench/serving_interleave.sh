#!/bin/sh
# Before (a clone of the previous commit) and after (this checkout), alternated
# run by run on the same database, so that the shared machine's load falls on
# both alike; then runserver, the journey and the intakes. Lines go to $OUT.
#   git clone /work/main /tmp/serving-base && ln -s /work/main/.venv /tmp/serving-base/.venv
#   sh bench/serving_interleave.sh /tmp/serving-base var/serving-results.jsonl
set -e
BASE=${1:?the checkout of the previous commit}
OUT=${2:-var/serving-results.jsonl}
RUN=".venv/bin/python bench/serving.py"
for users in 1 10 25 50; do
  $RUN mix --users $users --run-time 30 --app-dir "$BASE" --label before --json "$OUT"
  $RUN mix --users $users --run-time 30 --label after --json "$OUT"
done
for users in 1 10; do
  $RUN mix --users $users --run-time 30 --server runserver --label runserver --json "$OUT"
done
$RUN journey --users 50 --run-time 60 --warmup 10 --app-dir "$BASE" --label before --json "$OUT"
$RUN journey --users 50 --run-time 60 --warmup 10 --label after --json "$OUT"
$RUN intake --users 8 --run-time 60 --app-dir "$BASE" --label before --json "$OUT"
$RUN intake --users 8 --run-time 60 --label after --json "$OUT"
