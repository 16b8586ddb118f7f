package dev.quire.cli.git;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.Attributes;

/**
 * Decides which files stay out of the diff: the configured globs, overridden either way by the
 * {@code linguist-generated} attribute in .gitattributes (GitHub's own marker for generated files).
 */
public final class GeneratedFiles {

    static final String ATTRIBUTE = "linguist-generated";

    private final List<Glob> globs;

    public GeneratedFiles(List<String> patterns) {
        this.globs = patterns.stream().map(Glob::new).toList();
    }

    /** @return why the file is left out, or empty when it stays in the diff */
    public Optional<String> reasonToLeaveOut(String path, Attributes attributes) {
        Attribute generated = attributes.get(ATTRIBUTE);
        if (generated != null) {
            boolean set = generated.getState() == Attribute.State.SET
                    || generated.getState() == Attribute.State.CUSTOM && "true".equalsIgnoreCase(generated.getValue());
            // linguist-generated=false (or -linguist-generated) keeps a file even when a glob matches it.
            return set ? Optional.of(ATTRIBUTE + " in .gitattributes") : Optional.empty();
        }
        Path asPath = Path.of(path);
        for (Glob glob : globs) {
            if (glob.matches(asPath)) {
                return Optional.of("ignore pattern " + glob.pattern);
            }
        }
        return Optional.empty();
    }

    private static final class Glob {
        private final String pattern;
        private final PathMatcher matcher;
        private final boolean onName;

        Glob(String pattern) {
            this.pattern = pattern;
            this.onName = !pattern.contains("/");
            this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        }

        boolean matches(Path path) {
            Path name = path.getFileName();
            return onName ? name != null && matcher.matches(name) : matcher.matches(path);
        }
    }
}
