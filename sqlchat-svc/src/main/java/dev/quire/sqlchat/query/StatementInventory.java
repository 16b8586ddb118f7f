package dev.quire.sqlchat.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.VariableAssignment;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Everything a statement calls or refers to, found by walking all of it (JSqlParser's
 * TablesNamesFinder visits every clause): function names, column references, and constructs
 * that have side effects or cannot be bound (sequences, session variables, parameters).
 */
final class StatementInventory extends TablesNamesFinder<Void> {

    /** Each name once, however often it is called: a problem with it is named once. */
    final Set<String> functions = new LinkedHashSet<>();
    final List<Column> columns = new ArrayList<>();
    /** Descriptions of constructs that are never allowed, e.g. "NEXT VALUE FOR seq". */
    final List<String> sideEffects = new ArrayList<>();

    static StatementInventory of(Statement statement) {
        StatementInventory inventory = new StatementInventory();
        inventory.getTables(statement);
        return inventory;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        if (function.getName() != null) {
            functions.add(function.getName());
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
        columns.add(column);
        return super.visit(column, context);
    }

    @Override
    public <S> Void visit(NextValExpression expression, S context) {
        sideEffects.add("'" + expression + "' advances a sequence (a write)");
        return super.visit(expression, context);
    }

    @Override
    public <S> Void visit(UserVariable variable, S context) {
        sideEffects.add("session variable '" + variable + "' is not allowed");
        return super.visit(variable, context);
    }

    @Override
    public <S> Void visit(VariableAssignment assignment, S context) {
        sideEffects.add("variable assignment '" + assignment + "' is not allowed");
        return super.visit(assignment, context);
    }

    @Override
    public <S> Void visit(JdbcParameter parameter, S context) {
        sideEffects.add("parameter placeholder '?' cannot be bound here: write the value into the query");
        return super.visit(parameter, context);
    }

    @Override
    public <S> Void visit(JdbcNamedParameter parameter, S context) {
        sideEffects.add("named parameter '" + parameter + "' cannot be bound here: write the value into the query");
        return super.visit(parameter, context);
    }
}
