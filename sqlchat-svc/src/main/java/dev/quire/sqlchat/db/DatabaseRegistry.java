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
        DatabaseConfig config = config(name);
        try {
            Connection connection = connect(config);
            if (config.initScript().isPresent() && !initialised.contains(name)) {
                runInitScriptOnce(name, config.initScript().get(), connection);
            }
            return connection;
        } catch (SQLException e) {
            // The URL is left out on purpose: it may carry credentials.
            throw new QuireException.Unavailable("database '" + name + "' cannot be reached: " + e.getMessage(), e);
        }
    }

    private static Connection connect(DatabaseConfig config) throws SQLException {
        Properties login = new Properties();
        config.user().ifPresent(user -> login.setProperty("user", user));
        config.password().ifPresent(password -> login.setProperty("password", password));
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
