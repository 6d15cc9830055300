# latency_rounds.sh — sourced by the inference benches that time two builds of each model against each other
# (int8_inference.sh, preprocessing_fold.sh): runs them alternately, keeps the best of the rounds, prints ratios.
#
# latency_rounds WORK BASE OTHER: for 3 rounds, model by model, runs $WORK/<model>-<kind> CHECKPOINT (kind BASE,
# then OTHER; the checkpoint is $WORK/<model>-<kind>.ckpt, else $WORK/<model>.ckpt) on core $cpu; each prints
# `batch B  us_per_call U  us_per_sample S` lines (inference_latency.c). Then prints, per model, kind and batch,
# the best round, and per model and batch the ratio BASE time / OTHER time (> 1: OTHER is faster).
latency_rounds() {
  local work="$1" base="$2" other="$3" round model kind ckpt
  for round in 1 2 3; do
    for model in mlp cnn; do
      for kind in "$base" "$other"; do
        ckpt="$work/$model-$kind.ckpt"
        [ -f "$ckpt" ] || ckpt="$work/$model.ckpt"
        taskset -c "$cpu" "$work/$model-$kind" "$ckpt" | sed "s/^/model $model  $kind  /" >> "$work/times.txt"
      done
    done
  done
  awk '{ k = $2 " " $3 " " $5; if (!(k in t) || $7 < t[k]) { t[k] = $7; s[k] = $9 } }
    END { for (k in t) { split(k, f, " "); printf "model %s  %-8s  batch %3s  us_per_call %9.2f  us_per_sample %8.3f\n", f[1], f[2], f[3], t[k], s[k] } }' \
    "$work/times.txt" | sort -k2,2 -k3,3 -k5,5n | tee "$work/best.txt"
  echo "== ratios ($base time / $other time)"
  awk -v base="$base" -v other="$other" '{ t[$2 " " $3 " " $5] = $7 } END { for (m in t) { split(m, k, " "); \
    if (k[2] == base) printf "model %s  batch %s  %.2fx\n", k[1], k[3], t[m] / t[k[1] " " other " " k[3]] } }' \
    "$work/best.txt" | sort
}
