#!/usr/bin/env bash
# On a GPU machine with Python and PyTorch (no Java, no Maven, no network needed): unpacks the
# bundle of make_bundle.sh, starts kserve_embedder.py on the GPU and runs the benchmark's
# remote-embeddings scenario against it (plus any scenario that needs neither ONNX Runtime nor the
# MiniLM file, such as burst). The report, the servers' logs and the GPU's name land in OUT_DIR.
#
# Usage: bench/gpu/run_bundle.sh BUNDLE OUT_DIR [benchmark options, default --scenarios=remote-embeddings]
# Environment: PYTHON (default python3), EMBEDDER_ARGS (default: random weights, seed 1, 2 instances, as
# inference-svc keeps 2 batches in flight). The embedder server runs only for scenario remote-embeddings.
set -uo pipefail
bundle=$(realpath "${1:?usage: run_bundle.sh BUNDLE OUT_DIR [options]}")
out=$(realpath -m "${2:?usage: run_bundle.sh BUNDLE OUT_DIR [options]}")
shift 2
options=("$@")
[ ${#options[@]} -gt 0 ] || options=(--scenarios=remote-embeddings)
python=${PYTHON:-python3}
port=18001
work=$(mktemp -d /tmp/quire-gpu.XXXXXX)
mkdir -p "$out"
tar -C "$work" -xJf "$bundle"
cd "$work/q"
# make_bundle.sh sent the big jars unpacked: zip each back (stored; the class loaders do not mind).
"$python" - <<'PY'
import os, pathlib, shutil, zipfile
for folder in sorted(pathlib.Path(".").rglob("*.jar.d")):
    with zipfile.ZipFile(str(folder)[:-2], "w", zipfile.ZIP_STORED) as jar:
        manifest = folder / "META-INF" / "MANIFEST.MF"
        if manifest.exists():
            jar.write(manifest, "META-INF/MANIFEST.MF")
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name != "META-INF/MANIFEST.MF":
                jar.write(path, name)
    shutil.rmtree(folder)
PY
{ nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1; nproc; grep -m1 "model name" /proc/cpuinfo; } > "$out/machine.txt"

remote=()
if [[ " ${options[*]} " == *remote-embeddings* ]]; then
    # Random weights unless EMBEDDER_ARGS names a model file: the bundle carries none (see make_bundle.sh).
    # Throughput does not depend on the weights' values.
    read -r -a embedder_args <<< "${EMBEDDER_ARGS:---random-weights --seed 1 --instances 2}"
    "$python" -u gpu/kserve_embedder.py --descriptor gpu/grpc_service.desc --tokenizer gpu/all-minilm-l6-v2-tokenizer.json \
        --port "$port" --offline-bench "${embedder_args[@]}" > "$out/embedder.log" 2>&1 &
    embedder=$!
    trap 'kill $embedder 2>/dev/null' EXIT
    for _ in $(seq 1 300); do
        grep -q '^READY' "$out/embedder.log" && break
        kill -0 $embedder 2>/dev/null || { echo "the embedder server exited:"; tail -30 "$out/embedder.log"; exit 1; }
        sleep 1
    done
    grep '^READY\|^OFFLINE\|RANDOM' "$out/embedder.log" || { echo "the embedder server did not become ready in 300 s"; exit 1; }
    remote=(--remote-embedder=127.0.0.1:$port)
fi

jre/bin/java -Xmx4g -cp "bench-lib/*:inference-svc/target/quarkus-app/lib/main/*" dev.quire.bench.InferenceBenchmark \
    "${remote[@]}" --out="$work/report" "${options[@]}" 2>&1 | tee "$out/bench.log" | grep -v '^\s*$' | tail -60
status=${PIPESTATUS[0]}
cp "$work"/report/*.md "$work"/report/*.png "$out/" 2>/dev/null
cp "$work/report/inference-svc.log" "$out/" 2>/dev/null
exit "$status"
