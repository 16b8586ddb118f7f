#!/usr/bin/env bash
# The whole GPU check as one command, for a device machine lent for minutes (one `run` call): says
# what the machine has, stops at once if its Python lacks what kserve_embedder.py needs, runs the
# remote-embeddings scenario against that server on the GPU, then the burst scenario on the
# machine's cores, and leaves the reports, logs and a tarball of everything in OUT.
#
# Usage: bench/gpu/device_run.sh BUNDLE OUT [extra benchmark options for both runs, e.g. --quick]
# Environment: PYTHON, EMBEDDER_ARGS (passed on to run_bundle.sh); GPU_SECONDS (default 330) and
# BURST_SECONDS (default 200) bound the two runs, so that the call ends inside a 600 s limit.
set -uo pipefail
bundle=${1:?usage: device_run.sh BUNDLE OUT [options]}
out=$(realpath -m "${2:?usage: device_run.sh BUNDLE OUT [options]}")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$out"
results=$(mktemp -d /tmp/quire-device.XXXXXX)

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || echo "no nvidia-smi here"
echo "cores: $(nproc)"
if ! "$python" -c "import torch, google.protobuf, grpc
print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'protobuf', google.protobuf.__version__, 'grpcio', grpc.__version__)"; then
    echo "$python cannot import torch, google.protobuf and grpc, which kserve_embedder.py needs; nothing was run"
    exit 2
fi

# The benchmark stops its inference-svc child on SIGTERM; whatever a timeout leaves behind is
# stopped before the next run, which uses the same ports.
stop_leftovers() {
    pkill -f dev.quire.bench.InferenceBenchmark; pkill -f quarkus-run.jar; pkill -f kserve_embedder.py
    sleep 1
}

# Each run's files go to OUT as soon as it ends, so that a call cut short still brings back the first.
collect() {
    tar -czf "$out/results.tgz" -C "$results" .
    cp "$results/gpu/inference.md" "$out/gpu-inference.md" 2>/dev/null
    cp "$results/gpu/embedder.log" "$out/" 2>/dev/null
    cp "$results/burst/inference.md" "$out/burst-inference.md" 2>/dev/null
    return 0
}

timeout -k 10 "${GPU_SECONDS:-330}" "$here/run_bundle.sh" "$bundle" "$results/gpu" --scenarios=remote-embeddings "$@"
echo "remote-embeddings rc=$?"
stop_leftovers
collect
timeout -k 10 "${BURST_SECONDS:-200}" "$here/run_bundle.sh" "$bundle" "$results/burst" --scenarios=burst "$@" > "$results/burst.txt" 2>&1
echo "burst rc=$?"
stop_leftovers
collect
grep -A6 '^| scenario | target' "$results/burst/inference.md" 2>/dev/null || tail -20 "$results/burst.txt"
ls "$out"
