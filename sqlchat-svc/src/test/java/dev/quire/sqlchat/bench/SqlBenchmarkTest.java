package dev.quire.sqlchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.common.prompt.PromptTemplates;
import dev.quire.proto.inference.GRPCInferenceServiceGrpc;
import dev.quire.proto.inference.ModelInferRequest;
import dev.quire.sqlchat.bench.SqlBenchmark.GoldPair;
import dev.quire.sqlchat.bench.SqlBenchmark.Report;
import dev.quire.sqlchat.db.DatabaseRegistry;
import dev.quire.sqlchat.grammar.GbnfSampler;
import dev.quire.sqlchat.grammar.SchemaGrammar;
import dev.quire.sqlchat.prompt.LexicalTableSelector;
import dev.quire.sqlchat.prompt.SqlPrompt;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.SchemaCatalog;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The SQL benchmark over {@code bench/sample-gold.txt} on the sample database. Always: the harness
 * checked on the gold answers themselves, schema-linking recall at several prompt budgets, and the
 * validity of a grammar-constrained random baseline (what the mesh's default random model does).
 * With {@code -Dquire.bench.inference=HOST:PORT} (a running inference-svc, model {@code quire.bench.model},
 * default {@code llm}) also the real model's validity and execution accuracy. Numbers go to
 * {@code target/bench/sql-benchmark.txt}.
 */
@QuarkusTest
class SqlBenchmarkTest {

    static final String GOLD = "bench/sample-gold.txt";
    static final Path REPORT = Path.of("target", "bench", "sql-benchmark.txt");

    @Inject
    PromptTemplates templates;

    @Inject
    SchemaCatalog catalog;

    @Inject
    DatabaseRegistry databases;

    @Test
    void benchmark() throws Exception {
        DatabaseSchema schema = catalog.schema("sample");
        List<GoldPair> pairs = SqlBenchmark.load(GOLD);
        SqlBenchmark bench = new SqlBenchmark(schema, () -> databases.openForQuery("sample"));
        List<String> lines = new ArrayList<>();

        // 1. The harness itself: answering with the gold SQL must score 100 % everywhere.
        Map<String, String> gold = pairs.stream().collect(Collectors.toMap(GoldPair::question, GoldPair::sql));
        Report oracle = bench.run("gold-answers", prompt(3000), 3000, pairs, text -> gold.get(questionOf(text)));
        assertEquals(25, oracle.outcomes().size());
        assertEquals(1.0, oracle.validShare(), oracle.outcomes().toString());
        assertEquals(1.0, oracle.executionAccuracy(), oracle.outcomes().toString());
        assertEquals(1.0, oracle.schemaLinkingRecall(), "the whole sample schema fits 3000 tokens");
        lines.add(oracle.summary());

        // 2. Schema linking when the schema does not fit: the lexical selector plus foreign-key neighbours.
        List<Report> linkedReports = new ArrayList<>();
        for (int budget : new int[] {900, 700, 550, 450}) {
            Report linked = bench.run("gold-answers", prompt(budget), budget, pairs, text -> gold.get(questionOf(text)));
            lines.add(linked.summary() + bench.firstMiss(linked).map(m -> " first-miss: " + m).orElse(""));
            linkedReports.add(linked);
        }
        lines.forEach(System.out::println);
        for (Report linked : linkedReports) {
            // Floors measured when the selector was written; a drop means schema linking got worse.
            double floor = linked.promptBudgetTokens() >= 700 ? 0.9 : 0.6;
            assertTrue(linked.schemaLinkingRecall() >= floor, linked.summary() + " " + bench.firstMiss(linked));
        }

        // 3. A grammar-constrained random model: always valid, rarely right.
        GbnfSampler sampler = new GbnfSampler(SchemaGrammar.of(schema));
        Random random = new Random(7);
        Report baseline = bench.run("random-grammar-baseline", prompt(3000), 3000, pairs, text -> sampler.sample(random));
        assertEquals(1.0, baseline.validShare(), baseline.outcomes().toString());
        lines.add(baseline.summary());

        // 4. A real model, when one is configured.
        String target = System.getProperty("quire.bench.inference", "");
        if (!target.isBlank()) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
            try {
                Report real = bench.run(System.getProperty("quire.bench.model", "llm") + "@" + target, prompt(3000), 3000, pairs,
                        realModel(channel, System.getProperty("quire.bench.model", "llm")));
                lines.add(real.summary());
                real.outcomes().stream().filter(o -> !o.correct())
                        .forEach(o -> lines.add("  miss: " + o.pair().question() + " -> " + o.answer() + " (" + o.problem() + ")"));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } else {
            lines.add("real model: not measured (run with -Dquire.bench.inference=localhost:8001 against a running inference-svc)");
        }
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, lines, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);
    }

    private SqlPrompt prompt(int budget) {
        return new SqlPrompt(templates, new LexicalTableSelector(), budget);
    }

    /** The question line of a rendered prompt. */
    private static String questionOf(String prompt) {
        String marker = "\nQuestion: ";
        int at = prompt.lastIndexOf(marker) + marker.length();
        return prompt.substring(at, prompt.indexOf('\n', at)).strip();
    }

    private static Function<String, String> realModel(ManagedChannel channel, String model) {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        return prompt -> {
            ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(model).setId(UUID.randomUUID().toString())
                    .addInputs(TextTensors.textInput(TextTensors.TEXT_INPUT, prompt))
                    .putParameters(InferenceParameters.MAX_TOKENS, TextTensors.intParam(256))
                    .putParameters(InferenceParameters.TEMPERATURE, TextTensors.doubleParam(0.0))
                    .build();
            return TextTensors.readOutput(stub.withDeadlineAfter(120, TimeUnit.SECONDS).modelInfer(request), TextTensors.TEXT_OUTPUT)
                    .orElse("");
        };
    }
}
