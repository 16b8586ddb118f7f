package dev.quire.cli.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class UsageStatsTest {

    @Test
    void editDistanceCountsCharacterEdits() {
        assertEquals(3, EditDistance.between("kitten", "sitting"));
        assertEquals(0, EditDistance.between("same", "same"));
        assertEquals(4, EditDistance.between("", "four"));
    }

    @Test
    void statsReportAcceptanceAndEdits() {
        List<UsageRecord> records = List.of(
                new UsageRecord(1, "a", "d", "Add parser", "Add parser\n"),
                new UsageRecord(2, "b", "d", "Add parser", "Add lexer"),
                new UsageRecord(3, "c", "d", "Fix bug", "Fix bug in parser"));
        UsageStats stats = UsageStats.of(records);
        assertEquals(3, stats.commits());
        assertEquals(1, stats.accepted());
        assertEquals(4.0, stats.medianDistance());
        assertEquals((0 + 4 + 10) / 3.0, stats.meanDistance(), 1e-9);
        assertTrue(stats.describe().contains("accepted unchanged: 1 (33%)"), stats.describe());
    }
}
