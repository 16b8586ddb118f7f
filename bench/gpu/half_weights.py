#!/usr/bin/env python3
"""Rewrites an ONNX file with its float32 initializers stored as float16, for kserve_embedder.py --onnx.

all-MiniLM-L6-v2.onnx is 86 MiB, more than a lent GPU machine's 64 MiB of carried files; the
float16 copy is 43 MiB. It is only a weight container for kserve_embedder.py (which reads the
initializers and the graph's MatMul/Add wiring), not a model ONNX Runtime can run.

    python3 bench/gpu/half_weights.py all-minilm-l6-v2.onnx all-minilm-l6-v2-fp16.onnx
"""

import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main(source, target):
    model = onnx.load(source)
    for tensor in model.graph.initializer:
        array = numpy_helper.to_array(tensor)
        if array.dtype == np.float32:
            tensor.CopyFrom(numpy_helper.from_array(array.astype(np.float16), tensor.name))
    onnx.save(model, target)
    print(f"wrote {target}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: half_weights.py SOURCE.onnx TARGET.onnx")
    main(sys.argv[1], sys.argv[2])
