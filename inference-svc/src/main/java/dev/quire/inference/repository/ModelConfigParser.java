package dev.quire.inference.repository;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.inference.engine.remote.OpenAiSettings;
import dev.quire.inference.engine.remote.RemoteTask;
import dev.quire.inference.engine.remote.TritonDialect;

/**
 * Reads one model's {@code config.properties} (Triton's field names, dynamic-batching fields under
 * {@code dynamic_batching.}). Every error names the file, the field and the allowed values; unknown
 * keys are errors too, so a typo never silently falls back to a default.
 */
public final class ModelConfigParser {

    static final String BATCHING = "dynamic_batching.";
    static final String DEFAULT_POLICY = BATCHING + "default_queue_policy.";
    static final Pattern LEVEL_POLICY = Pattern.compile(Pattern.quote(BATCHING) + "priority_queue_policy\\.(\\d+)\\.(\\w+)");
    static final Set<String> POLICY_FIELDS = Set.of("timeout_action", "default_timeout_microseconds", "allow_timeout_override", "max_queue_size");
    static final Set<String> FIELDS = Set.of("engine", "file", "endpoint", "remote_model", "instances", "context_size", "threads",
            "max_batch_size", BATCHING + "preferred_batch_size", BATCHING + "max_queue_delay_microseconds",
            BATCHING + "preserve_ordering", BATCHING + "priority_levels", BATCHING + "default_priority_level",
            BATCHING + "priority_aging_microseconds", "dialect", "api", "api_key_env", "grammar_field", "stream",
            "remote_timeout_microseconds", "prefix_routing", "flash_attention", "task");
    /** Fields only a remote engine reads; on an in-process engine they would silently do nothing. */
    static final Set<String> REMOTE_FIELDS = Set.of("remote_model", "task", "dialect", "api", "api_key_env", "grammar_field", "stream",
            "remote_timeout_microseconds");
    /** Keeps configs inside what one process can sensibly run; also bounds memory of queues and batches. */
    static final int MAX_INSTANCES = 64;
    static final int MAX_BATCH = 4096;
    static final int MAX_LEVELS = 16;

    private final String source;
    private final Properties props;
    private final Optional<Path> folder;

    private ModelConfigParser(String source, Properties props, Optional<Path> folder) {
        this.source = source;
        this.props = props;
        this.folder = folder;
    }

    /**
     * @param name   the model's name (its folder)
     * @param source the file (or resource) the properties came from, quoted in errors
     * @param folder the model's folder, against which a relative {@code file} resolves; empty for built-in models
     */
    public static ModelDefinition parse(String name, String source, Properties props, Optional<Path> folder) throws ModelConfigException {
        return new ModelConfigParser(source, props, folder).definition(name);
    }

    private ModelDefinition definition(String name) throws ModelConfigException {
        checkKeys();
        String engineName = props.getProperty("engine");
        if (engineName == null) {
            throw new ModelConfigException(source, "engine", "is missing; allowed values: " + EngineKind.allowed());
        }
        EngineKind engine = EngineKind.fromConfigName(engineName.strip()).orElseThrow(() -> new ModelConfigException(
                source, "engine", "is '" + engineName.strip() + "'; allowed values: " + EngineKind.allowed()));
        Optional<Path> file = string("file").map(this::resolve);
        Optional<URI> endpoint = endpoint();
        if ((engine == EngineKind.TRITON || engine == EngineKind.OPENAI) && endpoint.isEmpty()) {
            throw new ModelConfigException(source, "endpoint", "is missing; engine " + engine.configName() + " needs the URL of the remote server");
        }
        if ((engine == EngineKind.LLAMA_CPP || engine == EngineKind.ONNX) && endpoint.isPresent()) {
            throw new ModelConfigException(source, "endpoint", "is set, but engine " + engine.configName() + " runs in-process; use 'file' instead");
        }
        Optional<Integer> instances = integer("instances", 1, MAX_INSTANCES);
        Optional<Integer> contextSize = integer("context_size", 16, 1 << 20);
        Optional<Integer> threads = integer("threads", 1, 256);
        Optional<Integer> maxBatchSize = integer("max_batch_size", 1, MAX_BATCH);
        return new ModelDefinition(name, source, engine, file, endpoint, string("remote_model"), instances, contextSize, threads,
                maxBatchSize, scheduling(maxBatchSize), remote(engine), prefixRouting(engine), flashAttention(engine));
    }

