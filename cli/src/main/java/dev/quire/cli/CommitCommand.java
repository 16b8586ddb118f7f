package dev.quire.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.quire.cli.config.ConfigException;
import dev.quire.cli.config.ConfigLoader;
import dev.quire.cli.config.QuireConfig;
import dev.quire.cli.gateway.GatewayException;
import dev.quire.cli.gateway.Suggestion;
import dev.quire.cli.gateway.SuggestionReply;
import dev.quire.cli.git.StagedChanges;
import dev.quire.cli.hook.CommitMessageFile;
import dev.quire.cli.hook.CommitSource;
import dev.quire.cli.hook.HookInstaller;
import dev.quire.cli.learn.UsageLog;
import dev.quire.cli.learn.UsageRecord;
import dev.quire.cli.learn.UsageStats;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire commit ...}: the commit-message assistant and its git hooks. */
@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Commit messages written from the staged diff by the Quire mesh.")
public final class CommitCommand {

    static CommandLine commandLine(Environment environment) {
        return new CommandLine(new CommitCommand())
                .addSubcommand(new CommandLine(new Hook())
                        .addSubcommand(new Install(environment))
                        .addSubcommand(new Uninstall(environment)))
                .addSubcommand(new Message(environment))
                .addSubcommand(new PrepareCommitMsg(environment))
                .addSubcommand(new PostCommit(environment))
                .addSubcommand(new Stats(environment))
                .addSubcommand(new Export(environment));
    }

    @Command(name = "hook", mixinStandardHelpOptions = true, description = "Install or remove Quire's git hooks.")
    static final class Hook {
    }

    /** Where hooks go: this repository's hooks folder, or Quire's own folder for --global. */
    abstract static class HookTarget implements Callable<Integer> {
        final Environment environment;

        @Option(names = "--global", description = "Install for every repository through core.hooksPath in ~/.gitconfig.")
        boolean global;

        HookTarget(Environment environment) {
            this.environment = environment;
        }

        /** Installs or uninstalls, for every repository through core.hooksPath. */
        abstract List<String> applyGlobal(HookInstaller installer) throws IOException;

        /** Installs or uninstalls in one repository's hooks folder. */
        abstract List<String> applyLocal(HookInstaller installer, Path hooksDir) throws IOException;

        @Override
        public Integer call() throws IOException {
            HookInstaller installer = new HookInstaller(environment.launcher());
            List<String> report;
            if (global) {
                report = applyGlobal(installer);
            } else {
                try (Repository repository = Repositories.open(environment)) {
                    report = applyLocal(installer, localHooksDir(repository));
                }
            }
            report.forEach(environment.out()::println);
            return 0;
        }

        Path globalHooksDir() {
            return environment.configLoader().globalFile().getParent().resolve("hooks");
        }

        Path userGitConfig() {
            return environment.home().resolve(".gitconfig");
        }

