package dev.quire.sqlchat;

import java.sql.Connection;
import java.sql.SQLException;

import dev.quire.common.QuireException;
import dev.quire.proto.events.DatabaseInfo;
import dev.quire.proto.events.DatabaseList;
import dev.quire.sqlchat.db.DatabaseRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The databases this assistant answers about, with their dialect or why one cannot be used now.
 * Listing only connects and asks the driver for its product name: reading every database's whole
 * schema (with sample values) just to fill a picker would cost far more.
 */
@ApplicationScoped
public class DatabaseDirectory {

    private final DatabaseRegistry databases;

    public DatabaseDirectory(DatabaseRegistry databases) {
        this.databases = databases;
    }

    public DatabaseList list() {
        DatabaseList.Builder list = DatabaseList.newBuilder();
        for (String name : databases.names().stream().sorted().toList()) {
            DatabaseInfo.Builder info = DatabaseInfo.newBuilder().setName(name);
            try (Connection connection = databases.open(name)) {
                info.setDialect(connection.getMetaData().getDatabaseProductName());
            } catch (QuireException e) {
                info.setProblem(e.getMessage());
            } catch (SQLException e) {
                info.setProblem("database '" + name + "' did not describe itself: " + e.getMessage());
            }
            list.addDatabases(info);
        }
        return list.build();
    }
}
