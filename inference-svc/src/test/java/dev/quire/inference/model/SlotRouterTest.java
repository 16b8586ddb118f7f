package dev.quire.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Prefix-aware slot choice, step by step. */
class SlotRouterTest {

    private static final String SCHEMA = "You write SQL for this schema: CREATE TABLE users(id INT, name TEXT); CREATE TABLE orders(id INT, user_id INT);\n";

    @Test
    void aPromptSharingACachedPrefixGoesToTheSlotHoldingIt() {
        SlotRouter router = new SlotRouter(3);
        SlotRouter.Lease first = router.acquire(SCHEMA + "Q: how many users?");
        assertEquals(0, first.reusedPrefix());
        router.release(first, SCHEMA + "Q: how many users? A: SELECT count(*) FROM users");
        // fill the other slots with unrelated prompts, then free them
        SlotRouter.Lease other = router.acquire("fix the bug in");
        router.release(other, "fix the bug in main");

        SlotRouter.Lease second = router.acquire(SCHEMA + "Q: list the orders");
        assertEquals(first.slot(), second.slot(), "the slot that holds the schema");
        assertEquals(SCHEMA.length() + 3, second.reusedPrefix());
    }

    @Test
    void busySlotsAreSkippedAndUnmatchedPromptsTakeTheLeastRecentlyUsedSlot() {
        SlotRouter router = new SlotRouter(2);
        SlotRouter.Lease a = router.acquire(SCHEMA + "Q1");
        SlotRouter.Lease b = router.acquire("other");
        assertEquals(1 - a.slot(), b.slot());
        router.release(b, "other text");
        SlotRouter.Lease c = router.acquire(SCHEMA + "Q2");
        assertEquals(b.slot(), c.slot(), "the schema's slot is busy: the free one is used");
        assertThrows(IllegalStateException.class, () -> router.acquire("third"), "never more leases than slots");

        router.release(a, "zzz");
        router.release(c, "yyy");
        SlotRouter.Lease d = router.acquire("new topic");
        assertEquals(a.slot(), d.slot(), "no shared prefix: least recently used");
    }

    @Test
    void withoutPrefixRoutingTheLeastRecentlyUsedSlotIsTakenEvenWhenAnotherHoldsThePrefix() {
        SlotRouter router = new SlotRouter(2, false);
        SlotRouter.Lease first = router.acquire(SCHEMA + "Q1");
        router.release(first, SCHEMA + "Q1 A1");
        SlotRouter.Lease second = router.acquire(SCHEMA + "Q2");
        assertEquals(1 - first.slot(), second.slot(), "least recently used, not the slot holding the schema");
        assertEquals(0, second.reusedPrefix(), "nothing of that slot's (empty) cache is reused");
        router.release(second, "unrelated");
        SlotRouter.Lease third = router.acquire(SCHEMA + "Q3");
        assertEquals(first.slot(), third.slot(), "round robin brings it back to the first slot");
        assertEquals(SCHEMA.length() + 1, third.reusedPrefix(), "which by chance holds the schema: the reuse is reported as it is");
    }

    @Test
    void promptsSharingOnlyTheSystemPromptSpreadOverSlotsInsteadOfEvictingEachOther() {
        // Schemas are much longer than the instructions they follow, as with real databases.
        String system = "You write one SQL query per question, nothing else.\n";
        String shop = system + "CREATE TABLE orders(id INT, customer_id INT, total DECIMAL); CREATE TABLE customers(id INT, name TEXT);\n".repeat(3);
        String staff = system + "CREATE TABLE employees(id INT, department_id INT, salary DECIMAL); CREATE TABLE departments(id INT);\n".repeat(3);
        SlotRouter router = new SlotRouter(3);
        SlotRouter.Lease first = router.acquire(shop + "Q1");
        router.release(first, shop + "Q1 A1");

        SlotRouter.Lease other = router.acquire(staff + "Q2");
        assertNotEquals(first.slot(), other.slot(), "sharing the system prompt only: another slot, the shop schema stays cached");
        router.release(other, staff + "Q2 A2");

        SlotRouter.Lease again = router.acquire(shop + "Q3");
        assertEquals(first.slot(), again.slot(), "the shop schema is still where it was");
        assertEquals(shop.length() + 1, again.reusedPrefix());
    }
}
