package dev.quire.cli.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CommitMessageFileTest {

    private static final String GIT_TEMPLATE = "\n# Please enter the commit message for your changes. Lines starting\n"
            + "# with '#' will be ignored.\n#\n# On branch main\n";

    @Test
    void theSuggestionGoesAboveGitsCommentBlock() {
        String composed = CommitMessageFile.compose(GIT_TEMPLATE, "Add parser\n\nExplain it.", List.of(), '#');
        assertEquals("Add parser\n\nExplain it.\n\n" + GIT_TEMPLATE.substring(1), composed);
    }

    @Test
    void notesAreCommentLinesGitStrips() {
        // core.commentChar=; makes git write its own block with ';' too.
        String template = GIT_TEMPLATE.replace('#', ';');
        String composed = CommitMessageFile.compose(template, "Add parser", List.of("quire: left out yarn.lock"), ';');
        assertEquals("Add parser\n\n; quire: left out yarn.lock\n\n" + template.substring(1), composed);
    }

    @Test
    void anAmendedMessageIsKeptAsComments() {
        String existing = "Old title\n\nOld body\n" + GIT_TEMPLATE;
        String composed = CommitMessageFile.compose(existing, "New title", List.of(), '#');
        assertEquals("New title\n\n# quire: the message before this suggestion was:\n# Old title\n# \n# Old body\n# \n\n"
                + GIT_TEMPLATE.substring(1), composed);
    }
}
