package dev.quire.cli.hook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * Installs Quire's {@code prepare-commit-msg} and {@code post-commit} hooks. A hook already in place
 * is kept as {@code NAME.quire-chained} and run first; uninstalling puts it back. The global install
 * points {@code core.hooksPath} at Quire's own folder and chains the repository's own hooks (which
 * git would otherwise skip) or the folder core.hooksPath named before.
 */
public final class HookInstaller {

    public static final List<String> HOOKS = List.of("prepare-commit-msg", "post-commit");
    static final String MARKER = "# quire-hook:";
    static final String CHAINED_SUFFIX = ".quire-chained";
    static final String PREVIOUS_HOOKS_PATH = "previous-hooks-path";

    private final String launcher;

    /** @param launcher the shell words that start this CLI, e.g. {@code '/opt/quire/bin/quire'} */
    public HookInstaller(String launcher) {
        this.launcher = launcher;
    }

    /** @return one line per hook saying what was done */
    public List<String> installLocal(Path hooksDir) throws IOException {
        Files.createDirectories(hooksDir);
        List<String> report = new ArrayList<>();
        for (String hook : HOOKS) {
            Path target = hooksDir.resolve(hook);
            Path chained = hooksDir.resolve(hook + CHAINED_SUFFIX);
            String kept = keepExisting(target, chained);
            write(target, script(hook, quote(chained.toAbsolutePath().toString())));
            report.add("installed " + target + kept);
        }
        return report;
    }

    public List<String> uninstallLocal(Path hooksDir) throws IOException {
        List<String> report = new ArrayList<>();
        for (String hook : HOOKS) {
            report.add(remove(hooksDir.resolve(hook), hooksDir.resolve(hook + CHAINED_SUFFIX)));
        }
        return report;
    }

    /** @param userGitConfig the user's git configuration file (~/.gitconfig) */
    public List<String> installGlobal(Path quireHooksDir, Path userGitConfig) throws IOException {
        FileBasedConfig config = load(userGitConfig);
        Optional<String> previous = Optional.ofNullable(config.getString(ConfigConstants.CONFIG_CORE_SECTION, null,
                ConfigConstants.CONFIG_KEY_HOOKS_PATH)).filter(p -> !Path.of(p).equals(quireHooksDir));
        Files.createDirectories(quireHooksDir);
        List<String> report = new ArrayList<>();
        if (previous.isPresent()) {
            Files.writeString(quireHooksDir.resolve(PREVIOUS_HOOKS_PATH), previous.get() + "\n", StandardCharsets.UTF_8);
            report.add("core.hooksPath was " + previous.get() + "; its hooks run before Quire's");
        }
        for (String hook : HOOKS) {
            // With core.hooksPath set git skips .git/hooks, so Quire runs the repository's own hook itself.
            String chained = previous.isPresent()
                    ? quote(Path.of(previous.get()).resolve(hook).toString())
                    : "\"$(git rev-parse --git-dir 2>/dev/null)/hooks/" + hook + "\"";
            write(quireHooksDir.resolve(hook), script(hook, chained));
            report.add("installed " + quireHooksDir.resolve(hook));
        }
        config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH, quireHooksDir.toString());
        config.save();
        report.add("set core.hooksPath=" + quireHooksDir + " in " + userGitConfig);
        return report;
    }

    public List<String> uninstallGlobal(Path quireHooksDir, Path userGitConfig) throws IOException {
        List<String> report = new ArrayList<>();
        FileBasedConfig config = load(userGitConfig);
        String current = config.getString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH);
        Path previousFile = quireHooksDir.resolve(PREVIOUS_HOOKS_PATH);
        if (current != null && Path.of(current).equals(quireHooksDir)) {
            if (Files.exists(previousFile)) {
                String previous = Files.readString(previousFile, StandardCharsets.UTF_8).strip();
                config.setString(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH, previous);
                report.add("restored core.hooksPath=" + previous + " in " + userGitConfig);
            } else {
                config.unset(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_HOOKS_PATH);
                report.add("removed core.hooksPath from " + userGitConfig);
            }
            config.save();
        } else {
            report.add("core.hooksPath does not point at " + quireHooksDir + "; left as it is");
        }
        Files.deleteIfExists(previousFile);
        for (String hook : HOOKS) {
            report.add(remove(quireHooksDir.resolve(hook), quireHooksDir.resolve(hook + CHAINED_SUFFIX)));
        }
        return report;
    }

    static boolean isQuireHook(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(MARKER);
    }

    private static String keepExisting(Path target, Path chained) throws IOException {
        if (!Files.exists(target) || isQuireHook(target)) {
            return Files.exists(chained) ? " (still chaining " + chained.getFileName() + ")" : "";
        }
        if (Files.exists(chained)) {
            throw new IOException("cannot keep " + target + ": " + chained + " already exists; move one of them away first");
        }
        Files.move(target, chained);
        return " (the existing hook was kept as " + chained.getFileName() + " and runs first)";
    }

    private static String remove(Path target, Path chained) throws IOException {
        if (!Files.exists(target)) {
            return target + " is not installed";
        }
        if (!isQuireHook(target)) {
            return target + " was not installed by Quire; left alone";
        }
        Files.delete(target);
        if (Files.exists(chained)) {
            Files.move(chained, target, StandardCopyOption.ATOMIC_MOVE);
            return "removed Quire's " + target.getFileName() + " and restored the hook it chained";
        }
        return "removed " + target;
    }

    private String script(String hook, String chained) {
        try (InputStream in = HookInstaller.class.getResourceAsStream("hook.sh")) {
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // post-commit runs after every commit: skip starting a JVM unless a suggestion waits to be recorded.
            String guard = hook.equals("post-commit")
                    ? "[ -f \"$(git rev-parse --git-dir 2>/dev/null)/quire/pending.json\" ] || exit 0\n" : "";
            return template.replace("@@GUARD@@", guard).replace("@@HOOK@@", hook).replace("@@CHAINED@@", chained).replace("@@LAUNCHER@@", launcher);
        } catch (IOException e) {
            throw new UncheckedIOException("the hook template is part of the jar", e);
        }
    }

    private static void write(Path target, String content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".quire-tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileBasedConfig load(Path file) throws IOException {
        FileBasedConfig config = new FileBasedConfig(file.toFile(), FS.DETECTED);
        try {
            config.load();
        } catch (ConfigInvalidException e) {
            throw new IOException(file + " is not a valid git config file: " + e.getMessage(), e);
        }
        return config;
    }

    /** Single-quotes a word for sh. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
