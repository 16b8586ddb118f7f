package dev.quire.inference.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.quire.inference.engine.remote.TritonDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading model folders: every Triton scheduling field, and errors that name file, field and allowed values. */
class ModelRepositoryTest {

    @TempDir
    Path repo;

    private void model(String name, String config) throws IOException {
        Files.createDirectories(repo.resolve(name));
        Files.writeString(repo.resolve(name).resolve(ModelRepository.CONFIG_FILE), config);
    }

    private String invalidReason(String config) throws IOException {
        model("bad", config);
        RepositoryEntry entry = ModelRepository.scan(repo).get(0);
        return assertInstanceOf(RepositoryEntry.Invalid.class, entry).reason();
    }

    @Test
    void readsEveryTritonSchedulingField() throws IOException {
        model("embedder", """
                engine=onnx
                file=minilm.onnx
                instances=2
                max_batch_size=32
                dynamic_batching.preferred_batch_size=16, 8
                dynamic_batching.max_queue_delay_microseconds=500
                dynamic_batching.preserve_ordering=true
                dynamic_batching.priority_levels=3
                dynamic_batching.default_priority_level=3
                dynamic_batching.priority_aging_microseconds=none
                dynamic_batching.default_queue_policy.max_queue_size=64
                dynamic_batching.default_queue_policy.default_timeout_microseconds=2000
                dynamic_batching.priority_queue_policy.1.timeout_action=DELAY
                dynamic_batching.priority_queue_policy.1.allow_timeout_override=false
                dynamic_batching.priority_queue_policy.1.max_queue_size=4
                """);
        ModelDefinition d = ((RepositoryEntry.Valid) ModelRepository.scan(repo).get(0)).definition();
        assertEquals("embedder", d.name());
        assertEquals(EngineKind.ONNX, d.engine());
        assertEquals(Optional.of(repo.resolve("embedder").resolve("minilm.onnx")), d.file(), "a relative file resolves in the model's folder");
        assertEquals(Optional.of(2), d.instances());
        assertEquals(Optional.of(32), d.maxBatchSize());
        SchedulingConfig s = d.scheduling();
        assertEquals(List.of(8, 16), s.preferredBatchSizes());
        assertEquals(Optional.of(Duration.ofNanos(500_000)), s.maxQueueDelay());
        assertTrue(s.preserveOrdering());
        assertEquals(3, s.priorityLevels());
        assertEquals(3, s.defaultPriorityLevel());
        assertEquals(Optional.empty(), s.agingInterval(), "'none' turns aging off explicitly");
        assertEquals(new QueuePolicy(TimeoutAction.REJECT, Optional.of(Duration.ofMillis(2)), true, Optional.of(64)), s.policy(2));
        assertEquals(new QueuePolicy(TimeoutAction.DELAY, Optional.of(Duration.ofMillis(2)), false, Optional.of(4)), s.policy(1),
                "a level's policy starts from the default policy and overrides what it names");
    }

    @Test
    void prefixRoutingIsOnByDefaultAndCanBeSwitchedOffForLlamaCppOnly() throws IOException {
        model("routed", "engine=llama.cpp\n");
        model("unrouted", "engine=llama.cpp\nprefix_routing=false\n");
        List<RepositoryEntry> entries = ModelRepository.scan(repo);
        assertTrue(((RepositoryEntry.Valid) entries.get(0)).definition().prefixRouting());
        assertEquals(false, ((RepositoryEntry.Valid) entries.get(1)).definition().prefixRouting());
    }

    @Test
    void flashAttentionIsOnByDefaultForLlamaCppAndCanBeSwitchedOff() throws IOException {
        model("flash", "engine=llama.cpp\n");
        model("plain", "engine=llama.cpp\nflash_attention=false\n");
        model("remote", "engine=openai\nendpoint=http://gpu:8000/v1\n");
        List<RepositoryEntry> entries = ModelRepository.scan(repo);
        assertTrue(((RepositoryEntry.Valid) entries.get(0)).definition().flashAttention());
        assertFalse(((RepositoryEntry.Valid) entries.get(1)).definition().flashAttention());
        assertFalse(((RepositoryEntry.Valid) entries.get(2)).definition().flashAttention(), "no llama.cpp kernels run for a remote engine");
    }

