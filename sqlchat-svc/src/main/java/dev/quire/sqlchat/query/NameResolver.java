package dev.quire.sqlchat.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.quire.sqlchat.schema.ColumnSchema;
import dev.quire.sqlchat.schema.DatabaseSchema;
import dev.quire.sqlchat.schema.Identifiers;
import dev.quire.sqlchat.schema.TableSchema;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Resolves every table and column of a query against the schema the way the database will:
 * through table aliases, CTEs (WITH), derived tables and correlated subqueries, scope by scope.
 * A qualified column must exist in the table its qualifier names; an unqualified one in exactly
 * one table of the nearest scope that has it. Also refuses, per SELECT, the forms that write or
 * lock (SELECT INTO, FOR UPDATE, data-modifying WITH).
 */
final class NameResolver {

    /** Words some dialects parse as column names although they are values or built-ins. */
    private static final Set<String> PSEUDO_COLUMNS = Set.of("true", "false", "null", "current_date", "current_time",
            "current_timestamp", "localtime", "localtimestamp", "current_user", "session_user", "user", "current_schema",
            "current_catalog", "sysdate", "systimestamp", "rownum", "unknown");

    /** Table functions that only produce values and are safe in FROM. */
    private static final Set<String> VALUE_TABLE_FUNCTIONS = Set.of("unnest", "generate_series", "range", "json_each",
            "jsonb_each", "json_array_elements", "jsonb_array_elements", "json_table", "system_range");

    private final DatabaseSchema schema;
    private final String sql;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<Column> resolved = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A table-like source: its name for messages and its columns, empty when they cannot be known (e.g. a table function). */
    private record Relation(String label, Optional<List<String>> columns) {

        boolean has(String column) {
            return columns.map(cs -> cs.stream().anyMatch(c -> c.equalsIgnoreCase(column))).orElse(true);
        }

        boolean knowsColumns() {
            return columns.isPresent();
        }
    }

    /** CTE names visible at a point of the query; inner WITH clauses shadow outer ones. */
    private static final class Ctes {
        final Ctes parent;
        final Map<String, Relation> byName = new HashMap<>();

        Ctes(Ctes parent) {
            this.parent = parent;
        }

