package dev.quire.sqlchat.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleStoreTest {

    @TempDir
    Path dir;

    @Test
    void pairsSurviveARestartAndASameQuestionReplacesTheOldPair() {
        ExampleStore store = new ExampleStore(Optional.of(dir));
        assertEquals(2, store.save("shop", List.of(new SqlExamplePair("Pending orders?", "SELECT order_id\nFROM orders WHERE status = 'pending'"),
                new SqlExamplePair("How many customers?", "SELECT COUNT(*) FROM customers"))));
        assertEquals(2, store.save("shop", List.of(new SqlExamplePair("how many customers? ", "SELECT COUNT(customer_id) FROM customers"))));

        ExampleStore restarted = new ExampleStore(Optional.of(dir));
        assertEquals(List.of(new SqlExamplePair("Pending orders?", "SELECT order_id\nFROM orders WHERE status = 'pending'"),
                new SqlExamplePair("how many customers? ", "SELECT COUNT(customer_id) FROM customers")), restarted.all("shop"));
        assertEquals(List.of(), restarted.all("other"));
    }

    @Test
    void theMostSimilarQuestionsComeFirstAndUnrelatedOnesNotAtAll() {
        ExampleStore store = new ExampleStore(Optional.empty());
        store.save("shop", List.of(new SqlExamplePair("Which orders are pending?", "SELECT 1 FROM orders"),
                new SqlExamplePair("Which pending orders were shipped to Berlin?", "SELECT 2 FROM orders"),
                new SqlExamplePair("Name the categories", "SELECT 3 FROM categories")));
        List<SqlExamplePair> similar = store.mostSimilar("shop", "pending orders to Berlin", 2);
        assertEquals(List.of("SELECT 2 FROM orders", "SELECT 1 FROM orders"), similar.stream().map(SqlExamplePair::sql).toList());
        assertEquals(List.of(), store.mostSimilar("shop", "weather tomorrow", 3));
    }
}
