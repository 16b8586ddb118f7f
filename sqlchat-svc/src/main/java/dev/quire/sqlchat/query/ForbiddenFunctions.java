package dev.quire.sqlchat.query;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.quire.sqlchat.schema.Identifiers;

/**
 * Functions a generated or typed query may not call, with the reason: they wait, read or write
 * server files, reach other servers, change settings or sequences, or run SQL given as text.
 * A deny list (rather than an allow list) because ordinary queries use hundreds of harmless
 * dialect functions; whole families are covered by prefix.
 */
final class ForbiddenFunctions {

    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("sleep", "waits on purpose (denial of service)"),
            Map.entry("benchmark", "burns CPU on purpose (denial of service)"),
            Map.entry("load_file", "reads files on the database server"),
            Map.entry("get_lock", "takes a lock"),
            Map.entry("release_lock", "releases a lock"),
            Map.entry("master_pos_wait", "waits on replication"),
            Map.entry("source_pos_wait", "waits on replication"),
            Map.entry("sys_exec", "runs operating-system commands"),
            Map.entry("sys_eval", "runs operating-system commands"),
            Map.entry("set_config", "changes server settings"),
            Map.entry("current_setting", "reads server settings"),
            Map.entry("nextval", "advances a sequence (a write)"),
            Map.entry("setval", "changes a sequence (a write)"),
            Map.entry("query_to_xml", "runs SQL given as text"),
            Map.entry("query_to_xml_and_xmlschema", "runs SQL given as text"),
            Map.entry("table_to_xml", "reads tables outside the validated query"),
            Map.entry("cursor_to_xml", "reads a cursor outside the validated query"),
            Map.entry("xmlparse", "parses documents that may reference external entities"),
            Map.entry("file_read", "reads files on the database server"),
            Map.entry("file_write", "writes files on the database server"),
            Map.entry("csvread", "reads files on the database server"),
            Map.entry("csvwrite", "writes files on the database server"),
            Map.entry("link_schema", "connects to another database"),
            Map.entry("cancel_session", "ends other sessions"),
            Map.entry("abort_session", "ends other sessions"),
            Map.entry("signal", "raises errors on purpose"),
            Map.entry("load_extension", "loads native code into the database"),
            Map.entry("readfile", "reads files on the database server"),
            Map.entry("writefile", "writes files on the database server"),
            Map.entry("edit", "starts an editor on the server"),
            Map.entry("fts3_tokenizer", "can load native code"),
            Map.entry("read_csv", "reads files on the database server"),
            Map.entry("read_csv_auto", "reads files on the database server"),
            Map.entry("read_parquet", "reads files on the database server"),
            Map.entry("read_json", "reads files on the database server"),
            Map.entry("read_json_auto", "reads files on the database server"),
            Map.entry("read_text", "reads files on the database server"),
            Map.entry("read_blob", "reads files on the database server"),
            Map.entry("glob", "lists files on the database server"),
            Map.entry("query", "runs SQL given as text"),
            Map.entry("query_table", "reads tables named at run time"),
            Map.entry("openrowset", "reads external data sources"),
            Map.entry("opendatasource", "reads external data sources"),
            Map.entry("openquery", "runs SQL on linked servers"),
            Map.entry("xp_cmdshell", "runs operating-system commands"),
            Map.entry("getenv", "reads the server's environment variables"),
            Map.entry("parquet_scan", "reads files on the database server"),
            Map.entry("sniff_csv", "reads files on the database server"),
            Map.entry("set", "assigns session variables"));

    /** Families of administrative, file, large-object, remote and system functions. */
    private static final Map<String, String> BY_PREFIX = Map.of(
            "pg_", "is a PostgreSQL administration or system function (pg_sleep, pg_read_file, pg_terminate_backend, ...)",
            "lo_", "reads or writes server-side large objects and files",
            "dblink", "connects to another database",
            "dbms_", "is an Oracle system package",
            "utl_", "is an Oracle system package reaching files or the network",
            "xp_", "is a SQL Server extended procedure",
            "sp_", "is a SQL Server system procedure",
            "read_", "reads files on the database server (DuckDB's read_csv, read_parquet, read_json, ...)");

    /** Harmless members of a forbidden family that queries legitimately use. */
    private static final Set<String> ALLOWED = Set.of("pg_typeof");

    private ForbiddenFunctions() {
    }

    /** Why the function may not be called; empty when it may. Schema-qualified names are judged by their last part. */
    static Optional<String> reason(String functionName) {
        String[] parts = functionName.split("\\.");
        String name = Identifiers.unquote(parts[parts.length - 1]).toLowerCase(Locale.ROOT);
        if (ALLOWED.contains(name)) {
            return Optional.empty();
        }
        String reason = BY_NAME.get(name);
        if (reason != null) {
            return Optional.of(reason);
        }
        return BY_PREFIX.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }
}
