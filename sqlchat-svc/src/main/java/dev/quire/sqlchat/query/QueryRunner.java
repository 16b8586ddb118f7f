package dev.quire.sqlchat.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.db.DatabaseRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Runs a validated query on a named database: a query connection, the row cap, and a statement
 * timeout that is the request's remaining time (less a margin for the reply) but never more than
 * {@code quire.sql.statement-timeout}.
 */
@ApplicationScoped
public class QueryRunner {

    /** Time kept for the reply to travel back through Kafka and the gateway. */
    static final Duration REPLY_MARGIN = Duration.ofSeconds(1);

    private final DatabaseRegistry databases;
    private final SqlChatConfig config;
    private final Clock clock;
    private final QueryExecutor executor = new QueryExecutor();

    @Inject
    public QueryRunner(DatabaseRegistry databases, SqlChatConfig config, Clock clock) {
        this.databases = databases;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @throws SQLException when the database rejects the query (its message may be fed back to the model)
     * @throws dev.quire.common.QuireException.DeadlineExceeded when the time ran out
     */
    public QueryResult run(String database, ReadOnlyQuery query, Instant deadline) throws SQLException {
        // The answer must reach the caller before it stops waiting, so the query gets a little less than the time
        // left; a request with little time left keeps it all (the statement timeout has whole seconds anyway).
        Duration timeLeft = Duration.between(clock.instant(), deadline);
        if (timeLeft.compareTo(REPLY_MARGIN.multipliedBy(2)) > 0) {
            timeLeft = timeLeft.minus(REPLY_MARGIN);
        }
        String whatLimits = QueryExecutor.REQUEST_DEADLINE;
        if (timeLeft.compareTo(config.statementTimeout()) > 0) {
            timeLeft = config.statementTimeout();
            whatLimits = "quire.sql.statement-timeout, the longest any query may run";
        }
        try (Connection connection = databases.openForQuery(database)) {
            return executor.execute(connection, query, config.maxRows(), timeLeft, whatLimits);
        }
    }
}
