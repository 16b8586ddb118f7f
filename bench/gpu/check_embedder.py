#!/usr/bin/env python3
"""Checks a running kserve_embedder.py (bench/'s GPU stand-in) over the real KServe v2 gRPC protocol.

Health and metadata calls, ModelInfer with 1, 3 and 32 texts in both BYTES encodings, the error
statuses, and, with --reference, cosine similarity to vectors from Quire's own ONNX engine.
Exits 1 when any check fails.

    python3 bench/gpu/check_embedder.py --descriptor grpc_service.desc [--reference ref.json]
    python3 bench/gpu/check_embedder.py --dump-texts texts.b64   # texts for the reference program
"""

import argparse
import base64
import json
import struct
import sys

import grpc
import numpy as np

from kserve_messages import message_classes

DIMENSION = 384

# Plain questions plus the tokenizer's corner cases: accents, CJK, punctuation, control and
# zero-width characters, non-breaking spaces, emoji, special casing, a text past 256 tokens.
TEXTS = [
    "How do I reset the consumer offset of a Kafka topic?",
    "What is the capital of France?",
    "Café crème brûlée à la carte, s'il vous plaît!",
    "我喜欢机器学习和自然语言处理",
    "Don't panic -- it's only a (small) test; really...",
    "ΣΊΣΥΦΟΣ and İstanbul, straße, ÅNGSTRÖM",
    "tabs\tand\nnewlines\r\nand  double  spaces",
    "zero\u200bwidth and no\u00a0break\u2007space and bell\x07 char",
    "emoji 🚀 rocket and ☃ snowman",
    "SELECT name, COUNT(*) FROM users WHERE age >= 21 GROUP BY name;",
    "https://example.com/path?query=1&x=y#frag",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "",
    "a",
    "Which pods in the cluster restart most often after a deploy?",
    "Why does my Java build fail with an OutOfMemoryError during tests?",
    "Where can I find the metrics for request latency?",
    "When should I roll back a release?",
    "Is it possible to merge two branches without a commit?",
    "How to configure the retry timeout for the gRPC client",
    "numbers 3.14159, 1,000,000 and -42e10",
    "Ωμέγα ελληνικά κείμενα",
    "Привет, как дела?",
    "日本語のテキストとカタカナ",
    "한국어 문장입니다",
    "mixed-case CamelCaseIdentifier and snake_case_identifier",
    "quotes “curly” ‘single’ «guillemets» and — dashes – too",
    "The quick brown fox jumps over the lazy dog.",
    "vector databases store embeddings for similarity search",
    "What happens if the leader replica of a partition goes down?",
    "Does the snapshot include uncommitted transactions?",
    "Who maintains the schema registry?",
    " ".join(["long text for truncation past two hundred fifty six tokens"] * 40),
]


class Client:
    def __init__(self, target, descriptor):
        self.channel = grpc.insecure_channel(target)
        self.message = message_classes(descriptor)

    def call(self, method, request_type, response_type, **fields):
        stub = self.channel.unary_unary(
            f"/inference.GRPCInferenceService/{method}",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self.message(response_type).FromString)
        return stub(self.message(request_type)(**fields), timeout=120)

    def infer(self, model, texts, raw=True, name="text", datatype="BYTES", shape=None, raw_bytes=None):
        request = self.message("ModelInferRequest")(model_name=model, id=f"check-{len(texts)}")
        tensor = request.inputs.add(name=name, datatype=datatype,
                                    shape=shape if shape is not None else [len(texts)])
        encoded = [t.encode("utf-8") for t in texts]
        if raw_bytes is not None:
            request.raw_input_contents.append(raw_bytes)
        elif raw:
            request.raw_input_contents.append(b"".join(struct.pack("<I", len(b)) + b for b in encoded))
        else:
            tensor.contents.bytes_contents.extend(encoded)
        stub = self.channel.unary_unary(
            "/inference.GRPCInferenceService/ModelInfer",
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self.message("ModelInferResponse").FromString)
        return stub(request, timeout=120)