        Optional<Relation> lookup(String name) {
            for (Ctes c = this; c != null; c = c.parent) {
                Relation r = c.byName.get(name.toLowerCase(Locale.ROOT));
                if (r != null) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** The FROM sources of one SELECT, by the qualifier that reaches them (alias, else table name). */
    private static final class Scope {
        final Scope parent;
        final Map<String, Relation> byQualifier = new LinkedHashMap<>();
        final Set<String> outputAliases = new HashSet<>();
        /** USING and NATURAL joins merge same-named columns, so an unqualified one is not ambiguous there. */
        boolean mergesColumns;

        Scope(Scope parent) {
            this.parent = parent;
        }
    }

    NameResolver(DatabaseSchema schema, String sql) {
        this.schema = schema;
        this.sql = sql;
    }

    /** Problems of the whole statement; {@code columnsSeen} are all column references found by a full walk. */
    List<Problem> resolve(Select select, List<Column> columnsSeen) {
        outputOf(select, null, new Ctes(null));
        for (Column column : columnsSeen) {
            if (!resolved.contains(column) && !anywhere(column)) {
                // Reached by the full walk but by no scope: judged loosely rather than let through unchecked.
                schemaProblem("unknown column '" + column + "'", Identifiers.unquote(column.getColumnName()));
            }
        }
        return problems;
    }

    private Optional<List<String>> outputOf(Select select, Scope outer, Ctes ctes) {
        Ctes visible = ctes;
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            visible = new Ctes(ctes);
            for (WithItem<?> item : select.getWithItemsList()) {
                defineCte(item, outer, visible);
            }
        }
        if (select.getForMode() != null) {
            safetyProblem("SELECT ... FOR " + select.getForMode() + " locks rows and is not allowed", "FOR");
        }
        Optional<List<String>> output;
        if (select instanceof PlainSelect plain) {
            output = plain(plain, outer, visible);
        } else if (select instanceof SetOperationList set) {
            output = Optional.empty();
            for (int i = 0; i < set.getSelects().size(); i++) {
                Optional<List<String>> branch = outputOf(set.getSelects().get(i), outer, visible);
                if (i == 0) {
                    output = branch;
                }
            }
            checkOrderByOverOutput(select, output, outer, visible);
        } else if (select instanceof ParenthesedSelect parenthesed) {
            output = outputOf(parenthesed.getSelect(), outer, visible);
            checkOrderByOverOutput(select, output, outer, visible);
        } else if (select instanceof Values values) {
            checkExpression(values, outer == null ? new Scope(null) : outer, visible, false);
            output = Optional.empty();
        } else {
            schemaProblem("the query form " + select.getClass().getSimpleName() + " cannot be checked, so it is not allowed", null);
            output = Optional.empty();
        }
        return output;
    }

    private void defineCte(WithItem<?> item, Scope outer, Ctes ctes) {
        String name = Identifiers.unquote(item.getAliasName()).toLowerCase(Locale.ROOT);
        if (!(item.getParenthesedStatement() instanceof ParenthesedSelect body)) {
            safetyProblem("WITH item '" + item.getAliasName() + "' modifies data and is not allowed", item.getAliasName());
            ctes.byName.put(name, new Relation(name, Optional.empty()));
            return;
        }
        Optional<List<String>> declared = Optional.ofNullable(item.getWithItemList())
                .map(items -> items.stream().map(i -> Identifiers.unquote(i.toString())).toList());
        // Recursive CTEs refer to themselves: make the name visible before reading the body.
        ctes.byName.put(name, new Relation(name, declared));
        Optional<List<String>> produced = outputOf(body, outer, ctes);
        ctes.byName.put(name, new Relation(name, declared.isPresent() ? declared : produced));
    }

    private Optional<List<String>> plain(PlainSelect select, Scope outer, Ctes ctes) {
        if (select.getIntoTables() != null && !select.getIntoTables().isEmpty() || select.getIntoTempTable() != null) {
            safetyProblem("SELECT ... INTO creates or writes a table and is not allowed", "INTO");
        }
        Scope scope = new Scope(outer);
        List<Expression> joinConditions = new ArrayList<>();
        if (select.getFromItem() != null) {
            addSource(select.getFromItem(), scope, outer, ctes, joinConditions);
        }
        addJoins(select.getJoins(), scope, outer, ctes, joinConditions);
        for (Expression condition : joinConditions) {
            checkExpression(condition, scope, ctes, false);
        }
        List<String> output = new ArrayList<>();
        boolean outputKnown = true;
        for (SelectItem<?> item : select.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof AllColumns && !(expression instanceof AllTableColumns)) {
                for (Relation relation : scope.byQualifier.values()) {
                    outputKnown &= relation.knowsColumns();
                    relation.columns().ifPresent(output::addAll);
                }
                continue;
            }
            if (expression instanceof AllTableColumns all) {
                Optional<Relation> relation = qualified(scope, Identifiers.unquote(all.getTable().getName()));
                if (relation.isEmpty()) {
                    schemaProblem("unknown table or alias '" + all.getTable() + "' in '" + all + "'", all.getTable().getName());
                } else {
                    outputKnown &= relation.get().knowsColumns();
                    relation.get().columns().ifPresent(output::addAll);
                }
                continue;
            }
            checkExpression(expression, scope, ctes, false);
            if (item.getAlias() != null) {
                String alias = Identifiers.unquote(item.getAlias().getName());
                scope.outputAliases.add(alias.toLowerCase(Locale.ROOT));
                output.add(alias);
            } else if (expression instanceof Column column) {
                output.add(Identifiers.unquote(column.getColumnName()));
            } else {
                output.add(expression.toString());
            }
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> item : select.getDistinct().getOnSelectItems()) {
                checkExpression(item.getExpression(), scope, ctes, true);
            }
        }
        checkExpression(select.getWhere(), scope, ctes, false);
        if (select.getGroupBy() != null) {
            if (select.getGroupBy().getGroupByExpressionList() != null) {
                checkExpression(select.getGroupBy().getGroupByExpressionList(), scope, ctes, true);
            }
            if (select.getGroupBy().getGroupingSets() != null) {
                for (Expression set : select.getGroupBy().getGroupingSets()) {
                    checkExpression(set, scope, ctes, true);
                }
            }
        }
        checkExpression(select.getHaving(), scope, ctes, true);
        checkExpression(select.getQualify(), scope, ctes, true);
        if (select.getOrderByElements() != null) {
            for (OrderByElement order : select.getOrderByElements()) {
                checkExpression(order.getExpression(), scope, ctes, true);
            }
        }
        return outputKnown ? Optional.of(output) : Optional.empty();
    }

