package dev.quire.gateway.api;

import java.util.List;

import dev.quire.common.QuireException;
import dev.quire.gateway.api.ApiTypes.SqlError;

/** SQL that the validator refused, with every reason; answered as 400 with the reasons listed. */
public class SqlRefusedException extends QuireException.InvalidRequest {

    private final boolean readOnly;
    private final List<SqlError> errors;

    public SqlRefusedException(boolean readOnly, List<SqlError> errors) {
        super("the SQL was refused: " + String.join("; ", errors.stream().map(SqlError::message).toList()));
        this.readOnly = readOnly;
        this.errors = List.copyOf(errors);
    }

    public boolean readOnly() {
        return readOnly;
    }

    public List<SqlError> errors() {
        return errors;
    }
}
