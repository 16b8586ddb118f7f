package dev.quire.sqlchat.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the SQL assistant, under {@code quire.sql}. */
@ConfigMapping(prefix = "quire.sql")
public interface SqlChatConfig {

    /** The databases users may ask about, by the name a request uses ({@code quire.sql.databases."NAME".url}). */
    Map<String, DatabaseConfig> databases();

    /** How many generate-validate rounds a question gets; each failed round's error is fed back to the model. */
    @WithDefault("3")
    int maxAttempts();

    /** At most this many rows come back from an executed query; more sets the reply's {@code truncated} flag. */
    @WithDefault("200")
    int maxRows();

    /** Longest accepted question, in characters. */
    @WithDefault("4000")
    int maxQuestionChars();

    /** Upper bound of tokens the model may produce for one SQL answer. */
    @WithDefault("256")
    int maxTokens();

    /**
     * Constrain generation with the schema grammar ({@code SchemaGrammar}): the model can then only
     * write single-table queries on real tables and columns. Turn off to let a capable model join.
     */
    @WithDefault("true")
    boolean useGrammar();

    /**
     * Estimated tokens the whole prompt may take (schema, examples, history, question). When the
     * schema's DDL does not fit, only the tables relevant to the question and their foreign-key
     * neighbours are shown. Keep it below the model's context minus {@code max-tokens}.
     */
    @WithDefault("3000")
    int promptTokenBudget();

    /** Earlier question/SQL turns of the same conversation shown for follow-up questions (oldest dropped first). */
    @WithDefault("4")
    int historyTurns();

    /** Conversations remembered at once; the least recently used one is forgotten first. */
    @WithDefault("1000")
    int maxConversations();

    /** Stored question-to-SQL pairs shown as worked examples, the most similar to the question first. */
    @WithDefault("3")
    int fewShotExamples();

    /** Where stored examples are kept across restarts; in memory only when absent. */
    Optional<java.nio.file.Path> examplesDir();

    /** Upper bound of one query's run time, whatever time the request still has. */
    @WithDefault("30s")
    Duration statementTimeout();

    /** Sample values of low-cardinality text columns in the catalog and the prompt. */
    Samples samples();

    /** How tables are chosen when the whole schema does not fit the prompt budget. */
    TableSelection tableSelection();

    interface TableSelection {

        /**
         * {@code embedding}: by similarity of the question and table descriptions under
         * inference-svc's embedder, falling back to word matching (with a warning) when it is
         * unavailable; {@code lexical}: word matching only.
         */
        @WithDefault("embedding")
        Strategy strategy();

        /** Longest wait for the embedder per question (table descriptions are cached per schema). */
        @WithDefault("10s")
        Duration embeddingTimeout();

        /** How many of the most similar tables also bring their foreign-key neighbours. */
        @WithDefault("3")
        int neighboursOfTop();

        enum Strategy { EMBEDDING, LEXICAL }
    }

    interface Samples {

        /** A text column with at most this many distinct values gets them listed. */
        @WithDefault("12")
        int maxDistinct();

        /** Rows read per column to find its distinct values. */
        @WithDefault("10000")
        int scanRows();

        /** Values longer than this make a column unsuitable for listing. */
        @WithDefault("60")
        int maxValueChars();
    }

    /** Time a request gets when its envelope carries no deadline. */
    @WithDefault("60s")
    Duration defaultTimeout();

    interface DatabaseConfig {

        /** JDBC URL; the matching driver must be on the class path. */
        String url();

        /** Login user, if the database needs one. Never logged. */
        Optional<String> user();

        /**
         * Login password, if the database needs one. Never logged. Prefer the environment
         * ({@code QUIRE_SQL_DATABASES__NAME__PASSWORD}) or {@code password-file} to a value in a file under version control.
         */
        Optional<String> password();

        /** File holding the password (a mounted Kubernetes secret); trailing newlines are ignored. Wins over {@code password}. */
        Optional<java.nio.file.Path> passwordFile();

        /** Schema whose tables are offered to the model; the connection's current schema when absent. */
        Optional<String> schema();

        /**
         * Class-path SQL script run once, on the first connection, to fill an embedded database
         * (the bundled {@code sample} uses it); absent for real databases.
         */
        Optional<String> initScript();
    }
}
