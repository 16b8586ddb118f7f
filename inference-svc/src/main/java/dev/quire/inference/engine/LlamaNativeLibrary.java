package dev.quire.inference.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives llama.cpp's native library a directory of this process's own before the first
 * {@code de.kherud.llama} class loads: two JVMs extracting it to the same /tmp path can SIGBUS.
 */
public final class LlamaNativeLibrary {

    public static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

    private LlamaNativeLibrary() {
    }

    /**
     * Sets {@value #TMPDIR_PROPERTY} to a fresh directory unless someone already chose one; a chosen
     * directory that does not exist yet is created (the library's loader would fail on it).
     */
    public static synchronized void useOwnTmpDir() {
        String chosen = System.getProperty(TMPDIR_PROPERTY);
        try {
            if (chosen != null) {
                Files.createDirectories(Path.of(chosen));
                return;
            }
            Path dir = Files.createTempDirectory("quire-llama-" + ProcessHandle.current().pid() + "-");
            // deleteOnExit runs in reverse order: the extracted library first, then its directory.
            dir.toFile().deleteOnExit();
            dir.resolve(System.mapLibraryName("jllama")).toFile().deleteOnExit();
            System.setProperty(TMPDIR_PROPERTY, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for llama.cpp's native library", e);
        }
    }
}
