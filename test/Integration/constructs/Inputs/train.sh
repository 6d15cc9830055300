#!/bin/sh
# train.sh LEPTONC NAME [TRAINER OPTIONS] — compiles NAME.lep to ./NAME, saves its initial parameters
# (--epochs 0) to NAME.init, then trains it: checkpoint NAME.ckpt, JSON report NAME.json, progress NAME.out.
set -e
leptonc=$1
name=$2
shift 2
"$leptonc" "$name.lep" -o "$name"
"./$name" --epochs 0 --save "$name.init" --quiet "$@"
"./$name" --save "$name.ckpt" --json "$name.json" "$@" > "$name.out"
