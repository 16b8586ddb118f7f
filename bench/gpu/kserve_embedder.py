#!/usr/bin/env python3
"""A stand-in for a GPU Triton server serving the all-MiniLM-L6-v2 sentence embedder.

Used by bench/'s GPU scenario only; it is not part of the product. It speaks the KServe v2 /
Triton gRPC protocol (service inference.GRPCInferenceService) and answers ModelInfer with
sentence-transformers vectors (mean pooling over the attention mask, then L2 normalisation),
computed with PyTorch. Like Triton with dynamic batching off, every ModelInfer runs on its own;
--instances says how many may run at once (Triton's instance_group count).

Message classes come from a FileDescriptorSet (bench/gpu/make_descriptor.sh), not from
protoc-generated Python, so any recent protobuf runtime can load them.

    python3 bench/gpu/kserve_embedder.py --descriptor grpc_service.desc \\
        --tokenizer all-minilm-l6-v2-tokenizer.json --onnx all-minilm-l6-v2.onnx
"""

import argparse
import concurrent.futures
import contextlib
import json
import math
import queue
import random
import signal
import statistics
import struct
import sys
import threading
import time
import traceback
import unicodedata
from functools import lru_cache

import grpc
import numpy as np
import torch
import torch.nn.functional as F

from kserve_messages import message_classes

DIMENSION = 384
RANDOM_WARNING = "RANDOM WEIGHTS: vectors are meaningless; for throughput measurements only"
SERVICE = "inference.GRPCInferenceService"
INPUT_NAME = "text"
OUTPUT_NAME = "embedding"
MODEL_VERSION = "1"


# ---------------------------------------------------------------------------------------------
# Tokenizer: a line-for-line mirror of inference-svc's WordPieceTokenizer.java, so that the ids
# (and therefore the vectors) match Quire's own engine.
# ---------------------------------------------------------------------------------------------

