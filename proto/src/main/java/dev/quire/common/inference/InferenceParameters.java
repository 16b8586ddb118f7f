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
    /** Triton's reserved scheduling parameters. */
    public static final String PRIORITY = "priority";
    public static final String TIMEOUT_MICROSECONDS = "timeout";
    /** Response parameter: a notice for the user (random test model, truncation, ...). */
    public static final String WARNING = "quire_warning";

    private InferenceParameters() {
    }
}