    @Test
    void flashAttentionErrorsNameTheAllowedValuesAndEngine() throws IOException {
        String word = invalidReason("engine=llama.cpp\nflash_attention=auto\n");
        assertTrue(word.contains("field 'flash_attention' is 'auto'; allowed values: true | false"), word);
        String onnx = invalidReason("engine=onnx\nflash_attention=true\n");
        assertTrue(onnx.contains("flash_attention") && onnx.contains("applies to engine llama.cpp"), onnx);
    }

    @Test
    void aPriorityLevelMayBeWrittenWithLeadingZeros() throws IOException {
        model("zeros", "engine=onnx\ndynamic_batching.priority_levels=2\ndynamic_batching.priority_queue_policy.0002.max_queue_size=3\n");
        SchedulingConfig s = ((RepositoryEntry.Valid) ModelRepository.scan(repo).get(0)).definition().scheduling();
        assertEquals(Optional.of(3), s.policy(2).maxQueueSize());
    }

    @Test
    void prefixRoutingIsOffForEnginesWithoutSlotCaches() throws IOException {
        model("remote", "engine=openai\nendpoint=http://gpu:8000/v1\n");
        assertEquals(false, ((RepositoryEntry.Valid) ModelRepository.scan(repo).get(0)).definition().prefixRouting());
    }

    @Test
    void prefixRoutingErrorsNameTheAllowedValuesAndEngine() throws IOException {
        assertTrue(invalidReason("engine=llama.cpp\nprefix_routing=off\n").contains("field 'prefix_routing' is 'off'; allowed values: true | false"),
                invalidReason("engine=llama.cpp\nprefix_routing=off\n"));
        String onnx = invalidReason("engine=onnx\nprefix_routing=true\n");
        assertTrue(onnx.contains("prefix_routing") && onnx.contains("applies to engine llama.cpp"), onnx);
    }

    @Test
    void defaultsNeedNoZeroMeaningDisabled() throws IOException {
        model("llm", "engine=llama.cpp\n");
        ModelDefinition d = ((RepositoryEntry.Valid) ModelRepository.scan(repo).get(0)).definition();
        assertEquals(Optional.empty(), d.maxBatchSize());
        assertEquals(Optional.empty(), d.scheduling().maxQueueDelay());
        assertEquals(Optional.empty(), d.scheduling().defaultQueuePolicy().maxQueueSize());
        assertEquals(Optional.empty(), d.scheduling().defaultQueuePolicy().defaultTimeout());
        assertEquals(Optional.of(SchedulingConfig.DEFAULT_AGING), d.scheduling().agingInterval());
    }

