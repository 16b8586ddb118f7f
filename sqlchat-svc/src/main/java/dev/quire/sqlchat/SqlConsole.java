package dev.quire.sqlchat;

import java.sql.SQLException;
import java.time.Instant;

import dev.quire.common.QuireException;
import dev.quire.proto.events.Row;
import dev.quire.proto.events.SqlExecution;
import dev.quire.proto.events.SqlProblem;
import dev.quire.proto.events.SqlValidation;
import dev.quire.sqlchat.query.QueryResult;
import dev.quire.sqlchat.query.QueryRunner;
import dev.quire.sqlchat.query.SqlValidator;
import dev.quire.sqlchat.query.ValidationResult;
import dev.quire.sqlchat.schema.SchemaCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * SQL typed by a person: judged by the same validator and run by the same runner as the
 * assistant's SQL. Execution always validates first; refused SQL never reaches the database.
 */
@ApplicationScoped
public class SqlConsole {

    private final SchemaCatalog schemas;
    private final QueryRunner runner;
    private final SqlValidator validator = new SqlValidator();

    @Inject
    public SqlConsole(SchemaCatalog schemas, QueryRunner runner) {
        this.schemas = schemas;
        this.runner = runner;
    }

    public SqlValidation validate(String database, String sql) {
        return toProto(judge(database, sql));
    }

    public SqlExecution execute(String database, String sql, Instant deadline) {
        ValidationResult verdict = judge(database, sql);
        SqlExecution.Builder execution = SqlExecution.newBuilder().setValidation(toProto(verdict));
        if (!verdict.valid()) {
            return execution.build();
        }
        try {
            QueryResult result = runner.run(database, verdict.query().orElseThrow(), deadline);
            execution.addAllColumns(result.columns()).setTruncated(result.truncated()).setElapsedMs(result.elapsedMillis());
            for (var row : result.rows()) {
                execution.addRows(Row.newBuilder().addAllValues(row));
            }
            return execution.build();
        } catch (SQLException e) {
            throw new QuireException.InvalidRequest("the database rejected the query: " + e.getMessage());
        }
    }

    private ValidationResult judge(String database, String sql) {
        if (database == null || database.isBlank()) {
            throw new QuireException.InvalidRequest("database is required");
        }
        return validator.validate(sql, schemas.schema(database));
    }

    private static SqlValidation toProto(ValidationResult verdict) {
        SqlValidation.Builder out = SqlValidation.newBuilder().setValid(verdict.valid()).setReadOnly(verdict.readOnly());
        verdict.problems().forEach(p -> out.addErrors(SqlProblem.newBuilder().setMessage(p.message()).setPosition(p.position().orElse(0))));
        return out.build();
    }
}
