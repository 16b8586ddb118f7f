package dev.quire.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Repeated-schema prompts as a SQL assistant sends them: a system prompt with the DDL of one
 * database (the long shared prefix), then a short question of its own. Deterministic: the same
 * arguments give the same texts.
 */
final class SchemaPrompts {

    private static final String SYSTEM = """
            You are a careful SQL assistant for an analytics team. You answer every question with exactly one SQLite SELECT
            statement and nothing else: no explanation, no comments, no code fences. Use only the tables and columns of the
            schema below; never invent a table or a column. Prefer explicit JOIN ... ON clauses over implicit joins, qualify
            every column with its table alias when more than one table is involved, and use GROUP BY for every aggregate per
            group. Dates are stored as ISO-8601 text (YYYY-MM-DD); compare them as text or with date(). Money amounts are
            DECIMAL(12,2). When the question cannot be answered from the schema, answer SELECT 'not answerable' AS reason.
            When a question asks for the top or bottom rows, order explicitly and use LIMIT.

            Database: %s

            """;

    private static final String[][] DOMAINS = {
            {"retail", "customers", "addresses", "orders", "order_items", "products", "categories", "suppliers", "stores", "employees",
                    "shipments", "payments", "invoices", "returns", "reviews", "promotions", "inventory", "warehouses", "carriers",
                    "price_history", "gift_cards", "loyalty_accounts", "support_tickets", "refunds", "coupons"},
            {"human_resources", "employees", "departments", "positions", "salaries", "bonuses", "offices", "managers", "contracts",
                    "leave_requests", "timesheets", "trainings", "training_enrollments", "benefits", "benefit_enrollments", "reviews",
                    "goals", "candidates", "interviews", "job_openings", "expense_claims", "equipment", "assignments", "projects", "skills"},
            {"logistics", "depots", "vehicles", "drivers", "routes", "route_stops", "deliveries", "parcels", "customers", "addresses",
                    "fuel_logs", "maintenance", "incidents", "shifts", "tariffs", "invoices", "payments", "zones", "contracts",
                    "warehouses", "pallets", "scans", "claims", "partners", "schedules"}};

    private static final String[] COLUMNS = {"name TEXT NOT NULL", "status TEXT NOT NULL DEFAULT 'active'", "created_at TEXT NOT NULL",
            "updated_at TEXT", "amount DECIMAL(12,2)", "quantity INTEGER NOT NULL DEFAULT 1", "notes TEXT", "email TEXT UNIQUE",
            "phone TEXT", "country_code CHAR(2)", "city TEXT", "priority INTEGER", "starts_on TEXT", "ends_on TEXT", "code TEXT UNIQUE",
            "description TEXT", "weight_kg DECIMAL(8,3)", "is_archived BOOLEAN NOT NULL DEFAULT 0", "rating INTEGER CHECK (rating BETWEEN 1 AND 5)"};

    private static final String[] QUESTIONS = {"How many rows of %s were created last month?",
            "Which ten %s have the highest amount?", "List the %s whose status is not active.",
            "What is the average quantity per %s record by city?", "Show the newest %s for each country code."};

    private SchemaPrompts() {
    }

    static int domains() {
        return DOMAINS.length;
    }

    /** The system prompt and schema of database {@code domain}, grown table by table until it has at least {@code minTokens}. */
    static String prefix(int domain, int minTokens, ToIntFunction<String> tokens) {
        String[] names = DOMAINS[domain];
        StringBuilder text = new StringBuilder(String.format(SYSTEM, names[0]));
        Random random = new Random(1000L + domain);
        List<String> tables = new ArrayList<>();
        int next = 1;
        while (tokens.applyAsInt(text.toString()) < minTokens) {
            String table = names[1 + (next - 1) % (names.length - 1)] + (next >= names.length ? "_" + (next / (names.length - 1)) : "");
            text.append(table(table, tables, random)).append('\n');
            tables.add(table);
            next++;
        }
        return text.toString();
    }

    private static String table(String name, List<String> earlier, Random random) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(name).append(" (\n  id INTEGER PRIMARY KEY");
        for (int i = 0; i < Math.min(2, earlier.size()); i++) {
            String parent = earlier.get(random.nextInt(earlier.size()));
            ddl.append(",\n  ").append(parent).append("_id INTEGER NOT NULL REFERENCES ").append(parent).append("(id)");
        }
        List<String> columns = new ArrayList<>(List.of(COLUMNS));
        java.util.Collections.shuffle(columns, random);
        for (String column : columns.subList(0, 4 + random.nextInt(4))) {
            ddl.append(",\n  ").append(column);
        }
        return ddl.append("\n);").toString();
    }

    /** The {@code n}-th question (distinct for every n) about database {@code domain}. */
    static String question(int domain, int n) {
        String table = DOMAINS[domain][1 + Math.floorMod(n, DOMAINS[domain].length - 1)];
        return "Question " + n + ": " + String.format(QUESTIONS[Math.floorMod(n, QUESTIONS.length)], table) + "\nSQL:";
    }
}
