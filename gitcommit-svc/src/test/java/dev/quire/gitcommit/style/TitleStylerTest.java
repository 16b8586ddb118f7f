package dev.quire.gitcommit.style;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import dev.quire.gitcommit.diff.ChangedFile;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.junit.jupiter.api.Test;

class TitleStylerTest {

    private static final List<String> AREA_HISTORY = List.of("lexer: split tokens on spaces", "parser: accept trailing commas",
            "docs: explain the grammar", "lexer: keep line numbers", "Merge branch 'x'");

    private static ChangedFile file(ChangeType type, String path) {
        return new ChangedFile(type, path, path, false, 1, 0, List.of("@@ -1 +1 @@\n+x\n"));
    }

    @Test
    void historyStyleIsRead() {
        HistoryStyle style = HistoryStyle.of(AREA_HISTORY);
        assertEquals(HistoryStyle.Prefix.AREA, style.prefix());
        assertEquals(HistoryStyle.Case.LOWER, style.subjectCase());
        assertEquals(List.of("lexer", "parser", "docs"), style.areas());
        assertEquals(HistoryStyle.Prefix.CONVENTIONAL,
                HistoryStyle.of(List.of("feat(api): add x", "fix: y", "chore(deps): bump z")).prefix());
        assertEquals(HistoryStyle.Prefix.NONE, HistoryStyle.of(List.of("Add x", "Fix y", "Bump z")).prefix());
        assertEquals(HistoryStyle.Case.UPPER, HistoryStyle.of(List.of("Add x", "Fix y", "Bump z")).subjectCase());
    }

    @Test
    void aDeviatingTitleIsPutIntoTheAreaStyleOfTheHistory() {
        HistoryStyle style = HistoryStyle.of(AREA_HISTORY);
        // The model ignored the examples: no area, capitalised.
        assertEquals("parser: handle empty input", TitleStyler.apply("Handle empty input", style, false,
                List.of(file(ChangeType.MODIFY, "src/parser.rs"))));
        // A known area the model chose is kept; only the case changes.
        assertEquals("lexer: drop tabs", TitleStyler.apply("lexer: Drop tabs", style, false,
                List.of(file(ChangeType.MODIFY, "src/parser.rs"))));
        // No known area matches: the shared folder names it.
        assertEquals("gateway: add a route", TitleStyler.apply("Add a route", style, false,
                List.of(file(ChangeType.MODIFY, "gateway/src/main/Routes.java"))));
    }

    @Test
    void conventionalTitlesGetAnInferredTypeAndScope() {
        HistoryStyle none = HistoryStyle.none();
        assertEquals("test(gateway): cover the route", TitleStyler.apply("Cover the route", none, true,
                List.of(file(ChangeType.ADD, "gateway/src/test/java/RoutesTest.java"))));
        assertEquals("fix(parser): stop at EOF", TitleStyler.apply("fix: Stop at EOF", none, true,
                List.of(file(ChangeType.MODIFY, "parser/src/Parser.java"))));
        assertEquals("feat: add greeting", TitleStyler.apply("Add greeting", none, true,
                List.of(file(ChangeType.ADD, "Greeting.java"))));
        assertEquals("docs: explain setup", TitleStyler.apply("Explain setup", none, true,
                List.of(file(ChangeType.MODIFY, "README.md"))));
        assertEquals("chore: tune timeouts", TitleStyler.apply("bogus: Tune timeouts", none, true,
                List.of(file(ChangeType.MODIFY, "Main.java"))));
    }

    @Test
    void acronymsKeepTheirCase() {
        assertEquals("lexer: JGit reads the index", TitleStyler.apply("JGit reads the index", HistoryStyle.of(AREA_HISTORY), false,
                List.of(file(ChangeType.MODIFY, "lexer.c"))));
    }

    @Test
    void withoutHistoryOrConventionTheTitleStays() {
        assertEquals("Add x", TitleStyler.apply("Add x", HistoryStyle.none(), false, List.of(file(ChangeType.ADD, "x"))));
        assertEquals(Optional.empty(), ConventionalGuess.scope(List.of("a/x.java", "b/y.java")));
    }
}