    private void addJoins(List<Join> joins, Scope scope, Scope outer, Ctes ctes, List<Expression> conditions) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            addSource(join.getFromItem(), scope, outer, ctes, conditions);
            if (join.getOnExpressions() != null) {
                conditions.addAll(join.getOnExpressions());
            }
            if (join.isNatural() || join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
                scope.mergesColumns = true;
            }
            if (join.getUsingColumns() != null) {
                for (Column column : join.getUsingColumns()) {
                    resolved.add(column);
                    String name = Identifiers.unquote(column.getColumnName());
                    long having = scope.byQualifier.values().stream().filter(r -> r.has(name)).count();
                    if (having < 2) {
                        schemaProblem("USING column '" + name + "' must exist in both joined tables", name);
                    }
                }
            }
        }
    }

    private void addSource(FromItem item, Scope scope, Scope outer, Ctes ctes, List<Expression> conditions) {
        if (item instanceof Table table) {
            String name = Identifiers.unquote(table.getName());
            Relation relation;
            Optional<Relation> cte = table.getSchemaName() == null ? ctes.lookup(name) : Optional.empty();
            if (cte.isPresent()) {
                relation = cte.get();
            } else {
                Optional<TableSchema> found = resolveTable(table);
                if (found.isEmpty()) {
                    schemaProblem("unknown table '" + table.getFullyQualifiedName() + "'; known tables: " + knownTables(), name);
                    relation = new Relation(name, Optional.empty()); // no follow-up column errors for a missing table
                } else {
                    relation = new Relation(found.get().name(), Optional.of(found.get().columns().stream().map(ColumnSchema::name).toList()));
                }
            }
            scope.byQualifier.put(qualifierOf(table.getAlias(), name), relation);
        } else if (item instanceof ParenthesedSelect derived) {
            // LATERAL subqueries see the sources to their left; other derived tables see only the enclosing query.
            Scope visible = item instanceof LateralSubSelect ? scope : outer;
            Optional<List<String>> columns = outputOf(derived.getSelect(), visible, ctes);
            columns = withAliasColumns(derived.getAlias(), columns);
            String label = derived.getAlias() == null ? "(subquery)" : Identifiers.unquote(derived.getAlias().getName());
            scope.byQualifier.put(qualifierOf(derived.getAlias(), "(subquery " + scope.byQualifier.size() + ")"),
                    new Relation(label, columns));
        } else if (item instanceof ParenthesedFromItem nested) {
            addSource(nested.getFromItem(), scope, outer, ctes, conditions);
            addJoins(nested.getJoins(), scope, outer, ctes, conditions);
        } else if (item instanceof TableFunction function) {
            String name = function.getFunction().getName();
            String last = Identifiers.unquote(name.substring(name.lastIndexOf('.') + 1)).toLowerCase(Locale.ROOT);
            if (!VALUE_TABLE_FUNCTIONS.contains(last)) {
                safetyProblem("table function '" + name + "' in FROM is not allowed; only value generators ("
                        + String.join(", ", VALUE_TABLE_FUNCTIONS.stream().sorted().toList()) + ") are", name);
            }
            checkExpression(function.getFunction(), scope, ctes, false);
            String label = function.getAlias() == null ? last : Identifiers.unquote(function.getAlias().getName());
            scope.byQualifier.put(label.toLowerCase(Locale.ROOT), new Relation(label, withAliasColumns(function.getAlias(), Optional.empty())));
        } else if (item instanceof Values values) {
            checkExpression(values, scope, ctes, false);
            String label = values.getAlias() == null ? "(values)" : Identifiers.unquote(values.getAlias().getName());
            scope.byQualifier.put(label.toLowerCase(Locale.ROOT), new Relation(label, withAliasColumns(values.getAlias(), Optional.empty())));
        } else {
            schemaProblem("the FROM item '" + item + "' cannot be checked, so it is not allowed", null);
        }
    }

    private static Optional<List<String>> withAliasColumns(Alias alias, Optional<List<String>> columns) {
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            return Optional.of(alias.getAliasColumns().stream().map(c -> Identifiers.unquote(c.name)).toList());
        }
        return columns;
    }

    private static String qualifierOf(Alias alias, String name) {
        return (alias == null ? name : Identifiers.unquote(alias.getName())).toLowerCase(Locale.ROOT);
    }

    /** {@code name}, {@code schema.name} or {@code catalog.schema.name}; the qualifier must be the schema read. */
    private Optional<TableSchema> resolveTable(Table table) {
        String name = Identifiers.unquote(table.getName());
        if (table.getSchemaName() != null) {
            String qualifier = Identifiers.unquote(table.getSchemaName());
            if (schema.schemaName().isEmpty() || !schema.schemaName().get().equalsIgnoreCase(qualifier)) {
                return Optional.empty();
            }
        }
        return schema.table(name);
    }

    private void checkOrderByOverOutput(Select select, Optional<List<String>> output, Scope outer, Ctes ctes) {
        if (select.getOrderByElements() == null) {
            return;
        }
        Scope scope = new Scope(outer);
        scope.byQualifier.put("", new Relation("the query's result", output));
        for (OrderByElement order : select.getOrderByElements()) {
            checkExpression(order.getExpression(), scope, ctes, true);
        }
    }

    private void checkExpression(Expression expression, Scope scope, Ctes ctes, boolean outputAliasesVisible) {
        if (expression == null) {
            return;
        }
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                resolveColumn(column, scope, outputAliasesVisible);
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect subquery, S context) {
                outputOf(subquery, scope, ctes); // correlated: the subquery sees this scope
                return null;
            }

            @Override
            public <S> Void visit(Select subquery, S context) {
                outputOf(subquery, scope, ctes);
                return null;
            }
        }, null);
    }

    private void resolveColumn(Column column, Scope scope, boolean outputAliasesVisible) {
        resolved.add(column);
        String name = Identifiers.unquote(column.getColumnName());
        Table qualifierTable = column.getTable();
        if (qualifierTable != null && qualifierTable.getName() != null) {
            String qualifier = Identifiers.unquote(qualifierTable.getName());
            Optional<Relation> relation = qualified(scope, qualifier);
            if (relation.isEmpty()) {
                schemaProblem("unknown table or alias '" + qualifier + "' in '" + column + "'", qualifier);
            } else if (!relation.get().has(name)) {
                schemaProblem("unknown column '" + column + "': " + relation.get().label() + " has "
                        + String.join(", ", relation.get().columns().orElseThrow()), column.toString());
            }
            return;
        }
        if (outputAliasesVisible && scope.outputAliases.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        for (Scope s = scope; s != null; s = s.parent) {
            List<Relation> known = s.byQualifier.values().stream().filter(Relation::knowsColumns).filter(r -> r.has(name)).toList();
            boolean someUnknown = s.byQualifier.values().stream().anyMatch(r -> !r.knowsColumns());
            if (known.size() > 1 && !s.mergesColumns && !someUnknown) {
                schemaProblem("ambiguous column '" + name + "': it is in " + String.join(" and ", known.stream().map(Relation::label).toList())
                        + "; qualify it with a table alias", name);
                return;
            }
            if (!known.isEmpty() || someUnknown) {
                return;
            }
        }
        if (PSEUDO_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        List<String> labels = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.parent) {
            s.byQualifier.values().forEach(r -> labels.add(r.label()));
        }
        schemaProblem("unknown column '" + name + "' (not in " + (labels.isEmpty() ? "any table: the query reads none"
                : String.join(", ", labels)) + ")", name);
    }

    private static Optional<Relation> qualified(Scope scope, String qualifier) {
        for (Scope s = scope; s != null; s = s.parent) {
            Relation relation = s.byQualifier.get(qualifier.toLowerCase(Locale.ROOT));
            if (relation != null) {
                return Optional.of(relation);
            }
        }
        return Optional.empty();
    }

    /** Loose test for a column no scope reached: a column of some table, or a pseudo column. */
    private boolean anywhere(Column column) {
        String name = Identifiers.unquote(column.getColumnName());
        return PSEUDO_COLUMNS.contains(name.toLowerCase(Locale.ROOT))
                || schema.tables().stream().anyMatch(t -> t.column(name).isPresent());
    }

    private String knownTables() {
        return String.join(", ", schema.tables().stream().map(TableSchema::name).toList());
    }

    private void schemaProblem(String message, String near) {
        problems.add(Problem.schema(message, positionOf(near)));
    }

    private void safetyProblem(String message, String near) {
        problems.add(Problem.safety(message, positionOf(near)));
    }

    /** Where a word first appears in the SQL as a whole word; a hint for the user, not an exact parse position. */
    private OptionalInt positionOf(String word) {
        if (word == null || word.isBlank()) {
            return OptionalInt.empty();
        }
        Matcher m = Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])").matcher(sql);
        return m.find() ? OptionalInt.of(m.start() + 1) : OptionalInt.empty();
    }
}
