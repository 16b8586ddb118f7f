package dev.quire.inference.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Reads a Triton-style model repository: one sub-folder per model, each holding {@value #CONFIG_FILE}.
 * A broken config never stops the others from loading: it becomes an {@link RepositoryEntry.Invalid}
 * entry whose reason is logged and reported by ModelReady / ModelMetadata.
 */
public final class ModelRepository {

    public static final String CONFIG_FILE = "config.properties";
    /** The built-in repository on the classpath: {@value} lists its model folders, one a line. */
    public static final String BUILTIN_INDEX = "model-repository/index.txt";

    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    private ModelRepository() {
    }

    /** Reads every sub-folder of {@code root}, sorted by name. */
    public static List<RepositoryEntry> scan(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("model repository " + root.toAbsolutePath() + " is not a directory (quire.model.repository)");
        }
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children.filter(Files::isDirectory).sorted(Comparator.comparing(Path::getFileName)).toList();
        }
        List<RepositoryEntry> entries = new ArrayList<>();
        for (Path folder : folders) {
            entries.add(readFolder(folder));
        }
        return report(entries);
    }

    /** Reads the repository bundled with the service (classpath {@value #BUILTIN_INDEX}). */
    public static List<RepositoryEntry> builtin(ClassLoader loader) throws IOException {
        List<RepositoryEntry> entries = new ArrayList<>();
        for (String name : resourceLines(loader, BUILTIN_INDEX)) {
            String resource = "model-repository/" + name + "/" + CONFIG_FILE;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    entries.add(new RepositoryEntry.Invalid(name, "classpath:" + resource + " is missing"));
                    continue;
                }
                entries.add(parse(name, "classpath:" + resource, in, Optional.empty()));
            }
        }
        return report(entries);
    }

    static RepositoryEntry readFolder(Path folder) {
        String name = folder.getFileName().toString();
        Path config = folder.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            return new RepositoryEntry.Invalid(name, config + " is missing; every model folder needs one");
        }
        try (InputStream in = Files.newInputStream(config)) {
            return parse(name, config.toString(), in, Optional.of(folder));
        } catch (IOException e) {
            return new RepositoryEntry.Invalid(name, config + " cannot be read: " + e.getMessage());
        }
    }

    private static RepositoryEntry parse(String name, String source, InputStream in, Optional<Path> folder) throws IOException {
        Properties props = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IllegalArgumentException e) {
            return new RepositoryEntry.Invalid(name, source + ": not a properties file: " + e.getMessage());
        }
        try {
            return new RepositoryEntry.Valid(ModelConfigParser.parse(name, source, props, folder));
        } catch (ModelConfigException e) {
            return new RepositoryEntry.Invalid(name, e.getMessage());
        }
    }

    private static List<String> resourceLines(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("classpath resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    private static List<RepositoryEntry> report(List<RepositoryEntry> entries) {
        for (RepositoryEntry entry : entries) {
            if (entry instanceof RepositoryEntry.Invalid invalid) {
                LOG.errorf("model '%s' is not served: %s", invalid.name(), invalid.reason());
            }
        }
        return List.copyOf(entries);
    }
}