    /** Only the embedded llama.cpp engine has slots with prompt caches to route to: on by default there, off elsewhere. */
    private boolean prefixRouting(EngineKind engine) throws ModelConfigException {
        return llamaCppFlag("prefix_routing", engine, "has no slot caches to route to");
    }

    /** A llama.cpp kernel choice: on by default there. */
    private boolean flashAttention(EngineKind engine) throws ModelConfigException {
        return llamaCppFlag("flash_attention", engine, "does not run llama.cpp");
    }

    /**
     * A true/false field that only the llama.cpp engine reads, true there unless set: on another engine
     * it would silently do nothing, so setting it there is an error saying {@code why}.
     */
    private boolean llamaCppFlag(String field, EngineKind engine, String why) throws ModelConfigException {
        Optional<Boolean> value = bool(field);
        if (value.isPresent() && engine != EngineKind.LLAMA_CPP) {
            throw new ModelConfigException(source, field, "is set, but engine " + engine.configName() + " " + why + "; it applies to engine llama.cpp");
        }
        return value.orElse(engine == EngineKind.LLAMA_CPP);
    }

    private RemoteConfig remote(EngineKind engine) throws ModelConfigException {
        boolean isRemote = engine == EngineKind.TRITON || engine == EngineKind.OPENAI;
        if (!isRemote) {
            for (String field : new TreeSet<>(REMOTE_FIELDS)) {
                if (string(field).isPresent()) {
                    throw new ModelConfigException(source, field, "is set, but engine " + engine.configName()
                            + " runs in-process; it applies to engines triton | openai");
                }
            }
            return RemoteConfig.defaults();
        }
        RemoteConfig defaults = RemoteConfig.defaults();
        RemoteTask task = tritonField("task", engine, RemoteTask::fromConfigName, RemoteTask.allowed(), defaults.task());
        TritonDialect dialect = tritonField("dialect", engine, TritonDialect::fromConfigName, TritonDialect.allowed(), defaults.dialect());
        if (task == RemoteTask.EMBED) {
            for (String generationOnly : List.of("dialect", "stream")) {
                if (string(generationOnly).isPresent()) {
                    throw new ModelConfigException(source, generationOnly, "is set, but task embed sends texts and reads vectors as Quire's "
                            + "embedder does; it applies to task generate");
                }
            }
        }
        OpenAiSettings.Api api = defaults.api();
        Optional<String> rawApi = string("api");
        if (rawApi.isPresent()) {
            api = switch (rawApi.get()) {
                case "completions" -> OpenAiSettings.Api.COMPLETIONS;
                case "chat" -> OpenAiSettings.Api.CHAT;
                default -> throw new ModelConfigException(source, "api", "is '" + rawApi.get() + "'; allowed values: completions | chat");
            };
        }
        for (String openAiOnly : List.of("api", "api_key_env", "grammar_field")) {
            if (engine != EngineKind.OPENAI && string(openAiOnly).isPresent()) {
                throw new ModelConfigException(source, openAiOnly, "is set, but only engine openai reads it");
            }
        }
        Optional<String> apiKeyEnv = string("api_key_env");
        if (apiKeyEnv.isPresent() && !apiKeyEnv.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // The value is not repeated: it may be the key itself, pasted by mistake.
            throw new ModelConfigException(source, "api_key_env", "is not a variable name; allowed values: the name of an environment "
                    + "variable ([A-Za-z_][A-Za-z0-9_]*) holding the key, never the key itself");
        }
        Optional<String> grammarField = string("grammar_field");
        if (grammarField.isPresent() && !grammarField.get().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ModelConfigException(source, "grammar_field", "is '" + grammarField.get()
                    + "'; allowed values: a JSON field name such as grammar (llama.cpp server) or guided_grammar (vLLM)");
        }
        boolean stream = bool("stream").orElse(defaults.stream());
        Duration timeout = micros("remote_timeout_microseconds", "leave the field out for the default " + defaults.timeout().toNanos() / 1000)
                .orElse(defaults.timeout());
        return new RemoteConfig(task, dialect, api, apiKeyEnv, grammarField, stream, timeout);
    }