    @Test
    void errorsNameTheFileTheFieldAndTheAllowedValues() throws IOException {
        String engine = invalidReason("engine=tensorflow\n");
        assertTrue(engine.contains("bad/config.properties") && engine.contains("'engine'")
                && engine.contains("llama.cpp | onnx | triton | openai"), engine);

        String action = invalidReason("engine=onnx\ndynamic_batching.default_queue_policy.timeout_action=DROP\n");
        assertTrue(action.contains("timeout_action") && action.contains("REJECT | DELAY"), action);

        String zero = invalidReason("engine=onnx\nmax_batch_size=0\n");
        assertTrue(zero.contains("'max_batch_size'") && zero.contains("1..4096"), zero);

        String level = invalidReason("engine=onnx\ndynamic_batching.priority_levels=2\ndynamic_batching.priority_queue_policy.5.max_queue_size=3\n");
        assertTrue(level.contains("priority level 5") && level.contains("1..2"), level);

        String hugeLevel = invalidReason("engine=onnx\ndynamic_batching.priority_queue_policy.99999999999.max_queue_size=3\n");
        assertTrue(hugeLevel.contains("priority level 99999999999") && hugeLevel.contains("1..1"), hugeLevel);

        String typo = invalidReason("engine=onnx\nmax_batchsize=8\n");
        assertTrue(typo.contains("'max_batchsize' is not a known field") && typo.contains("max_batch_size"), typo);

        String endpoint = invalidReason("engine=triton\n");
        assertTrue(endpoint.contains("'endpoint' is missing"), endpoint);

        String preferred = invalidReason("engine=onnx\nmax_batch_size=8\ndynamic_batching.preferred_batch_size=4,16\n");
        assertTrue(preferred.contains("preferred_batch_size") && preferred.contains("1..8"), preferred);

        String longTimeout = invalidReason("engine=onnx\ndynamic_batching.default_queue_policy.default_timeout_microseconds=9999999999999999\n");
        assertTrue(longTimeout.contains("default_timeout_microseconds") && longTimeout.contains("1.." + QueuePolicy.MAX_DURATION_MICROSECONDS), longTimeout);

        String aging = invalidReason("engine=onnx\ndynamic_batching.priority_aging_microseconds=0\n");
        assertTrue(aging.contains("none for no aging"), aging);

        String bool = invalidReason("engine=onnx\ndynamic_batching.preserve_ordering=yes\n");
        assertTrue(bool.contains("true | false"), bool);
    }

    @Test
    void oneBrokenModelDoesNotHideTheOthers() throws IOException {
        model("a-good", "engine=llama.cpp\n");
        model("b-broken", "engine=\n");
        Files.createDirectories(repo.resolve("c-empty"));
        List<RepositoryEntry> entries = ModelRepository.scan(repo);
        assertEquals(List.of("a-good", "b-broken", "c-empty"), entries.stream().map(RepositoryEntry::name).toList());
        assertInstanceOf(RepositoryEntry.Valid.class, entries.get(0));
        assertInstanceOf(RepositoryEntry.Invalid.class, entries.get(1));
        assertTrue(((RepositoryEntry.Invalid) entries.get(2)).reason().contains("config.properties is missing"));
    }

    @Test
    void builtinRepositoryServesLlmWithLlamaCpp() throws IOException {
        List<RepositoryEntry> entries = ModelRepository.builtin(getClass().getClassLoader());
        RepositoryEntry llm = entries.stream().filter(e -> e.name().equals("llm")).findFirst().orElseThrow();
        ModelDefinition d = assertInstanceOf(RepositoryEntry.Valid.class, llm).definition();
        assertEquals(EngineKind.LLAMA_CPP, d.engine());
        assertEquals(Optional.empty(), d.file(), "no file: quire.model.path or the random test model");
    }

    @Test
    void readsRemoteEngineFields() throws IOException {
        model("gpu", """
                engine=openai
                endpoint=http://vllm:8000/v1
                remote_model=meta-llama/Llama-3-8B
                api=chat
                api_key_env=OPENAI_API_KEY
                grammar_field=guided_grammar
                stream=false
                remote_timeout_microseconds=5000000
                """);
        ModelDefinition d = assertInstanceOf(RepositoryEntry.Valid.class, ModelRepository.scan(repo).get(0)).definition();
        RemoteConfig r = d.remote();
        assertEquals(dev.quire.inference.engine.remote.OpenAiSettings.Api.CHAT, r.api());
        assertEquals(Optional.of("OPENAI_API_KEY"), r.apiKeyEnv());
        assertEquals(Optional.of("guided_grammar"), r.grammarField());
        assertEquals(false, r.stream());
        assertEquals(Duration.ofSeconds(5), r.timeout());
        assertEquals(Optional.of("meta-llama/Llama-3-8B"), d.remoteModel());
    }