        Path localHooksDir(Repository repository) {
            // A hooksPath in the repository's own config replaces .git/hooks for this repository.
            String hooksPath = repository.getConfig().getString("core", null, "hooksPath");
            if (hooksPath != null && !Path.of(hooksPath).equals(globalHooksDir())) {
                environment.err().println("quire: core.hooksPath is " + hooksPath + "; installing there");
                return repository.getWorkTree().toPath().resolve(hooksPath);
            }
            return repository.getDirectory().toPath().resolve("hooks");
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install prepare-commit-msg and post-commit hooks; an existing hook is kept and run first.")
    static final class Install extends HookTarget {
        Install(Environment environment) {
            super(environment);
        }

        @Override
        List<String> applyGlobal(HookInstaller installer) throws IOException {
            return installer.installGlobal(globalHooksDir(), userGitConfig());
        }

        @Override
        List<String> applyLocal(HookInstaller installer, Path hooksDir) throws IOException {
            return installer.installLocal(hooksDir);
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Remove Quire's hooks and put back the hooks they chained.")
    static final class Uninstall extends HookTarget {
        Uninstall(Environment environment) {
            super(environment);
        }

        @Override
        List<String> applyGlobal(HookInstaller installer) throws IOException {
            return installer.uninstallGlobal(globalHooksDir(), userGitConfig());
        }

        @Override
        List<String> applyLocal(HookInstaller installer, Path hooksDir) throws IOException {
            return installer.uninstallLocal(hooksDir);
        }
    }

    @Command(name = "message", mixinStandardHelpOptions = true, description = "Print suggestions for the staged changes.")
    static final class Message implements Callable<Integer> {
        private final Environment environment;

        @Spec
        CommandSpec spec;

        @Option(names = "-n", description = "How many suggestions (default: the 'suggestions' setting, 1).")
        Integer count;

        @Option(names = "--amend", description = "Describe HEAD's changes plus the staged ones, as --amend would commit them.")
        boolean amend;

        Message(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            try (Repository repository = Repositories.open(environment)) {
                QuireConfig config = environment.configLoader().load(Repositories.workTree(repository));
                if (count != null) {
                    config = withSuggestions(config, count);
                }
                Suggester.Outcome outcome = new Suggester(config).suggest(repository, amend);
                outcome.changes().leftOut().forEach(f -> environment.err().println("quire: left out " + f));
                outcome.changes().notes().forEach(n -> environment.err().println("quire: " + n));
                if (outcome.reply().isEmpty()) {
                    environment.err().println(outcome.changes().leftOut().isEmpty()
                            ? "quire: nothing staged to describe (stage changes with git add)"
                            : "quire: nothing left to describe: every staged file was left out (see above)");
                    return 1;
                }
                SuggestionReply reply = outcome.reply().get();
                reply.warnings().forEach(w -> environment.err().println("quire: " + w));
                List<Suggestion> suggestions = reply.suggestions();
                for (int i = 0; i < suggestions.size(); i++) {
                    if (suggestions.size() > 1) {
                        environment.out().println((i > 0 ? "\n" : "") + "--- suggestion " + (i + 1) + " ---");
                    }
                    environment.out().println(suggestions.get(i).message());
                }
                return 0;
            } catch (ConfigException | GatewayException | IOException e) {
                environment.err().println("quire: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        private QuireConfig withSuggestions(QuireConfig c, int n) {
            if (n < 1 || n > ConfigLoader.MAX_SUGGESTIONS) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "-n must be between 1 and " + ConfigLoader.MAX_SUGGESTIONS + ", got " + n);
            }
            return new QuireConfig(c.gatewayUrl(), c.apiKey(), c.timeout(), c.language(), c.conventional(), c.ignore(),
                    c.titleLimit(), n, c.history(), c.amend(), c.learn(), c.diffLimit());
        }
    }

    /** git's prepare-commit-msg hook. Whatever happens, it exits 0 and git's message stays usable. */
    @Command(name = "prepare-commit-msg", hidden = true, description = "The prepare-commit-msg hook entry.")
    static final class PrepareCommitMsg implements Callable<Integer> {
        private final Environment environment;

        @Parameters(index = "0", description = "The file with the commit message.")
        Path file;

        @Parameters(index = "1", arity = "0..1", description = "message, template, merge, squash or commit.")
        String source;

        @Parameters(index = "2", arity = "0..1", description = "The commit id for source 'commit'.")
        String sha;

        PrepareCommitMsg(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            QuireConfig config = null;
            try (Repository repository = Repositories.open(environment)) {
                config = environment.configLoader().load(Repositories.workTree(repository));
                UsageLog usage = new UsageLog(repository.getDirectory().toPath());
                if (config.learn()) {
                    usage.clearPending();
                }
                CommitSource from = CommitSource.of(Optional.ofNullable(source));
                boolean amend = from == CommitSource.COMMIT && isHead(repository, sha);
                if (from != CommitSource.PLAIN && !(amend && config.amend())) {
                    return 0;
                }
                Suggester.Outcome outcome = withinTimeout(config, repository, amend);
                if (outcome.reply().isEmpty()) {
                    return 0;
                }
                List<Suggestion> suggestions = outcome.reply().get().suggestions();
                Path messageFile = environment.cwd().resolve(file);
                CommitMessageFile.write(messageFile, suggestions.get(0).message(), notes(outcome),
                        commentChar(repository), commitEncoding(repository));
                if (config.learn()) {
                    usage.savePending(outcome.changes().diff(), suggestions.get(0).message());
                }
            } catch (TimeoutException e) {
                environment.err().println("quire: no suggestion within " + config.timeout().toMillis()
                        + " ms (timeout setting); git's message left unchanged");
            } catch (Exception | LinkageError e) {
                environment.err().println("quire: " + oneLine(e) + "; git's message left unchanged");
            }
            return 0;
        }

        private Suggester.Outcome withinTimeout(QuireConfig config, Repository repository, boolean amend) throws Exception {
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "quire-suggest");
                thread.setDaemon(true);
                return thread;
            });
            try {
                Future<Suggester.Outcome> future = executor.submit(() -> new Suggester(config).suggest(repository, amend));
                long left = config.timeout().toNanos() - (System.nanoTime() - environment.startNanos());
                try {
                    return future.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                } finally {
                    future.cancel(true);
                }
            } finally {
                executor.shutdownNow();
            }
        }

        private static List<String> notes(Suggester.Outcome outcome) {
            List<String> notes = new ArrayList<>();
            StagedChanges changes = outcome.changes();
            if (!changes.leftOut().isEmpty()) {
                notes.add("quire: left out of the diff: " + String.join(", ", changes.leftOut().stream().map(Object::toString).toList()));
            }
            changes.notes().forEach(n -> notes.add("quire: " + n));
            SuggestionReply reply = outcome.reply().orElseThrow();
            reply.warnings().forEach(w -> notes.add("quire: " + w));
            for (int i = 1; i < reply.suggestions().size(); i++) {
                notes.add("quire suggestion " + (i + 1) + ":");
                reply.suggestions().get(i).message().lines().forEach(line -> notes.add("  " + line));
            }
            return notes;
        }

        /** git passes "HEAD" for --amend and a commit name for -c/-C; only the former rewrites HEAD. */
        private static boolean isHead(Repository repository, String sha) throws IOException {
            if (sha == null || sha.isBlank()) {
                return false;
            }
            ObjectId head = repository.resolve(Constants.HEAD);
            ObjectId given = repository.resolve(sha.strip());
            return head != null && head.equals(given);
        }

        private static char commentChar(Repository repository) {
            String value = repository.getConfig().getString("core", null, "commentChar");
            return value == null || value.isEmpty() || value.equals("auto") ? '#' : value.charAt(0);
        }

        private static Charset commitEncoding(Repository repository) {
            String value = repository.getConfig().getString("i18n", null, "commitEncoding");
            try {
                return value == null ? StandardCharsets.UTF_8 : Charset.forName(value);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }
    }

    /** git's post-commit hook: with learn=true, pairs the suggestion with the message committed. */
    @Command(name = "post-commit", hidden = true, description = "The post-commit hook entry.")
    static final class PostCommit implements Callable<Integer> {
        private final Environment environment;

        PostCommit(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            try (Repository repository = Repositories.open(environment)) {
                QuireConfig config = environment.configLoader().load(Repositories.workTree(repository));
                if (!config.learn()) {
                    return 0;
                }
                ObjectId head = repository.resolve(Constants.HEAD);
                try (RevWalk walk = new RevWalk(repository)) {
                    RevCommit commit = walk.parseCommit(head);
                    new UsageLog(repository.getDirectory().toPath()).recordCommit(commit.name(), commit.getFullMessage(),
                            commit.getCommitTime() * 1000L);
                }
            } catch (Exception | LinkageError e) {
                environment.err().println("quire: recording the commit for `quire commit stats` failed: " + oneLine(e));
            }
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "How often suggestions were committed unchanged, and how much they were edited (needs learn=true).")
    static final class Stats implements Callable<Integer> {
        private final Environment environment;

        Stats(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws IOException {
            try (Repository repository = Repositories.open(environment)) {
                List<UsageRecord> records = new UsageLog(repository.getDirectory().toPath()).records();
                environment.out().println(UsageStats.of(records).describe());
                return 0;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the recorded (diff, suggested, message) pairs as JSONL, for fine-tuning.")
    static final class Export implements Callable<Integer> {
        private final Environment environment;

        @Option(names = {"-o", "--output"}, description = "File to write (default: standard output).")
        Path output;

        Export(Environment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws IOException {
            try (Repository repository = Repositories.open(environment)) {
                UsageLog log = new UsageLog(repository.getDirectory().toPath());
                int count;
                if (output == null) {
                    count = log.export(environment.out());
                } else {
                    try (Writer writer = new OutputStreamWriter(Files.newOutputStream(environment.cwd().resolve(output)),
                            StandardCharsets.UTF_8)) {
                        count = log.export(writer);
                    }
                }
                environment.err().println("quire: exported " + count + " pairs");
                return 0;
            }
        }
    }

    /** One line for stderr: a hook prints exactly one. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
