#!/usr/bin/env python3
"""speed_summary.py — the summary table of bench/speed.sh, read from the outputs its steps left in one folder.

Files in the folder (written by speed.sh): peak.txt (the measured fp32 FMA GFLOP/s of a core), gemm.txt (lines
"gemm KEY LIB X GFLOP/s" from gemm_peers.cpp, pytorch_gemm.py and the leptonc hook, "# ..." notes), train_M_T.txt
(fashion_M.sh at T threads), epochs_M.txt, inference.txt (inference.sh), warning.txt (optional).
Ratios: training and GEMM leptonc / peer (> 1: leptonc faster), memory leptonc / PyTorch (< 1: leptonc smaller),
inference PyTorch time / leptonc time (> 1: leptonc faster), as the scripts it reads print them.
"""
import argparse
import os
import re

GEMM_LIBS = [("leptonc", "leptonc"), ("onednn", "oneDNN"), ("eigen", "Eigen"), ("openblas", "OpenBLAS"),
             ("pytorch", "torch.mm")]
TORCH_CHECK_TOLERANCE = 0.85   # torch.mm below this fraction of OpenBLAS's own sgemm_ is flagged


def read(folder, name):
    path = os.path.join(folder, name)
    return open(path).read() if os.path.exists(path) else None


def number(pattern, text):
    m = re.search(pattern, text or "")
    return float(m.group(1)) if m else None


def fmt(x, spec=".0f"):
    return "n/a" if x is None else format(x, spec)


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "n/a"


def training(folder, peak):
    rows, memory = [], []
    for model in ("mlp", "cnn"):
        for threads in (1, 2):
            text = read(folder, f"train_{model}_{threads}.txt")
            if text is None:
                continue
            label = f"{model.upper()}, {threads} thread{'s' if threads > 1 else ''}"
            torch = number(r"(?m)^PyTorch: (\d+) samples/s", text)
            lep = number(r"(?m)^leptonc: (\d+) samples/s", text)
            torch_acc = number(r"(?m)^PyTorch: .*test accuracy ([\d.]+)%", text)
            lep_acc = number(r"(?m)^leptonc: .*test accuracy ([\d.]+)%", text)
            seeds = number(r"means over (\d+) seeds", text)
            gflops = number(r"GFLOP/s \(whole run\): ([\d.]+)", text)
            note = "no --threads yet" if "no --threads yet" in text else "" if gflops is None else (
                f"{gflops:.1f} ({100 * gflops / (threads * peak):.1f}%)" if peak else f"{gflops:.1f}")
            accuracy = f"{fmt(lep_acc, '.2f')} / {fmt(torch_acc, '.2f')}"
            rows.append(f"  {label:<17}{fmt(lep):>10}{fmt(torch):>10}{ratio(lep, torch):>10}   {note:<26}{accuracy:<17}"
                        f"{fmt(seeds)}")
            torch_mib = number(r"peak resident memory: PyTorch (\d+) MiB", text)
            lep_mib = number(r"leptonc (\d+) MiB", text)
            memory.append(f"  {label:<17}{fmt(lep_mib):>10}{fmt(torch_mib):>10}{ratio(lep_mib, torch_mib):>10}")
    print("training, samples/s (whole run: load, train, evaluate every epoch; mean over seeds)")
    print(f"  {'':<17}{'leptonc':>10}{'PyTorch':>10}{'lep/PT':>10}   {'leptonc GFLOP/s (% peak)':<26}"
          f"{'accuracy % l/PT':<17}seeds")
    print("\n".join(rows))
    print(f"  (% peak: of threads x {peak:.1f} GFLOP/s, training FLOPs counted as in fashion_*.sh)" if peak else "")
    print("peak resident memory of training, MiB (leptonc: largest seed; PyTorch: its process over all seeds)")
    print(f"  {'':<17}{'leptonc':>10}{'PyTorch':>10}{'lep/PT':>10}")
    print("\n".join(memory))


