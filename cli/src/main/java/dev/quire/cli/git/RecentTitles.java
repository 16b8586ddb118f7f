package dev.quire.cli.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/** The titles of the latest non-merge commits, newest first: examples of how this project writes them. */
public final class RecentTitles {

    private RecentTitles() {
    }

    /** @param skipHead leave HEAD out (when amending, HEAD's message is the one being replaced) */
    public static List<String> of(Repository repository, int count, boolean skipHead) throws IOException {
        List<String> titles = new ArrayList<>();
        ObjectId head = repository.resolve(Constants.HEAD);
        if (head == null || count == 0) {
            return titles;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            boolean first = true;
            for (RevCommit commit : walk) {
                if (first && skipHead) {
                    first = false;
                    continue;
                }
                first = false;
                // Merge titles are written by git, not by the project.
                if (commit.getParentCount() > 1) {
                    continue;
                }
                String title = commit.getShortMessage().strip();
                if (!title.isEmpty()) {
                    titles.add(title);
                }
                if (titles.size() == count) {
                    break;
                }
            }
        }
        return titles;
    }
}