_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_PUNCTUATION_CATEGORIES = {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"}
_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
               (0x2B740, 0x2B81F), (0x2B920, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _is_whitespace(ch):
    # Java: ' ', \t, \n, \r, SPACE_SEPARATOR, or Character.isWhitespace (Zs/Zl/Zp, \x09-\x0d, \x1c-\x1f).
    cp = ord(ch)
    return (ch in " \t\n\r" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")
            or 0x09 <= cp <= 0x0D or 0x1C <= cp <= 0x1F)


def _is_control(ch):
    return ch not in "\t\n\r" and unicodedata.category(ch) in _CONTROL_CATEGORIES


def _is_punctuation(ch):
    cp = ord(ch)
    if cp < 128:
        return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126
    return unicodedata.category(ch) in _PUNCTUATION_CATEGORIES


def _is_cjk(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def normalize(text):
    """BertNormalizer: clean text, isolate CJK ideographs, strip accents, lowercase."""
    cleaned = []
    for ch in text:
        if ch in "\x00\ufffd" or _is_control(ch):
            continue
        if _is_whitespace(ch):
            cleaned.append(" ")
        elif _is_cjk(ch):
            cleaned.append(" " + ch + " ")
        else:
            cleaned.append(ch)
    decomposed = unicodedata.normalize("NFD", "".join(cleaned))
    # Lower-case one code point at a time, as the Java code does.
    return "".join(ch.lower() for ch in decomposed if unicodedata.category(ch) != "Mn")


def pre_tokenize(text):
    """BertPreTokenizer: whitespace separates words and is dropped; each punctuation mark is a word."""
    words, word = [], []
    for ch in text:
        if _is_whitespace(ch):
            if word:
                words.append("".join(word))
                word = []
        elif _is_punctuation(ch):
            if word:
                words.append("".join(word))
                word = []
            words.append(ch)
        else:
            word.append(ch)
    if word:
        words.append("".join(word))
    return words


class WordPieceTokenizer:
    """BERT uncased WordPiece from a Hugging Face tokenizer.json; encode() gives [CLS] ... [SEP] ids."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            model = json.load(f).get("model", {})
        if model.get("type") != "WordPiece":
            raise ValueError(f"{path} must describe a WordPiece model, found {model.get('type')!r}")
        self.vocab = model["vocab"]
        self.prefix = model.get("continuing_subword_prefix", "##")
        self.max_chars = model.get("max_input_chars_per_word", 100)
        self.unk, self.cls, self.sep = (self._require(t) for t in ("[UNK]", "[CLS]", "[SEP]"))
        # Questions repeat words a lot; caching pieces per word keeps Python tokenization cheap.
        self.word_pieces = lru_cache(maxsize=65536)(self._word_pieces)

    def _require(self, token):
        if token not in self.vocab:
            raise ValueError(f"tokenizer vocabulary lacks the special token {token}")
        return self.vocab[token]

    def _word_pieces(self, word):
        """Greedy longest-match-first; a word that cannot be covered entirely becomes one [UNK]."""
        if len(word) > self.max_chars:
            return (self.unk,)
        found, start = [], 0
        while start < len(word):
            end, piece_id = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else self.prefix + word[start:end]
                piece_id = self.vocab.get(piece)
                if piece_id is not None:
                    break
                end -= 1
            if piece_id is None:
                return (self.unk,)
            found.append(piece_id)
            start = end
        return tuple(found)

    def encode(self, text, max_tokens):
        pieces = []
        for word in pre_tokenize(normalize(text)):
            pieces.extend(self.word_pieces(word))
        return [self.cls] + pieces[:max_tokens - 2] + [self.sep]


# ---------------------------------------------------------------------------------------------
# BERT encoder (6 layers, hidden 384, 12 heads, FFN 1536, erf GELU, post-LayerNorm).
# ---------------------------------------------------------------------------------------------

_HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


class BertConfig:
    vocab = 30522
    positions = 512
    hidden = 384
    heads = 12
    ffn = 1536
    layers = 6
    eps = 1e-12


class BertLayer(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.heads
        self.query = torch.nn.Linear(cfg.hidden, cfg.hidden)
        self.key = torch.nn.Linear(cfg.hidden, cfg.hidden)
        self.value = torch.nn.Linear(cfg.hidden, cfg.hidden)
        self.attention_out = torch.nn.Linear(cfg.hidden, cfg.hidden)
        self.attention_norm = torch.nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.intermediate = torch.nn.Linear(cfg.hidden, cfg.ffn)
        self.output = torch.nn.Linear(cfg.ffn, cfg.hidden)
        self.output_norm = torch.nn.LayerNorm(cfg.hidden, eps=cfg.eps)

    def _split(self, x):
        b, t, h = x.shape
        return x.view(b, t, self.heads, h // self.heads).transpose(1, 2)

    def forward(self, x, keep, bias):
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        if _HAS_SDPA:  # torch >= 2.0: fused kernels
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        else:  # torch 1.x
            scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + bias
            ctx = scores.softmax(dim=-1) @ v
        ctx = ctx.transpose(1, 2).reshape(x.shape)
        x = self.attention_norm(x + self.attention_out(ctx))
        return self.output_norm(x + self.output(F.gelu(self.intermediate(x))))


class MiniLm(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.word_embeddings = torch.nn.Embedding(cfg.vocab, cfg.hidden)
        self.position_embeddings = torch.nn.Embedding(cfg.positions, cfg.hidden)
        self.token_type_embeddings = torch.nn.Embedding(2, cfg.hidden)
        self.embedding_norm = torch.nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.layers = torch.nn.ModuleList(BertLayer(cfg) for _ in range(cfg.layers))

    def forward(self, ids, mask):
        """ids, mask: [batch, tokens] int64; returns last_hidden_state [batch, tokens, hidden]."""
        positions = torch.arange(ids.shape[1], device=ids.device)
        # token_type_ids are all 0, so row 0 of the token-type table is added everywhere.
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings.weight[0]
        x = self.embedding_norm(x)
        keep = mask[:, None, None, :].bool()
        # Additive form of the same mask, for the hand-written attention of torch 1.x.
        bias = None if _HAS_SDPA else (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, keep, bias)
        return x


def _onnx_linear_names(graph, initializers):
    """Maps the ONNX export's anonymous MatMul weights ('onnx::MatMul_787') to module names.

    Each MatMul with a weight feeds an Add whose other input is the named bias
    ('encoder.layer.0.attention.self.query.bias'); the linear layer is that name minus '.bias'.
    """
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    names = {}
    for node in graph.node:
        weights = [i for i in node.input if i in initializers]
        if node.op_type != "MatMul" or len(weights) != 1:
            continue
        for add in consumers.get(node.output[0], []):
            biases = [i for i in add.input if i.endswith(".bias") and i in initializers]
            if add.op_type == "Add" and biases:
                names[biases[0][:-len(".bias")] + ".weight"] = weights[0]
    return names


def _hf_names(cfg):
    """Our parameter name -> (Hugging Face BERT name, transposed in ONNX MatMul form?)."""
    names = {
        "word_embeddings.weight": "embeddings.word_embeddings.weight",
        "position_embeddings.weight": "embeddings.position_embeddings.weight",
        "token_type_embeddings.weight": "embeddings.token_type_embeddings.weight",
        "embedding_norm.weight": "embeddings.LayerNorm.weight",
        "embedding_norm.bias": "embeddings.LayerNorm.bias",
    }
    parts = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
             "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
             "intermediate": "intermediate.dense", "output": "output.dense", "output_norm": "output.LayerNorm"}
    for i in range(cfg.layers):
        for ours, theirs in parts.items():
            for p in ("weight", "bias"):
                names[f"layers.{i}.{ours}.{p}"] = f"encoder.layer.{i}.{theirs}.{p}"
    return names


def load_onnx_weights(model, path, cfg):
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(path).graph
    tensors = {t.name: t for t in graph.initializer}
    linear = _onnx_linear_names(graph, tensors)
    state, problems = {}, []
    for ours, theirs in _hf_names(cfg).items():
        expected = tuple(model.state_dict()[ours].shape)
        if theirs in tensors:
            value = numpy_helper.to_array(tensors[theirs])
        elif theirs in linear:
            # ONNX MatMul weights are [in, out]; torch.nn.Linear keeps [out, in].
            value = numpy_helper.to_array(tensors[linear[theirs]]).T
        else:
            hint = f" (nor a MatMul added to '{theirs[:-len('weight')]}bias')" if theirs.endswith(".weight") else ""
            problems.append(f"  {ours}: no initializer '{theirs}'{hint}")
            continue
        if tuple(value.shape) != expected:
            problems.append(f"  {ours}: '{theirs}' has shape {tuple(value.shape)}, expected {expected}")
            continue
        state[ours] = torch.tensor(np.ascontiguousarray(value), dtype=torch.float32)  # a writable copy
    if problems:
        sys.exit(f"cannot map the weights of {path} onto MiniLM-L6:\n" + "\n".join(problems))
    model.load_state_dict(state)


def init_random_weights(model, seed):
    # BERT's own initialisation, from a fixed seed so runs are repeatable.
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.fill_(1.0 if name.endswith("weight") else 0.0)
            elif name.endswith("bias"):
                p.zero_()
            else:
                p.copy_(torch.randn(p.shape, generator=generator) * 0.02)


# ---------------------------------------------------------------------------------------------
# The embedder: tokenize, pad to the longest text, run, pool, normalise.
# ---------------------------------------------------------------------------------------------

class Embedder:
    def __init__(self, args):
        self.tokenizer = WordPieceTokenizer(args.tokenizer)
        self.max_tokens = args.max_tokens
        self.device = torch.device(args.device)
        self.dtype = getattr(torch, args.dtype)
        cfg = BertConfig()
        model = MiniLm(cfg)
        if args.onnx:
            load_onnx_weights(model, args.onnx, cfg)
        else:
            init_random_weights(model, args.seed)
        self.model = model.to(self.device, self.dtype).eval()
        # One CUDA stream per instance so that concurrent executions overlap on the GPU, as
        # Triton's model instances do; slots double as the instance semaphore.
        self.slots = queue.Queue()
        for _ in range(args.instances):
            self.slots.put(torch.cuda.Stream(self.device) if self.device.type == "cuda" else None)
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def tokenize(self, texts):
        """Padded [n, longest] ids and mask, as CPU int64 tensors."""
        rows = [self.tokenizer.encode(t, self.max_tokens) for t in texts]
        longest = max(len(r) for r in rows)
        ids = torch.zeros((len(rows), longest), dtype=torch.int64)
        mask = torch.zeros((len(rows), longest), dtype=torch.int64)
        for i, r in enumerate(rows):
            ids[i, :len(r)] = torch.tensor(r, dtype=torch.int64)
            mask[i, :len(r)] = 1
        return ids, mask

    def embed(self, texts):
        """[n, 384] float32 numpy array of unit vectors."""
        # Tokenizing is CPU work outside the instance limit, like a Triton ensemble's pre-processing.
        ids, mask = self.tokenize(texts)
        stream = self.slots.get()
        try:
            with torch.inference_mode(), (torch.cuda.stream(stream) if stream is not None else contextlib.nullcontext()):
                return self._run(ids, mask)
        finally:
            self.slots.put(stream)

    def _run(self, ids, mask):
        ids, mask = ids.to(self.device), mask.to(self.device)
        hidden = self.model(ids, mask).float()  # pool and normalise in float32
        weights = mask.unsqueeze(-1).float()
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
        return F.normalize(pooled, p=2, dim=1, eps=1e-12).cpu().numpy()


# ---------------------------------------------------------------------------------------------
# KServe v2 protocol
# ---------------------------------------------------------------------------------------------

def load_messages(descriptor_path):
    """Message classes of package 'inference' from a FileDescriptorSet, by short name."""
    message = message_classes(descriptor_path)
    names = ["ServerLiveRequest", "ServerLiveResponse", "ServerReadyRequest", "ServerReadyResponse",
             "ModelReadyRequest", "ModelReadyResponse", "ServerMetadataRequest", "ServerMetadataResponse",
             "ModelMetadataRequest", "ModelMetadataResponse", "ModelInferRequest", "ModelInferResponse"]
    return {n: message(n) for n in names}


class BadRequest(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def decode_raw_bytes(raw, n):
    """KServe binary BYTES layout: per element a 4-byte little-endian length, then the bytes."""
    texts, offset = [], 0
    while offset < len(raw):
        if offset + 4 > len(raw):
            raise BadRequest(grpc.StatusCode.INVALID_ARGUMENT,
                             f"raw_input_contents[0] ends inside the length prefix of element {len(texts)}")
        (length,) = struct.unpack_from("<I", raw, offset)
        offset += 4
        if offset + length > len(raw):
            raise BadRequest(grpc.StatusCode.INVALID_ARGUMENT,
                             f"raw_input_contents[0] element {len(texts)} claims {length} bytes but only "
                             f"{len(raw) - offset} remain")
        texts.append(raw[offset:offset + length])
        offset += length
    if len(texts) != n:
        raise BadRequest(grpc.StatusCode.INVALID_ARGUMENT,
                         f"input '{INPUT_NAME}' has shape [{n}] but raw_input_contents[0] holds {len(texts)} elements")
    return texts


class Servicer:
    def __init__(self, args, messages, embedder):
        self.m = messages
        self.model = args.model
        self.max_batch = args.max_batch
        self.embedder = embedder
        self.random = not args.onnx
        self.shape_rule = f"shape [n] or [n, 1] with 1 <= n <= {self.max_batch} (max batch size)"

    def handler(self):
        def unary(fn, request):
            return grpc.unary_unary_rpc_method_handler(
                fn, request_deserializer=self.m[request].FromString,
                response_serializer=lambda msg: msg.SerializeToString())

        return grpc.method_handlers_generic_handler(SERVICE, {
            "ServerLive": unary(self.server_live, "ServerLiveRequest"),
            "ServerReady": unary(self.server_ready, "ServerReadyRequest"),
            "ModelReady": unary(self.model_ready, "ModelReadyRequest"),
            "ServerMetadata": unary(self.server_metadata, "ServerMetadataRequest"),
            "ModelMetadata": unary(self.model_metadata, "ModelMetadataRequest"),
            "ModelInfer": unary(self.model_infer, "ModelInferRequest"),
        })

    def server_live(self, request, context):
        return self.m["ServerLiveResponse"](live=True)

    def server_ready(self, request, context):
        return self.m["ServerReadyResponse"](ready=True)

    def model_ready(self, request, context):
        return self.m["ModelReadyResponse"](ready=self._serves(request.name, request.version))

    def server_metadata(self, request, context):
        return self.m["ServerMetadataResponse"](name="quire-bench-kserve-embedder", version="0.1")

    def model_metadata(self, request, context):
        self._guard(context, self._check_model, request.name, request.version)
        response = self.m["ModelMetadataResponse"](name=self.model, versions=[MODEL_VERSION], platform="pytorch")
        response.inputs.add(name=INPUT_NAME, datatype="BYTES", shape=[-1])
        response.outputs.add(name=OUTPUT_NAME, datatype="FP32", shape=[-1, DIMENSION])
        return response

    def model_infer(self, request, context):
        texts = self._guard(context, self._texts, request)
        vectors = self._guard(context, self.embedder.embed, texts)
        response = self.m["ModelInferResponse"](model_name=self.model, model_version=MODEL_VERSION, id=request.id)
        response.outputs.add(name=OUTPUT_NAME, datatype="FP32", shape=list(vectors.shape))
        response.raw_output_contents.append(vectors.astype("<f4", copy=False).tobytes())
        if self.random:
            response.parameters["warning"].string_param = RANDOM_WARNING
        return response

    @staticmethod
    def _guard(context, fn, *args):
        """Runs fn; a BadRequest becomes its status, anything else INTERNAL, never a crash."""
        try:
            return fn(*args)
        except BadRequest as e:
            context.abort(e.code, str(e))
        except Exception as e:  # noqa: BLE001 - the server must keep serving
            traceback.print_exc()
            context.abort(grpc.StatusCode.INTERNAL, f"{type(e).__name__}: {e}")

    def _serves(self, name, version):
        return name == self.model and version in ("", MODEL_VERSION)

    def _check_model(self, name, version):
        if name != self.model:
            raise BadRequest(grpc.StatusCode.NOT_FOUND,
                             f"unknown model '{name}'; this server serves only '{self.model}'")
        if version not in ("", MODEL_VERSION):
            raise BadRequest(grpc.StatusCode.NOT_FOUND,
                             f"model '{name}' has no version '{version}'; only '{MODEL_VERSION}'")

    def _invalid(self, what):
        return BadRequest(grpc.StatusCode.INVALID_ARGUMENT,
                          f"{what}; model '{self.model}' takes one BYTES input '{INPUT_NAME}' of {self.shape_rule}")

    def _texts(self, request):
        """Validates a ModelInferRequest and returns its texts as str."""
        self._check_model(request.model_name, request.model_version)
        if len(request.inputs) != 1:
            raise self._invalid(f"got {len(request.inputs)} inputs")
        tensor = request.inputs[0]
        if tensor.name != INPUT_NAME:
            raise self._invalid(f"unknown input '{tensor.name}'")
        if tensor.datatype != "BYTES":
            raise self._invalid(f"input '{INPUT_NAME}' has datatype {tensor.datatype or '(empty)'}")
        shape = list(tensor.shape)
        if len(shape) not in (1, 2) or (len(shape) == 2 and shape[1] != 1):
            raise self._invalid(f"input '{INPUT_NAME}' has shape {shape}")
        n = shape[0]
        if n < 1 or n > self.max_batch:
            raise self._invalid(f"input '{INPUT_NAME}' holds {n} texts, outside 1..{self.max_batch}")
        for out in request.outputs:
            if out.name != OUTPUT_NAME:
                raise BadRequest(grpc.StatusCode.INVALID_ARGUMENT,
                                 f"unknown output '{out.name}'; model '{self.model}' has one output '{OUTPUT_NAME}'")
        raw, listed = list(request.raw_input_contents), list(tensor.contents.bytes_contents)
        if raw and listed:
            raise self._invalid(f"input '{INPUT_NAME}' has data both in raw_input_contents and in contents")
        if len(raw) > 1:
            raise self._invalid(f"got {len(raw)} raw_input_contents for one input")
        if raw:
            items = decode_raw_bytes(raw[0], n)
        elif len(listed) == n:
            items = listed
        else:
            raise self._invalid(f"input '{INPUT_NAME}' has shape [{n}] but contents.bytes_contents holds "
                                f"{len(listed)} elements (and raw_input_contents is empty)")
        # Invalid UTF-8 becomes U+FFFD, as Java's new String(bytes, UTF_8) does; the tokenizer drops it.
        return [bytes(b).decode("utf-8", errors="replace") for b in items]


# ---------------------------------------------------------------------------------------------
# Offline throughput: the engine alone, tokenization included, no gRPC.
# ---------------------------------------------------------------------------------------------

_STARTS = ["how do i", "what is", "why does", "where can i", "when should i", "which", "who maintains",
           "can i", "does", "is it possible to", "how to", "what happens if"]
_WORDS = ["the", "kafka", "consumer", "offset", "index", "query", "database", "commit", "branch", "merge",
          "embedding", "vector", "model", "token", "latency", "cluster", "pod", "service", "config", "file",
          "table", "schema", "join", "cache", "memory", "thread", "request", "timeout", "retry", "error",
          "log", "metric", "batch", "stream", "partition", "replica", "leader", "snapshot", "rollback",
          "release", "deploy", "build", "test", "java", "python", "gpu", "network", "disk", "user", "password"]


def question_texts(count=512, seed=42):
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        start = rng.choice(_STARTS).split()
        rest = [rng.choice(_WORDS) for _ in range(rng.randint(max(0, 3 - len(start)), 12 - len(start)))]
        texts.append(" ".join(start + rest).capitalize() + "?")
    return texts


def _texts_per_second(embedder, texts, batch, seconds):
    done, i, begin = 0, 0, time.perf_counter()
    while time.perf_counter() - begin < seconds:
        chunk = texts[i:i + batch]
        if len(chunk) < batch:
            chunk, i = texts[:batch], 0
        embedder.embed(chunk)
        done += batch
        i += batch
    return done / (time.perf_counter() - begin)


def offline_bench(embedder):
    texts = question_texts()
    results = {}
    for batch in (1, 32):
        _texts_per_second(embedder, texts, batch, 0.5)  # warm-up: kernels, allocator, caches
        results[batch] = statistics.median(_texts_per_second(embedder, texts, batch, 2.0) for _ in range(3))
    print(f"OFFLINE batch1={results[1]:.1f} batch32={results[32]:.1f}", flush=True)


# ---------------------------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--descriptor", required=True, help="FileDescriptorSet of grpc_service.proto (make_descriptor.sh)")
    p.add_argument("--tokenizer", required=True, help="Hugging Face tokenizer.json of all-MiniLM-L6-v2")
    weights = p.add_mutually_exclusive_group(required=True)
    weights.add_argument("--onnx", help="all-MiniLM-L6-v2 ONNX file (or its half_weights.py copy) to take the weights from")
    weights.add_argument("--random-weights", action="store_true", help="random weights (throughput only)")
    p.add_argument("--seed", type=int, default=1, help="seed for --random-weights")
    p.add_argument("--model", default="minilm")
    p.add_argument("--max-batch", type=int, default=32)
    p.add_argument("--max-tokens", type=int, default=256)
    p.add_argument("--instances", type=int, default=1, help="executions that may run at once")
    p.add_argument("--workers", type=int, default=64, help="gRPC thread pool size")
    p.add_argument("--device", choices=["cuda", "cpu"], default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--dtype", choices=["float16", "float32"])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    p.add_argument("--offline-bench", action="store_true", help="print OFFLINE throughput before serving")
    args = p.parse_args(argv)
    if args.dtype is None:
        args.dtype = "float16" if args.device == "cuda" else "float32"
    if args.device == "cuda" and not torch.cuda.is_available():
        p.error("--device cuda but torch sees no CUDA device")
    if not 3 <= args.max_tokens <= BertConfig.positions:
        p.error(f"--max-tokens must be between 3 and {BertConfig.positions}")
    if args.max_batch < 1 or args.instances < 1 or args.workers < 1:
        p.error("--max-batch, --instances and --workers must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.random_weights:
        banner = "!" * len(RANDOM_WARNING)
        print(f"{banner}\n{RANDOM_WARNING}\n{banner}", file=sys.stderr, flush=True)
        print(f"WARNING {RANDOM_WARNING}", flush=True)
    messages = load_messages(args.descriptor)
    embedder = Embedder(args)
    embedder.embed(["warm up"])  # first call pays for CUDA/cuBLAS initialisation
    attention = "sdpa" if _HAS_SDPA else "manual"
    print(f"torch {torch.__version__}, grpcio {grpc.__version__}, attention={attention}, "
          f"instances={args.instances}, max_batch={args.max_batch}, max_tokens={args.max_tokens}",
          file=sys.stderr, flush=True)
    if args.offline_bench:
        offline_bench(embedder)

    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=args.workers),
                         options=[("grpc.max_receive_message_length", 64 * 1024 * 1024),
                                  ("grpc.max_send_message_length", 64 * 1024 * 1024)])
    server.add_generic_rpc_handlers((Servicer(args, messages, embedder).handler(),))
    try:
        port = server.add_insecure_port(f"{args.host}:{args.port}")
    except RuntimeError as e:  # newer grpcio raises, older ones return 0
        sys.exit(f"cannot bind {args.host}:{args.port}: {e}")
    if port == 0:
        sys.exit(f"cannot bind {args.host}:{args.port}")
    server.start()
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    print(f"READY port={port} device={args.device} dtype={args.dtype} "
          f"weights={'onnx' if args.onnx else 'random'}", flush=True)
    while not stopped.wait(1.0):  # a timed wait lets the signal handlers run
        pass
    server.stop(grace=2).wait()


if __name__ == "__main__":
    main()
