package dev.quire.sqlchat.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.quire.common.QuireException;
import dev.quire.sqlchat.config.SqlChatConfig;
import dev.quire.sqlchat.config.SqlChatConfig.DatabaseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The configured databases by name, and the one place that opens JDBC connections to them.
 * Unknown names and unreachable databases become typed failures that say what is wrong.
 */
@ApplicationScoped
public class DatabaseRegistry {

    /** Seconds a connection attempt may take; a URL's own connectTimeout wins. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final Map<String, DatabaseConfig> databases;
    /** Databases whose init script has run in this process. */
    private final Set<String> initialised = ConcurrentHashMap.newKeySet();

    @Inject
    public DatabaseRegistry(SqlChatConfig config) {
        this(config.databases());
    }

    public DatabaseRegistry(Map<String, DatabaseConfig> databases) {
        this.databases = Map.copyOf(databases);
    }

    /** Known database names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(databases.keySet());
    }

    public DatabaseConfig config(String name) {
        DatabaseConfig config = databases.get(name);
        if (config == null) {
            throw new QuireException.NotFound("unknown database '" + name + "'; known: " + String.join(", ", names()));
        }
        return config;
    }

    /** A new connection the caller must close; the database's init script has run before it is returned. */
    public Connection open(String name) {
        return open(name, false);
    }

    /**
     * A connection for running queries: like {@link #open(String)}, but opened read-only where the
     * driver fixes that at connect time (SQLite), so even a query the validator misjudged cannot write.
     */
    public Connection openForQuery(String name) {
        return open(name, true);
    }

    private Connection open(String name, boolean forQuery) {
        DatabaseConfig config = config(name);
        try {
            if (forQuery && config.initScript().isPresent() && !initialised.contains(name)) {
                open(name, false).close(); // the init script writes, so it runs on a writable connection first
            }
            Connection connection = connect(config, forQuery);
            if (config.initScript().isPresent() && !initialised.contains(name)) {
                runInitScriptOnce(name, config.initScript().get(), connection);
            }
            return connection;
        } catch (SQLException e) {
            // The URL is left out on purpose: it may carry credentials.
            throw new QuireException.Unavailable("database '" + name + "' cannot be reached: " + e.getMessage(), e);
        }
    }

    /** The password file wins over an inline password; its content is never logged nor put in a message. */
    private static Optional<String> password(DatabaseConfig config) throws SQLException {
        if (config.passwordFile().isPresent()) {
            try {
                return Optional.of(java.nio.file.Files.readString(config.passwordFile().get(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new SQLException("the password file " + config.passwordFile().get() + " cannot be read: "
                        + e.getClass().getSimpleName());
            }
        }
        return config.password();
    }

    private static Connection connect(DatabaseConfig config, boolean readOnly) throws SQLException {
        Properties login = new Properties();
        if (readOnly && config.url().startsWith("jdbc:sqlite:")) {
            login.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        }
        // A database that is down must fail fast rather than outlive the request (driver defaults are 10-30 s or none).
        if (config.url().startsWith("jdbc:postgresql:") && !config.url().contains("connectTimeout")) {
            login.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        } else if ((config.url().startsWith("jdbc:mariadb:") || config.url().startsWith("jdbc:mysql:"))
                && !config.url().contains("connectTimeout")) {
            login.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
        }
        config.user().ifPresent(user -> login.setProperty("user", user));
        password(config).ifPresent(password -> login.setProperty("password", password));
        Driver driver = findDriver(config.url());
        Connection connection = driver.connect(config.url(), login);
        if (connection == null) {
            throw new SQLException("the JDBC driver " + driver.getClass().getName() + " refused the URL");
        }
        return connection;
    }

    /**
     * Drivers are looked up through this class's loader rather than DriverManager, which rejects
     * drivers not visible to the caller's loader (Quarkus runs the application in its own loader).
     */
    private static Driver findDriver(String url) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, DatabaseRegistry.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                return driver;
            }
        }
        throw new SQLException("no JDBC driver on the class path accepts this URL (scheme '" + scheme(url) + "')");
    }

    private static String scheme(String url) {
        String[] parts = url.split(":", 3);
        return parts.length >= 2 ? parts[0] + ":" + parts[1] : url;
    }

    private synchronized void runInitScriptOnce(String name, String resource, Connection connection) throws SQLException {
        if (initialised.contains(name)) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (String sql : SqlScript.statements(readResource(resource))) {
                statement.execute(sql);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        initialised.add(name);
    }

    private static String readResource(String resource) {
        try (InputStream in = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(DatabaseRegistry.class.getClassLoader()).getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("init script '" + resource + "' is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read init script '" + resource + "'", e);
        }
    }
}
