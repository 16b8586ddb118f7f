package dev.quire.gateway.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.gateway.InMemoryMesh;
import dev.quire.gateway.mesh.ReplyGate;
import dev.quire.gateway.mesh.ReplyPartitions;
import dev.quire.proto.events.Envelope;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The SQL web client in real headless Chromium against the real gateway (HTTP, JSON, envelopes on
 * in-memory channels). sqlchat-svc is played by {@link SqlServiceDouble}, so this proves the page
 * and the gateway, not the SQL answers. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
@QuarkusTestResource(InMemoryMesh.class)
class SqlWebClientBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("quire.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration WAIT = Duration.ofSeconds(30);
    /** "SELECT ", "name, ", "price ", "FROM ", "products ", "ORDER ", "BY ", "price ", "LIMIT ", "3;" */
    static final int CHEAPEST_SQL_PIECES = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String VISIBLE_TABLES = "[...document.querySelectorAll('#schema-tree li.table:not([hidden]) summary')]"
            + ".map(s => s.textContent).join(',')";

    @TestHTTPResource("/")
    URL page;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ReplyPartitions replyPartitions;

    @Test
    void askRunAndSeeTheGridThenARefusal() throws Exception {
        ReplyGate.open(replyPartitions);
        try (SqlServiceDouble sqlchat = new SqlServiceDouble(connector); HeadlessChromium browser = HeadlessChromium.start(CHROMIUM)) {
            browser.navigate(page.toString());
            browser.waitFor("document.querySelector('#database option[value=sample]')", WAIT);
            browser.waitFor("document.querySelectorAll('#schema-tree li.table').length === 2", WAIT);
            assertTrue(browser.evaluate("document.querySelector('#schema-tree').innerText").asText().contains("products"));

            // The filter keeps the tables with a matching name or column, opens a table shown for a column with
            // that column marked, and closes it again when the filter is cleared.
            filterSchema(browser, "PRICE");
            assertEquals("products", browser.evaluate(VISIBLE_TABLES).asText());
            assertTrue(browser.evaluate("document.querySelector('#schema-tree li.table:not([hidden]) details').open").asBoolean());
            assertEquals("price", browser.evaluate("[...document.querySelectorAll('#schema-tree li.column.match .name')]"
                    + ".map(n => n.textContent).join(',')").asText());
            // A table the user closes stays closed while the filter still matches it.
            browser.evaluate("document.querySelector('#schema-tree li.table:not([hidden]) summary').click(); true");
            filterSchema(browser, "pric");
            assertTrue(!browser.evaluate("document.querySelector('#schema-tree li.table:not([hidden]) details').open").asBoolean(),
                    "the user's choice is kept");
            filterSchema(browser, "categ");
            assertEquals("categories,products", browser.evaluate(VISIBLE_TABLES).asText(), "a table name or a column (category_id)");
            filterSchema(browser, "");
            assertEquals("categories,products", browser.evaluate(VISIBLE_TABLES).asText());
            assertEquals(0, browser.evaluate("document.querySelectorAll('#schema-tree details[open], #schema-tree li.column.match').length").asInt());
            filterSchema(browser, "Colour");
            assertEquals("", browser.evaluate(VISIBLE_TABLES).asText());
            assertEquals("No table or column name contains \"Colour\".", browser.evaluate("document.getElementById('schema-filter-none').textContent").asText());
            filterSchema(browser, "");
            assertTrue(browser.evaluate("document.getElementById('schema-filter-none').hidden").asBoolean());

            // Ask as a user would, without auto-run, so the Run button does the execution.
            browser.evaluate("document.getElementById('execute').checked = false;"
                    + "document.getElementById('question').value = 'What are the three cheapest products?';"
                    + "document.getElementById('ask').click(); true");
            browser.waitFor("document.querySelector('#chat .turn:not(.streaming) .answer-head:not([hidden]) .badge.ok')", WAIT);
            // The SQL arrived as server-sent chunks before the final answer replaced it.
            assertEquals(CHEAPEST_SQL_PIECES, browser.evaluate("Number(document.querySelector('#chat .turn').dataset.chunks)").asInt());
            assertEquals(SqlServiceDouble.CHEAPEST_SQL + ";", browser.evaluate("document.querySelector('#chat .turn').dataset.sql").asText());
            assertTrue(browser.evaluate("!!document.querySelector('#chat .turn .sql code .tok-keyword')").asBoolean());
            assertEquals(SqlServiceDouble.CHEAPEST_SQL + ";", browser.evaluate("document.querySelector('#chat .sql').innerText").asText());
            assertEquals("valid", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());
            assertTrue(browser.evaluate("document.querySelector('#chat .warning').textContent").asText().contains("random test model"));

            browser.evaluate("document.querySelector('#chat .run').click(); true");
            browser.waitFor("document.querySelectorAll('#chat .grid tbody tr').length === 3", WAIT);
            JsonNode grid = browser.evaluate("[...document.querySelectorAll('#chat .grid tr')].map(r => [...r.cells].map(c => c.textContent))");
            assertEquals("name", grid.get(0).get(0).asText());
            assertEquals("Loose Leaf Tea Sampler", grid.get(1).get(0).asText());
            assertEquals("27.90", grid.get(3).get(1).asText());
            assertTrue(browser.evaluate("document.querySelector('#chat .row-count').textContent").asText().startsWith("3 rows"));
            browser.screenshot(SCREENSHOTS.resolve("sql-client-desktop.png"));

            Envelope execute = sqlchat.seen.stream().filter(Envelope::hasSqlExecute).findFirst().orElseThrow();
            assertEquals(SqlServiceDouble.CHEAPEST_SQL + ";", execute.getSqlExecute().getSql(), "Run sends the answer's SQL as is");
            Envelope ask = sqlchat.seen.stream().filter(Envelope::hasSqlRequest).findFirst().orElseThrow();
            assertTrue(!ask.getSqlRequest().getConversationId().isEmpty(), "the page keeps a conversation id");
            assertTrue(ask.getSqlRequest().getStream(), "the page asks for the SQL as a stream");

            // CSV export builds the file from the grid; checked through the same function the button calls.
            String csv = browser.evaluate("(() => { let text; const orig = URL.createObjectURL; "
                    + "URL.createObjectURL = (blob) => { text = blob; return 'blob:x'; }; "
                    + "document.querySelector('#chat .csv').click(); URL.createObjectURL = orig; return text.text(); })()").asText();
            assertTrue(csv.startsWith("name,price\r\nLoose Leaf Tea Sampler,18.00\r\n"), csv);
            assertTrue(csv.contains("\"Insulated Water Bottle, 750 ml\",27.90"), "values with commas are quoted: " + csv);

            // Edit the SQL by hand and check it: the validator's reason and position are shown, and the grid of the
            // earlier SQL goes, as it does not belong to the SQL now shown.
            assertEquals(1, browser.evaluate("document.querySelectorAll('#chat .grid').length").asInt());
            browser.evaluate("document.querySelector('#chat .edit').click(); true");
            browser.evaluate("document.querySelector('#chat .sql-editor').value = 'SELECT colour FROM products';"
                    + "document.querySelector('#chat .edit').click(); true");
            browser.waitFor("!document.querySelector('#chat .error').hidden", WAIT);
            assertEquals("not valid", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());
            assertTrue(browser.evaluate("document.querySelector('#chat .error').innerText").asText()
                    .contains("unknown column 'colour' (not in products) (at character 8)"));
            assertEquals("SELECT colour FROM products",
                    sqlchat.seen.stream().filter(Envelope::hasSqlValidate).findFirst().orElseThrow().getSqlValidate().getSql());
            assertEquals(0, browser.evaluate("document.querySelectorAll('#chat .grid').length").asInt(), "no grid of the earlier SQL");

            // Typing a fix takes the verdict down with its reasons; running the fixed SQL shows rows and a valid badge.
            browser.evaluate("const editor = document.querySelector('#chat .sql-editor');"
                    + "editor.value = 'SELECT name, price FROM products ORDER BY price LIMIT 3';"
                    + "editor.dispatchEvent(new Event('input')); true");
            assertEquals("edited, not checked", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());
            assertTrue(browser.evaluate("document.querySelector('#chat .error').hidden").asBoolean(), "the old reasons are gone");
            browser.evaluate("document.querySelector('#chat .run').click(); true");
            browser.waitFor("document.querySelectorAll('#chat .grid tbody tr').length === 3", WAIT);
            assertEquals("valid", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());

            // A refusal shows its reason; nothing becomes a grid.
            browser.evaluate("runSql(document.querySelector('#chat .turn'), 'sample', 'DROP TABLE products'); true");
            browser.waitFor("!document.querySelector('#chat .error').hidden", WAIT);
            String refusal = browser.evaluate("document.querySelector('#chat .error').innerText").asText();
            assertTrue(refusal.contains("refused") && refusal.contains("DROP statements are not allowed (at character 1)"), refusal);
            assertEquals("not valid", browser.evaluate("document.querySelector('#chat .badge').textContent").asText());

            // A question of blanks passes the browser's "required" check: the page itself says what is missing.
            int turns = browser.evaluate("document.querySelectorAll('#chat .turn').length").asInt();
            browser.evaluate("document.getElementById('question').value = '    '; document.getElementById('ask').click(); true");
            browser.waitFor("document.getElementById('status').textContent !== ''", WAIT);
            assertEquals("Type a question first.", browser.evaluate("document.getElementById('status').textContent").asText());
            assertEquals(turns, browser.evaluate("document.querySelectorAll('#chat .turn').length").asInt(), "nothing was asked");

            // Narrow screen: one column, nothing wider than the viewport.
            browser.viewport(390, 844, true);
            browser.waitFor("getComputedStyle(document.querySelector('.layout')).gridTemplateColumns.split(' ').length === 1", WAIT);
            assertTrue(browser.evaluate("document.documentElement.scrollWidth <= 390").asBoolean(), "no horizontal page scroll");
            browser.screenshot(SCREENSHOTS.resolve("sql-client-narrow.png"));
        }
        assertTrue(Files.size(SCREENSHOTS.resolve("sql-client-desktop.png")) > 1000);
    }

    /** Types into the schema filter as a user would (the page listens to input events). */
    private static void filterSchema(HeadlessChromium browser, String text) throws Exception {
        browser.evaluate("(() => { const filter = document.getElementById('schema-filter'); filter.value = " + JSON.valueToTree(text) + ";"
                + "filter.dispatchEvent(new Event('input')); return true; })()");
    }
}