class Checks:
    def __init__(self):
        self.failures = 0

    def check(self, ok, what):
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            self.failures += 1
        return ok


def vectors_of(response):
    out = response.outputs[0]
    shape = list(out.shape)
    return np.frombuffer(response.raw_output_contents[0], dtype="<f4").reshape(shape), shape


def load_reference(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    texts = [base64.b64decode(t).decode("utf-8") for t in data["texts_b64"]]
    return dict(zip(texts, np.asarray(data["vectors"], dtype=np.float32)))


def check_health(client, checks, model):
    checks.check(client.call("ServerLive", "ServerLiveRequest", "ServerLiveResponse").live, "ServerLive live=true")
    checks.check(client.call("ServerReady", "ServerReadyRequest", "ServerReadyResponse").ready, "ServerReady ready=true")
    checks.check(client.call("ModelReady", "ModelReadyRequest", "ModelReadyResponse", name=model).ready,
                 f"ModelReady '{model}' ready=true")
    checks.check(not client.call("ModelReady", "ModelReadyRequest", "ModelReadyResponse", name="nope").ready,
                 "ModelReady 'nope' ready=false")
    meta = client.call("ServerMetadata", "ServerMetadataRequest", "ServerMetadataResponse")
    checks.check(bool(meta.name), f"ServerMetadata name={meta.name!r} version={meta.version!r}")
    mm = client.call("ModelMetadata", "ModelMetadataRequest", "ModelMetadataResponse", name=model)
    ins = [(t.name, t.datatype, list(t.shape)) for t in mm.inputs]
    outs = [(t.name, t.datatype, list(t.shape)) for t in mm.outputs]
    checks.check(ins == [("text", "BYTES", [-1])] and outs == [("embedding", "FP32", [-1, DIMENSION])],
                 f"ModelMetadata inputs={ins} outputs={outs}")


def check_infer(client, checks, model, reference, expect_random, min_cosine):
    cosines = []
    for n in (1, 3, 32):
        texts = TEXTS[:n]
        by_encoding = {}
        for raw, shape in ((True, [n]), (False, [n, 1])):
            encoding = "raw_input_contents" if raw else "bytes_contents"
            response = client.infer(model, texts, raw=raw, shape=shape)
            vectors, out_shape = vectors_of(response)
            by_encoding[raw] = vectors
            norms = np.linalg.norm(vectors, axis=1)
            checks.check(response.outputs[0].name == "embedding" and response.outputs[0].datatype == "FP32"
                         and out_shape == [n, DIMENSION] and response.model_name == model
                         and response.id == f"check-{n}",
                         f"n={n:2d} {encoding:18s} shape={out_shape} name/datatype/model/id echoed")
            checks.check(bool(np.all(np.abs(norms - 1) < 1e-3)),
                         f"n={n:2d} {encoding:18s} unit norms (min {norms.min():.6f}, max {norms.max():.6f})")
            warning = response.parameters["warning"].string_param if "warning" in response.parameters else ""
            checks.check(bool(warning) == expect_random,
                         f"n={n:2d} {encoding:18s} warning parameter "
                         f"{'present: ' + repr(warning) if warning else 'absent'}")
            if reference is not None and not expect_random:
                cosines.extend(float(np.dot(v, reference[t]) / np.linalg.norm(reference[t]))
                               for t, v in zip(texts, vectors))
        agree = float(np.min(np.sum(by_encoding[True] * by_encoding[False], axis=1)))
        checks.check(agree > 0.99999, f"n={n:2d} both encodings give the same vectors (min cosine {agree:.7f})")
    if reference is None or expect_random:
        print("note: no comparison with Quire's ONNX engine "
              f"({'random weights' if expect_random else 'no --reference given'})")
        return
    # All texts once more, so every one of them is compared (batch 32 holds all but the last).
    rest = TEXTS[32:]
    vectors, _ = vectors_of(client.infer(model, rest))
    cosines.extend(float(np.dot(v, reference[t]) / np.linalg.norm(reference[t])) for t, v in zip(rest, vectors))
    worst = int(np.argmin(cosines))
    checks.check(min(cosines) >= min_cosine,
                 f"cosine to Quire's ONNX engine over {len(cosines)} vectors: min {min(cosines):.7f} "
                 f"(#{worst}), mean {np.mean(cosines):.7f}, required >= {min_cosine}")


def expect_error(checks, what, code, needles, fn):
    try:
        fn()
    except grpc.RpcError as e:
        text = e.details() or ""
        ok = e.code() == code and all(n in text for n in needles)
        checks.check(ok, f"{what}: {e.code().name} {text!r}")
        return
    checks.check(False, f"{what}: answered without error, expected {code.name}")


def check_errors(client, checks, model, max_batch):
    invalid = grpc.StatusCode.INVALID_ARGUMENT
    limit = str(max_batch)
    expect_error(checks, "unknown model", grpc.StatusCode.NOT_FOUND, ["nope", model],
                 lambda: client.infer("nope", ["x"]))
    expect_error(checks, "ModelMetadata unknown model", grpc.StatusCode.NOT_FOUND, [model],
                 lambda: client.call("ModelMetadata", "ModelMetadataRequest", "ModelMetadataResponse", name="nope"))
    expect_error(checks, "wrong datatype", invalid, ["FP32", "BYTES", limit],
                 lambda: client.infer(model, ["x"], datatype="FP32"))
    expect_error(checks, "wrong input name", invalid, ["input_ids", "text", limit],
                 lambda: client.infer(model, ["x"], name="input_ids"))
    expect_error(checks, f"n={max_batch + 1}", invalid, [str(max_batch + 1), limit],
                 lambda: client.infer(model, ["x"] * (max_batch + 1)))
    expect_error(checks, "n=0", invalid, [limit], lambda: client.infer(model, [], raw=False))
    expect_error(checks, "shape [2, 2]", invalid, ["[2, 2]", limit],
                 lambda: client.infer(model, ["a", "b"], shape=[2, 2]))
    expect_error(checks, "shape [3] with 2 elements", invalid, ["3", "2"],
                 lambda: client.infer(model, ["a", "b"], shape=[3]))
    expect_error(checks, "raw length prefix past the end", invalid, ["remain"],
                 lambda: client.infer(model, ["a"], raw_bytes=struct.pack("<I", 99) + b"abc"))
    checks.check(client.call("ServerLive", "ServerLiveRequest", "ServerLiveResponse").live,
                 "still live after the bad requests")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--descriptor", help="FileDescriptorSet of grpc_service.proto (make_descriptor.sh)")
    p.add_argument("--target", default="127.0.0.1:8001")
    p.add_argument("--model", default="minilm")
    p.add_argument("--max-batch", type=int, default=32)
    p.add_argument("--reference", help="JSON {texts_b64, vectors} from Quire's ONNX engine")
    p.add_argument("--min-cosine", type=float, default=0.9999)
    p.add_argument("--expect-random", action="store_true", help="server runs --random-weights")
    p.add_argument("--dump-texts", help="write the texts, base64 one per line, and exit")
    args = p.parse_args()
    if args.dump_texts:
        with open(args.dump_texts, "w", encoding="ascii") as f:
            f.writelines(base64.b64encode(t.encode("utf-8")).decode("ascii") + "\n" for t in TEXTS)
        print(f"wrote {len(TEXTS)} texts to {args.dump_texts}")
        return
    if not args.descriptor:
        p.error("--descriptor is required")
    reference = load_reference(args.reference) if args.reference else None
    if reference is not None and not all(t in reference for t in TEXTS):
        sys.exit(f"{args.reference} lacks some of the texts; regenerate it from --dump-texts")
    client, checks = Client(args.target, args.descriptor), Checks()
    check_health(client, checks, args.model)
    check_infer(client, checks, args.model, reference, args.expect_random, args.min_cosine)
    check_errors(client, checks, args.model, args.max_batch)
    print(f"{'ALL OK' if checks.failures == 0 else f'{checks.failures} FAILED'}")
    sys.exit(1 if checks.failures else 0)


if __name__ == "__main__":
    main()
