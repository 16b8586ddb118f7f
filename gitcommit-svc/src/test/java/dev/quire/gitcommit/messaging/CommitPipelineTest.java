package dev.quire.gitcommit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.quire.common.inference.InferenceParameters;
import dev.quire.common.inference.TextTensors;
import dev.quire.gitcommit.diff.GitWorkTree;
import dev.quire.proto.events.CommitOptions;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.CommitRequest;
import dev.quire.proto.events.CommitSuggestion;
import dev.quire.proto.events.Envelope;
import dev.quire.proto.events.Failure;
import dev.quire.proto.inference.ModelInferRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries per file, parts for big files, several suggestions and the project's style, through the whole service. */
@QuarkusTest
@QuarkusTestResource(InMemoryChannels.class)
class CommitPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    @org.eclipse.microprofile.reactive.messaging.spi.Connector("smallrye-in-memory")
    InMemoryConnector connector;

    @TempDir
    Path repoDir;

    private InMemorySink<byte[]> replies;

    @BeforeEach
    void reset() {
        replies = connector.sink("replies");
        replies.clear();
        FixedTextInferenceService.REQUESTS.clear();
    }

    @AfterEach
    void restoreAnswer() {
        FixedTextInferenceService.MESSAGE_ANSWER.set(FixedTextInferenceService.ANSWER);
        FixedTextInferenceService.CONTEXT_TOKENS.set(0);
    }

    private String twoFileDiff() throws Exception {
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("src/App.java", "class App {\n}\n").commitAll("initial");
            repo.write("src/App.java", "class App {\n    void greet() {}\n}\n").stage("src/App.java")
                    .write("src/Greeting.java", "class Greeting {\n}\n").stage("src/Greeting.java");
            return repo.stagedDiff();
        }
    }

    /** The staged diff of one new file in a repository with one earlier commit. */
    private String newFileDiff(String path, String content) throws Exception {
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("README.md", "hi\n").commitAll("initial");
            repo.write(path, content).stage(path);
            return repo.stagedDiff();
        }
    }

    private Envelope ask(String diff, CommitOptions options) throws Exception {
        Envelope request = Envelope.newBuilder().setRequestId("pipeline").setReplyTopic("quire.replies")
                .setDeadlineEpochMs(Instant.now().plusSeconds(60).toEpochMilli())
                .setCommitRequest(CommitRequest.newBuilder().setDiff(diff).setOptions(options)).build();
        connector.source("commit-requests").send(request.toByteArray());
        Instant giveUp = Instant.now().plus(WAIT);
        while (replies.received().isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(20);
        }
        assertEquals(1, replies.received().size(), "exactly one reply expected");
        Message<byte[]> record = replies.received().get(0);
        return Envelope.parseFrom(record.getPayload());
    }

    private static List<ModelInferRequest> summaryCalls() {
        return FixedTextInferenceService.REQUESTS.stream().filter(FixedTextInferenceService::isSummaryPrompt).toList();
    }

    private static List<ModelInferRequest> messageCalls() {
        return FixedTextInferenceService.REQUESTS.stream().filter(r -> !FixedTextInferenceService.isSummaryPrompt(r)).toList();
    }

    private static String prompt(ModelInferRequest request) {
        return TextTensors.readInput(request, TextTensors.TEXT_INPUT).orElseThrow().get(0);
    }

    @Test
    void eachFileIsSummarisedThenTheMessageIsWrittenFromTheSummaries() throws Exception {
        CommitReply reply = ask(twoFileDiff(), CommitOptions.getDefaultInstance()).getCommitReply();
        assertEquals(2, summaryCalls().size(), "one summary call per file");
        assertTrue(summaryCalls().stream().anyMatch(r -> prompt(r).contains("File: src/Greeting.java (added, +2 -0)")));
        assertEquals(1, messageCalls().size());
        String message = prompt(messageCalls().get(0));
        assertTrue(message.contains("- src/App.java (modified, +1 -0): " + FixedTextInferenceService.SUMMARY), message);
        assertTrue(message.contains("- src/Greeting.java (added, +2 -0): " + FixedTextInferenceService.SUMMARY), message);
        assertEquals(1, reply.getSuggestionsCount());
        assertEquals(reply.getMessage(), reply.getSuggestions(0).getMessage());
    }

    @Test
    void fileSummariesAreInFlightTogether() throws Exception {
        String diff;
        try (GitWorkTree repo = GitWorkTree.init(repoDir)) {
            repo.write("README.md", "hi\n").commitAll("initial");
            for (String name : List.of("a", "b", "c", "d")) {
                repo.write("src/" + name + ".txt", name + "\n").stage("src/" + name + ".txt");
            }
            diff = repo.stagedDiff();
        }
        FixedTextInferenceService.SUMMARY_DELAY_MS.set(300);
        FixedTextInferenceService.MAX_IN_FLIGHT.set(0);
        try {
            ask(diff, CommitOptions.getDefaultInstance()).getCommitReply();
        } finally {
            FixedTextInferenceService.SUMMARY_DELAY_MS.set(0);
        }
        assertEquals(4, summaryCalls().size());
        assertEquals(4, FixedTextInferenceService.MAX_IN_FLIGHT.get(), "all four summary calls were sent before any answered");
    }

    @Test
    void severalSuggestionsAreSampledWithTheirOwnSeeds() throws Exception {
        CommitReply reply = ask(twoFileDiff(), CommitOptions.newBuilder().setSuggestions(3).build()).getCommitReply();
        assertEquals(3, reply.getSuggestionsCount());
        assertEquals(2, summaryCalls().size(), "summaries are made once, whatever the number of suggestions");
        List<ModelInferRequest> calls = messageCalls();
        assertEquals(3, calls.size());
        long sampled = calls.stream().filter(r -> r.getParametersMap().containsKey(InferenceParameters.SEED)).count();
        assertEquals(2, sampled, "the first suggestion is greedy, the others sample with a seed");
        for (CommitSuggestion suggestion : reply.getSuggestionsList()) {
            assertTrue(suggestion.getTitle().length() <= 50, suggestion.getTitle());
        }
    }

    @Test
    void theProjectsTitleStyleCarriesOver() throws Exception {
        List<String> history = List.of("app: keep the window size", "greeting: say hello in French", "build: bump jgit",
                "app: close on escape");
        CommitReply reply = ask(twoFileDiff(), CommitOptions.newBuilder().addAllStyleExamples(history).build()).getCommitReply();
        String message = prompt(messageCalls().get(0));
        for (String example : history) {
            assertTrue(message.contains("- " + example), "the prompt shows the project's titles:\n" + message);
        }
        // The test model answers "Add a greeting helper ..." (capitalised, no area): the title is put
        // into the history's `area: lowercase subject` form, and still fits the 50-character limit.
        assertEquals("app: add a greeting helper so that every screen", reply.getTitle());
    }

    @Test
    void conventionalTitlesGetTypeAndScopeFromThePaths() throws Exception {
        CommitReply reply = ask(twoFileDiff(), CommitOptions.newBuilder().setConventional(true).setMaxTitleLength(72).build())
                .getCommitReply();
        assertEquals("feat: add a greeting helper so that every screen greets the user by name", reply.getTitle());
    }

    @Test
    void aFileOverTheBudgetIsSummarisedInPartsNotSkipped() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            big.append("value ").append(i).append('\n');
        }
        CommitReply reply = ask(newFileDiff("data/table.txt", big.toString()), CommitOptions.getDefaultInstance()).getCommitReply();
        int parts = summaryCalls().size();
        assertTrue(parts > 10, "about 58000 characters in parts of 4000: " + parts);
        assertTrue(summaryCalls().stream().anyMatch(r -> prompt(r).contains("value 4999")), "the last line was summarised too");
        assertTrue(reply.getWarningsList().contains("data/table.txt was over the per-call budget of 4000 characters and was "
                + "summarised in " + parts + " parts"), reply.getWarningsList().toString());
    }

    @Test
    void aModelWithASmallContextStillGetsAPromptItCanHold() throws Exception {
        StringBuilder module = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            module.append("def helper_").append(i).append("(value):\n    return value * ").append(i).append("\n");
        }
        String diff = newFileDiff("helpers.py", module.toString());
        // About 5,500 characters of diff: within the message prompt's character budget, over a 2,000-token context at a token per byte.
        FixedTextInferenceService.CONTEXT_TOKENS.set(2000);
        FixedTextInferenceService.REFUSED.set(0);

        Envelope reply = ask(diff, CommitOptions.getDefaultInstance());

        assertTrue(reply.hasCommitReply(), "a message, not an error: " + reply);
        assertTrue(FixedTextInferenceService.REFUSED.get() >= 2, "the summary and the message prompt were both refused at first");
        assertEquals(1, messageCalls().size());
        List<String> warnings = reply.getCommitReply().getWarningsList();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("helpers.py") && w.contains("was summarised from its first")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("the model's context (2000 tokens) could not hold the prompt")), warnings.toString());
    }

    @Test
    void aDiffNeedingTooManyCallsIsRefusedWithTheLimit() throws Exception {
        Envelope reply = ask(newFileDiff("data/huge.txt", "a line of text that takes some room\n".repeat(10_000)), CommitOptions.getDefaultInstance());
        assertEquals(Failure.Code.INVALID_ARGUMENT, reply.getFailure().getCode(), reply.toString());
        assertTrue(reply.getFailure().getMessage().contains("the limit is 64"), reply.getFailure().getMessage());
        assertEquals(0, FixedTextInferenceService.REQUESTS.size(), "refused before any model call");
    }

    @Test
    void tooManySuggestionsAreRefusedWithTheLimit() throws Exception {
        Envelope reply = ask(twoFileDiff(), CommitOptions.newBuilder().setSuggestions(9).build());
        assertEquals(Failure.Code.INVALID_ARGUMENT, reply.getFailure().getCode());
        assertTrue(reply.getFailure().getMessage().contains("between 1 and 5, got 9"), reply.getFailure().getMessage());
    }
}