def gemm(folder, peak):
    text = read(folder, "gemm.txt") or ""
    figures, keys = {}, []
    for key, lib, value in re.findall(r"(?m)^gemm (\S+) (\S+) ([\d.]+) GFLOP/s", text):
        figures[key, lib] = float(value)
        if key not in keys:
            keys.append(key)
    print("GEMM, 1 thread, GFLOP/s (% of the measured peak); :At / :Bt = A / B transposed")
    print(f"  {'M x N x K':<17}" + "".join(f"{name:>14}" for _, name in GEMM_LIBS) +
          f"{'lep/oneDNN':>12}{'lep/Eigen':>11}{'torch/OBLAS':>13}")
    worst_check = []
    for key in keys:
        cells = []
        for lib, _ in GEMM_LIBS:
            g = figures.get((key, lib))
            cells.append("n/a" if g is None else f"{g:.1f} ({100 * g / peak:.0f}%)" if peak else f"{g:.1f}")
        lep, torch, openblas = (figures.get((key, lib)) for lib in ("leptonc", "pytorch", "openblas"))
        check = torch / openblas if torch and openblas else None
        if check is not None:
            worst_check.append((check, key))
        print(f"  {key:<17}" + "".join(f"{c:>14}" for c in cells) + f"{ratio(lep, figures.get((key, 'onednn'))):>12}"
              f"{ratio(lep, figures.get((key, 'eigen'))):>11}{fmt(check, '.2f'):>13}")
    if ("1024x1024x1024", "leptonc") not in figures:
        print("  leptonc: n/a (bench/gemm.sh missing or failed)")
    if worst_check:
        low = [f"{k} {c:.2f}" for c, k in worst_check if c < TORCH_CHECK_TOLERANCE]
        print("  check torch.mm / OpenBLAS's own sgemm_ (same library, same run): " +
              (f"WARNING below {TORCH_CHECK_TOLERANCE}: {', '.join(low)}: PyTorch's figures are off its BLAS's own "
               "(another BLAS or threads, or a busy core): do not trust its ratios"
               if low else f"all >= {TORCH_CHECK_TOLERANCE} (PyTorch gets its BLAS's speed)"))
    diffs = [float(d) for d in re.findall(r"(?m)^# check .* max\|C - C_eigen\| (\S+)", text)]
    if diffs:
        worst = "nan (an element left unwritten)" if any(d != d for d in diffs) else f"{max(diffs):.2g}"
        print(f"  results: largest |C - C_Eigen| over all shapes and libraries {worst}")


def inference(folder):
    text = read(folder, "inference.txt") or ""
    side, times = "leptonc", {}
    for line in text.splitlines():
        if line.startswith("== PyTorch"):
            side = "pytorch"
        elif line.startswith("== ratios"):
            break
        m = re.match(r"model (\S+)\s+batch (\d+)\s+us_per_call ([\d.]+)", line)
        if m:
            times[side, m.group(1), int(m.group(2))] = float(m.group(3))
    print("inference latency, µs per call, 1 thread (median of 7 runs; inference.sh)")
    print(f"  {'':<17}{'leptonc':>10}{'PyTorch':>10}{'PT/lep':>10}")
    for model in ("mlp", "cnn"):
        for batch in (1, 256):
            lep, torch = times.get(("leptonc", model, batch)), times.get(("pytorch", model, batch))
            print(f"  {model.upper() + ', batch ' + str(batch):<17}{fmt(lep, '.1f'):>10}{fmt(torch, '.1f'):>10}"
                  f"{ratio(torch, lep):>10}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--cpu", default="?")
    parser.add_argument("--cores", default="?")
    parser.add_argument("--seeds", default="?")
    parser.add_argument("--seeds-2t", default="?")
    parser.add_argument("--threads", default="1 2")
    parser.add_argument("--blas-note", default="")
    parser.add_argument("--leptonc", default="?")
    args = parser.parse_args()
    peak = number(r"([\d.]+)", read(args.folder, "peak.txt"))
    gemm_text = read(args.folder, "gemm.txt") or ""
    torch_line = re.search(r"(?m)^# PyTorch (.*)$", gemm_text)
    peers_line = re.search(r"(?m)^# (oneDNN .*)$", gemm_text)
    epochs = {m: (read(args.folder, f"epochs_{m}.txt") or "?").strip() for m in ("mlp", "cnn")}

    print("=" * 40 + " leptonc speed summary " + "=" * 40)
    print(f"CPU: {args.cpu}, {args.cores} cores; measured fp32 FMA peak {fmt(peak, '.1f')} GFLOP/s per core "
          "(peak_fma.c, clang-22 -O3, best of 3)")
    print(f"leptonc {args.leptonc}; PyTorch {torch_line.group(1) if torch_line else '?'}")
    print(f"  ({args.blas_note})")
    print(f"peers: {peers_line.group(1) if peers_line else '?'}")
    runs = [f"1 thread on core 0, seeds {args.seeds}" if t == "1" else
            f"{t} threads on cores 0-{int(t) - 1}, seeds {args.seeds_2t}" for t in args.threads.split()]
    print(f"ran: MLP {epochs['mlp']} epochs, CNN {epochs['cnn']} epochs; training at {'; '.join(runs)}; "
          f"GEMM best of {os.environ.get('GEMM_REPS', '5')} on core 0")
    warning = read(args.folder, "warning.txt")
    if warning:
        print(warning.rstrip())
    print()
    training(args.folder, peak)
    print()
    gemm(args.folder, peak)
    print()
    inference(args.folder)


if __name__ == "__main__":
    main()
