package dev.quire.common.inference;

/** Names of the request and response parameters of Quire's text-generation convention (Triton's LLM one plus ours). */
public final class InferenceParameters {

    public static final String MAX_TOKENS = "max_tokens";
    public static final String TEMPERATURE = "temperature";
    public static final String SEED = "seed";
    /** A JSON array of strings, or one plain string. */
    public static final String STOP = "stop";
    public static final String STREAM = "stream";
    public static final String GRAMMAR = "grammar";
    public static final String JSON_SCHEMA = "json_schema";
    /**
     * Bool: generate exactly max_tokens tokens, past the end-of-sequence token (the name vLLM and
     * llama.cpp's server use). Benchmarks set it so answers have equal lengths.
     */
    public static final String IGNORE_EOS = "ignore_eos";
    /** Triton's reserved scheduling parameters. */
    public static final String PRIORITY = "priority";
    public static final String TIMEOUT_MICROSECONDS = "timeout";
    /** Response parameter: a notice for the user (random test model, truncation, ...). */
    public static final String WARNING = "quire_warning";
    /** Response parameter (Triton's decoupled models): true on a stream's last response. */
    public static final String FINAL_RESPONSE = "triton_final_response";

    private InferenceParameters() {
    }
}