    /** A field only engine triton reads, one of {@code allowed} as {@code parse} reads it; {@code fallback} when left out. */
    private <T> T tritonField(String field, EngineKind engine, Function<String, Optional<T>> parse, String allowed, T fallback)
            throws ModelConfigException {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return fallback;
        }
        if (engine != EngineKind.TRITON) {
            throw new ModelConfigException(source, field, "is set, but only engine triton reads it");
        }
        return parse.apply(raw.get()).orElseThrow(() -> new ModelConfigException(source, field, "is '" + raw.get() + "'; allowed values: " + allowed));
    }

    private SchedulingConfig scheduling(Optional<Integer> maxBatchSize) throws ModelConfigException {
        List<Integer> preferred = preferredBatchSizes(maxBatchSize);
        Optional<Duration> delay = micros(BATCHING + "max_queue_delay_microseconds");
        boolean preserveOrdering = bool(BATCHING + "preserve_ordering").orElse(false);
        int levels = integer(BATCHING + "priority_levels", 1, MAX_LEVELS).orElse(1);
        int defaultLevel = integer(BATCHING + "default_priority_level", 1, levels).orElse((levels + 1) / 2);
        Optional<Duration> aging = aging();
        QueuePolicy defaultPolicy = policy(DEFAULT_POLICY, QueuePolicy.defaults());
        Map<Integer, QueuePolicy> perLevel = new HashMap<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = LEVEL_POLICY.matcher(key);
            if (m.matches()) {
                // parseInt takes leading zeros; a number too long for an int is just out of range.
                String digits = m.group(1);
                int level;
                try {
                    level = Integer.parseInt(digits);
                } catch (NumberFormatException tooLong) {
                    level = Integer.MAX_VALUE;
                }
                if (level < 1 || level > levels) {
                    throw new ModelConfigException(source, key, "names priority level " + digits + "; allowed levels: 1.." + levels
                            + " (" + BATCHING + "priority_levels)");
                }
                if (!perLevel.containsKey(level)) {
                    perLevel.put(level, policy(BATCHING + "priority_queue_policy." + digits + ".", defaultPolicy));
                }
            }
        }
        return new SchedulingConfig(preferred, delay, preserveOrdering, levels, defaultLevel, aging, defaultPolicy, perLevel);
    }

    private List<Integer> preferredBatchSizes(Optional<Integer> maxBatchSize) throws ModelConfigException {
        String field = BATCHING + "preferred_batch_size";
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return List.of();
        }
        int max = maxBatchSize.orElseThrow(() -> new ModelConfigException(source, field,
                "is set, but max_batch_size is not; batch sizes need max_batch_size (1.." + MAX_BATCH + ")"));
        TreeSet<Integer> sizes = new TreeSet<>();
        for (String part : raw.get().split(",")) {
            sizes.add(parseInt(field, part.strip(), 1, max));
        }
        return new ArrayList<>(sizes);
    }

    private Optional<Duration> aging() throws ModelConfigException {
        String field = BATCHING + "priority_aging_microseconds";
        Optional<String> raw = string(field);
        if (raw.isPresent() && raw.get().equals("none")) {
            return Optional.empty();
        }
        return Optional.of(micros(field, "none for no aging; leave the field out for the default "
                + SchedulingConfig.DEFAULT_AGING.toNanos() / 1000).orElse(SchedulingConfig.DEFAULT_AGING));
    }

    private QueuePolicy policy(String prefix, QueuePolicy base) throws ModelConfigException {
        String actionField = prefix + "timeout_action";
        TimeoutAction action = base.timeoutAction();
        Optional<String> rawAction = string(actionField);
        if (rawAction.isPresent()) {
            try {
                action = TimeoutAction.valueOf(rawAction.get());
            } catch (IllegalArgumentException e) {
                throw new ModelConfigException(source, actionField, "is '" + rawAction.get() + "'; allowed values: REJECT | DELAY");
            }
        }
        Optional<Duration> timeout = micros(prefix + "default_timeout_microseconds");
        boolean override = bool(prefix + "allow_timeout_override").orElse(base.allowTimeoutOverride());
        Optional<Integer> maxQueue = integer(prefix + "max_queue_size", 1, 1_000_000);
        return new QueuePolicy(action, timeout.or(base::defaultTimeout), override, maxQueue.or(base::maxQueueSize));
    }

    private void checkKeys() throws ModelConfigException {
        for (String key : props.stringPropertyNames()) {
            if (FIELDS.contains(key)) {
                continue;
            }
            String policyField = key.startsWith(DEFAULT_POLICY) ? key.substring(DEFAULT_POLICY.length()) : null;
            Matcher m = LEVEL_POLICY.matcher(key);
            if (policyField == null && m.matches()) {
                policyField = m.group(2);
            }
            if (policyField != null && POLICY_FIELDS.contains(policyField)) {
                continue;
            }
            throw new ModelConfigException(source, key, "is not a known field; allowed fields: " + new TreeSet<>(FIELDS) + ", "
                    + DEFAULT_POLICY + "{" + String.join(",", new TreeSet<>(POLICY_FIELDS)) + "}, "
                    + BATCHING + "priority_queue_policy.<level>.{" + String.join(",", new TreeSet<>(POLICY_FIELDS)) + "}");
        }
    }

    private Path resolve(String file) {
        Path path = Path.of(file);
        return folder.filter(f -> !path.isAbsolute()).map(f -> f.resolve(path)).orElse(path);
    }

    private Optional<URI> endpoint() throws ModelConfigException {
        Optional<String> raw = string("endpoint");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(raw.get(), "needs a scheme and a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ModelConfigException(source, "endpoint", "is '" + raw.get() + "', not a URL like http://host:port (" + e.getReason() + ")");
        }
    }

    private Optional<String> string(String field) {
        return Optional.ofNullable(props.getProperty(field)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private Optional<Integer> integer(String field, int min, int max) throws ModelConfigException {
        Optional<String> raw = string(field);
        return raw.isEmpty() ? Optional.empty() : Optional.of(parseInt(field, raw.get(), min, max));
    }

    private int parseInt(String field, String raw, int min, int max) throws ModelConfigException {
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ModelConfigException(source, field, "is '" + raw + "'; allowed values: an integer " + min + ".." + max);
    }

    private Optional<Duration> micros(String field) throws ModelConfigException {
        return micros(field, "leave the field out for none");
    }

    /** @param absent how to ask for no such duration, as the error message tells it */
    private Optional<Duration> micros(String field, String absent) throws ModelConfigException {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= 1 && value <= QueuePolicy.MAX_DURATION_MICROSECONDS) {
                return Optional.of(Duration.ofNanos(value * 1000L));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelConfigException(source, field, "is '" + raw.get() + "'; allowed values: microseconds 1.."
                + QueuePolicy.MAX_DURATION_MICROSECONDS + " (" + absent + ")");
    }

    private Optional<Boolean> bool(String field) throws ModelConfigException {
        Optional<String> raw = string(field);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return switch (raw.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new ModelConfigException(source, field, "is '" + raw.get() + "'; allowed values: true | false");
        };
    }
}
