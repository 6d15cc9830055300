# pytorch_env.sh — sourced by the bench scripts: makes Debian's python3-torch call OpenBLAS with kernels for this CPU.
#
# python3-torch calls sgemm_ from the system libblas.so.3: netlib's reference BLAS unless the alternatives select
# another. This puts OpenBLAS (libopenblas0-pthread, scripts/bootstrap.sh --bench) first on LD_LIBRARY_PATH whatever
# the alternatives say. OpenBLAS 0.3.21 (Debian 12) does not know every CPU model: on one it does not know it falls
# back to its SSE3 "Prescott" kernels (about 20 GFLOP/s on a 160 GFLOP/s AVX-512 core), so then OPENBLAS_CORETYPE
# names the kernels for the CPU's instruction set (SkylakeX for AVX-512, Haswell for AVX2) unless the caller set it.
# Exports PYTORCH_BLAS_NOTE, a line saying what was chosen (and does nothing when it is already set). Threads: the
# caller sets OPENBLAS_NUM_THREADS per run.
openblas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [[ -n ${PYTORCH_BLAS_NOTE:-} ]]; then
  return 0   # a calling script (speed.sh) already chose: its note stands
fi
if [[ -e $openblas_dir/libblas.so.3 ]]; then
  export LD_LIBRARY_PATH="$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  PYTORCH_BLAS_NOTE="OpenBLAS from $openblas_dir"
  if [[ -z ${OPENBLAS_CORETYPE:-} ]]; then
    openblas_core=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -c 'import ctypes, sys
lib = ctypes.CDLL(sys.argv[1]); lib.openblas_get_corename.restype = ctypes.c_char_p
print(lib.openblas_get_corename().decode())' "$openblas_dir/libopenblas.so.0")
    if [[ $openblas_core == Prescott ]]; then
      if grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX
      elif grep -qw avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Haswell
      fi
    fi
    PYTORCH_BLAS_NOTE+=", kernels: OpenBLAS detected $openblas_core"
    [[ -n ${OPENBLAS_CORETYPE:-} ]] &&
      PYTORCH_BLAS_NOTE+=", OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE set (CPU model unknown to this OpenBLAS)"
  else
    PYTORCH_BLAS_NOTE+=", OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE set by the caller"
  fi
else
  PYTORCH_BLAS_NOTE="WARNING: no OpenBLAS in $openblas_dir (scripts/bootstrap.sh --bench): PyTorch calls the system"
  PYTORCH_BLAS_NOTE+=" libblas.so.3"
fi
export PYTORCH_BLAS_NOTE
