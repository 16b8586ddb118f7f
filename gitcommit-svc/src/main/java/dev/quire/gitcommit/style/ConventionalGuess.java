package dev.quire.gitcommit.style;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.quire.gitcommit.diff.ChangedFile;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;

/**
 * The Conventional Commits type and scope the paths alone suggest. Paths tell tests, docs, CI and
 * build files apart; they cannot tell a fix from a refactor, so code changes fall back to the model's
 * type, then {@code feat} for new files and {@code chore} otherwise.
 *
 * @param type  inferred type
 * @param scope the one meaningful folder all files share, when there is one
 */
public record ConventionalGuess(String type, Optional<String> scope) {

    private static final Pattern TEST = Pattern.compile("(^|/)(src/test|tests?|__tests__|spec)/|(Test|Tests|IT|_test|\\.test|\\.spec)\\.[a-z]+$");
    private static final Pattern DOC = Pattern.compile("(^|/)docs?/|\\.(md|adoc|rst|txt)$|(^|/)(README|CHANGELOG|LICENSE)[^/]*$");
    private static final Pattern CI = Pattern.compile("^(\\.github/workflows|\\.gitlab-ci|\\.circleci|Jenkinsfile|\\.travis)");
    private static final Pattern BUILD = Pattern.compile("(^|/)(pom\\.xml|build\\.gradle(\\.kts)?|settings\\.gradle(\\.kts)?|package\\.json"
            + "|Cargo\\.toml|go\\.mod|Makefile|Dockerfile|pyproject\\.toml|setup\\.py|requirements[^/]*\\.txt)$");
    /** Folders that say where code lives, not what it is about. */
    private static final Set<String> GENERIC = Set.of("src", "lib", "main", "java", "kotlin", "resources", "app", "pkg",
            "internal", "cmd", "source", "sources", "test", "tests", "dev", "com", "org", "io", "net");

    public static ConventionalGuess of(List<ChangedFile> files, Optional<String> modelType) {
        List<String> paths = files.stream().map(ChangedFile::path).toList();
        String type;
        if (!paths.isEmpty() && paths.stream().allMatch(p -> TEST.matcher(p).find())) {
            type = "test";
        } else if (!paths.isEmpty() && paths.stream().allMatch(p -> CI.matcher(p).find())) {
            type = "ci";
        } else if (!paths.isEmpty() && paths.stream().allMatch(p -> BUILD.matcher(p).find())) {
            type = "build";
        } else if (!paths.isEmpty() && paths.stream().allMatch(p -> DOC.matcher(p).find())) {
            type = "docs";
        } else if (modelType.isPresent() && TitleParts.TYPES.contains(modelType.get())) {
            type = modelType.get();
        } else if (files.stream().anyMatch(f -> f.changeType() == ChangeType.ADD)) {
            type = "feat";
        } else {
            type = "chore";
        }
        return new ConventionalGuess(type, scope(paths));
    }

    static Optional<String> scope(List<String> paths) {
        String common = null;
        for (String path : paths) {
            String folder = meaningfulFolder(path);
            if (folder == null || common != null && !common.equals(folder)) {
                return Optional.empty();
            }
            common = folder;
        }
        return Optional.ofNullable(common);
    }

    private static String meaningfulFolder(String path) {
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            String segment = segments[i];
            if (!GENERIC.contains(segment.toLowerCase(java.util.Locale.ROOT)) && !segment.startsWith(".")) {
                return segment;
            }
        }
        return null;
    }
}
