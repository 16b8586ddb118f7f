package dev.quire.sqlchat.prompt;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.quire.common.prompt.PromptTemplates;
import dev.quire.sqlchat.schema.DatabaseSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Renders {@code prompts/sql-generate.txt}: dialect, schema DDL, question, and the previous attempt's error if any. */
@ApplicationScoped
public class SqlPrompt {

    public static final String TEMPLATE = "sql-generate";

    private final PromptTemplates templates;

    @Inject
    public SqlPrompt(PromptTemplates templates) {
        this.templates = templates;
    }

    /**
     * @param previous the SQL of the failed attempt before this one and why it failed; empty on the first attempt
     */
    public String render(DatabaseSchema schema, String question, Optional<FailedAttempt> previous) {
        Map<String, Object> data = new HashMap<>();
        data.put("dialect", schema.productName());
        data.put("dialectVersion", schema.productVersion());
        data.put("schemaDdl", SchemaDdl.of(schema));
        data.put("question", question.strip());
        data.put("hasPrevious", previous.isPresent());
        data.put("previousSql", previous.map(FailedAttempt::sql).orElse(""));
        data.put("previousError", previous.map(FailedAttempt::error).orElse(""));
        return templates.render(TEMPLATE, data);
    }

    /** An attempt the model must correct: what it wrote and what was wrong with it. */
    public record FailedAttempt(String sql, String error) {
    }
}