    @Test
    void aDialectMayBeSpelledWithAHyphenOrInAnyCase() throws IOException {
        model("a", "engine=triton\nendpoint=http://gpu:8001\ndialect=tensorrt-llm\n");
        model("b", "engine=triton\nendpoint=http://gpu:8001\ndialect=VLLM\n");
        List<RepositoryEntry> entries = ModelRepository.scan(repo);
        assertEquals(TritonDialect.TENSORRT_LLM, ((RepositoryEntry.Valid) entries.get(0)).definition().remote().dialect());
        assertEquals(TritonDialect.VLLM, ((RepositoryEntry.Valid) entries.get(1)).definition().remote().dialect());
    }

    @Test
    void remoteFieldErrorsNameTheFileTheFieldAndTheAllowedValues() throws IOException {
        String dialect = invalidReason("engine=triton\nendpoint=http://gpu:8001\ndialect=tgi\n");
        assertTrue(dialect.contains(ModelRepository.CONFIG_FILE) && dialect.contains("'dialect'") && dialect.contains("quire | vllm | tensorrt_llm"), dialect);
        String api = invalidReason("engine=openai\nendpoint=http://gpu:8000/v1\napi=embeddings\n");
        assertTrue(api.contains("'api'") && api.contains("completions | chat"), api);
        String stream = invalidReason("engine=openai\nendpoint=http://gpu:8000/v1\nstream=maybe\n");
        assertTrue(stream.contains("'stream'") && stream.contains("true | false"), stream);
        String key = invalidReason("engine=openai\nendpoint=http://gpu:8000/v1\napi_key_env=sk-123 456\n");
        assertTrue(key.contains("'api_key_env'") && key.contains("environment variable") && !key.contains("sk-123 456"), key);
        String onLocal = invalidReason("engine=llama.cpp\ndialect=vllm\n");
        assertTrue(onLocal.contains("'dialect'") && onLocal.contains("triton | openai"), onLocal);
        String wrongRemote = invalidReason("engine=triton\nendpoint=http://gpu:8001\napi=chat\n");
        assertTrue(wrongRemote.contains("'api'") && wrongRemote.contains("only engine openai"), wrongRemote);
    }

    @Test
    void aRemoteTritonModelMayEmbedInsteadOfGenerate() throws IOException {
        model("gen", "engine=triton\nendpoint=http://gpu:8001\n");
        model("vec", "engine=triton\nendpoint=http://gpu:8001\ntask=embed\nmax_batch_size=32\n");
        List<RepositoryEntry> entries = ModelRepository.scan(repo);
        assertEquals(dev.quire.inference.engine.remote.RemoteTask.GENERATE, ((RepositoryEntry.Valid) entries.get(0)).definition().remote().task());
        assertEquals(dev.quire.inference.engine.remote.RemoteTask.EMBED, ((RepositoryEntry.Valid) entries.get(1)).definition().remote().task());
    }

    @Test
    void taskErrorsNameTheFieldAndWhatItAppliesTo() throws IOException {
        String unknown = invalidReason("engine=triton\nendpoint=http://gpu:8001\ntask=rerank\n");
        assertTrue(unknown.contains("'task'") && unknown.contains("generate | embed"), unknown);
        String onOpenAi = invalidReason("engine=openai\nendpoint=http://gpu:8000/v1\ntask=embed\n");
        assertTrue(onOpenAi.contains("'task'") && onOpenAi.contains("only engine triton"), onOpenAi);
        String onLocal = invalidReason("engine=onnx\ntask=embed\n");
        assertTrue(onLocal.contains("'task'") && onLocal.contains("triton | openai"), onLocal);
        String dialect = invalidReason("engine=triton\nendpoint=http://gpu:8001\ntask=embed\ndialect=vllm\n");
        assertTrue(dialect.contains("'dialect'") && dialect.contains("task generate"), dialect);
    }
}
