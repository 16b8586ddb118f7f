#!/usr/bin/env bash
# Compiles the KServe v2 proto into a FileDescriptorSet for kserve_embedder.py / check_embedder.py.
# A descriptor set (not protoc-generated Python) keeps the scripts independent of the protobuf
# runtime version installed where they run.
# Usage: bench/gpu/make_descriptor.sh [OUT]   (default OUT: bench/gpu/grpc_service.desc)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/bench/gpu/grpc_service.desc}"
protoc_jar="${PROTOC:-$HOME/.m2/repository/com/google/protobuf/protoc/4.33.2/protoc-4.33.2-linux-x86_64.exe}"
if [ ! -f "$protoc_jar" ]; then
  echo "protoc not found at $protoc_jar (set PROTOC, or fetch it with a maven build of proto/)" >&2
  exit 1
fi
# The file in ~/.m2 is not executable; run a private executable copy.
protoc="$(mktemp /tmp/protoc.XXXXXX)"
trap 'rm -f "$protoc"' EXIT
cp "$protoc_jar" "$protoc"
chmod +x "$protoc"
"$protoc" --proto_path="$root/proto/src/main/proto" --include_imports \
  --descriptor_set_out="$out" "$root/proto/src/main/proto/grpc_service.proto"
echo "wrote $out"
