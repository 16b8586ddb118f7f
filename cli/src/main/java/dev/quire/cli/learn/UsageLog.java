package dev.quire.cli.learn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Suggested and committed messages of one repository, kept in {@code $GIT_DIR/quire/} (never committed):
 * {@code pending.json} holds the suggestion between prepare-commit-msg and post-commit,
 * {@code usage.jsonl} one {@link UsageRecord} per commit.
 */
public final class UsageLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path pending;
    private final Path log;

    public UsageLog(Path gitDir) {
        Path dir = gitDir.resolve("quire");
        this.pending = dir.resolve("pending.json");
        this.log = dir.resolve("usage.jsonl");
    }

    public void savePending(String diff, String suggested) throws IOException {
        Files.createDirectories(pending.getParent());
        ObjectNode node = JSON.createObjectNode().put("diff", diff).put("suggested", suggested);
        Files.writeString(pending, node.toString(), StandardCharsets.UTF_8);
    }

    /** A suggestion left from an aborted commit must not be paired with the next one. */
    public void clearPending() throws IOException {
        Files.deleteIfExists(pending);
    }

    /** Pairs the pending suggestion with the commit just made; nothing when no suggestion was pending. */
    public Optional<UsageRecord> recordCommit(String commit, String committed, long time) throws IOException {
        if (!Files.exists(pending)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(Files.readString(pending, StandardCharsets.UTF_8));
        UsageRecord record = new UsageRecord(time, commit, node.path("diff").asText(), node.path("suggested").asText(), committed);
        Files.writeString(log, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.delete(pending);
        return Optional.of(record);
    }

    public List<UsageRecord> records() throws IOException {
        List<UsageRecord> records = new ArrayList<>();
        if (!Files.exists(log)) {
            return records;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                records.add(JSON.readValue(line, UsageRecord.class));
            }
        }
        return records;
    }

    /** Writes {"diff", "suggested", "message"} per line: the pairs a fine-tuning job reads. */
    public int export(Writer out) throws IOException {
        List<UsageRecord> records = records();
        BufferedWriter writer = new BufferedWriter(out);
        for (UsageRecord record : records) {
            ObjectNode node = JSON.createObjectNode()
                    .put("diff", record.diff())
                    .put("suggested", record.suggested())
                    .put("message", record.committed());
            writer.write(node.toString());
            writer.write('\n');
        }
        writer.flush();
        return records.size();
    }
}
