package dev.quire.sqlchat.examples;

/** A question and the SQL that answers it on one database; shown to the model as a worked example. */
public record SqlExamplePair(String question, String sql) {
}
