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

    /** Time a request gets when its envelope carries no deadline. */
    @WithDefault("60s")
    Duration defaultTimeout();

    interface DatabaseConfig {

        /** JDBC URL; the matching driver must be on the class path. */
        String url();

        /** Login user, if the database needs one. Never logged. */
        Optional<String> user();

        /** Login password, if the database needs one. Never logged. */
        Optional<String> password();

        /** Schema whose tables are offered to the model; the connection's current schema when absent. */
        Optional<String> schema();

        /**
         * Class-path SQL script run once, on the first connection, to fill an embedded database
         * (the bundled {@code sample} uses it); absent for real databases.
         */
        Optional<String> initScript();
    }
}
