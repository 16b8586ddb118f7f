package dev.quire.gitcommit;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the commit-message service, with its default. */
@ConfigMapping(prefix = "quire.commit")
public interface CommitSettings {

    /** Title limit used when a request does not set options.max_title_length. */
    @WithDefault("50")
    int maxTitleLength();

    /** Language of the message when a request does not name one. */
    @WithDefault("English")
    String language();

    /** Largest diff (UTF-8 bytes) accepted; a bigger one is refused, never truncated. */
    @WithDefault("1000000")
    int maxDiffBytes();

    /** Characters of diff hunks the prompt may carry; files beyond it are described by their stats only. */
    @WithDefault("12000")
    int diffBudgetChars();

    /** Upper bound of tokens the model may generate for one message. */
    @WithDefault("96")
    int maxTokens();

    /** Characters of one file's diff one summary call may carry; bigger files are summarised in parts. */
    @WithDefault("4000")
    int fileBudgetChars();

    /** Upper bound of tokens for one file summary. */
    @WithDefault("48")
    int summaryMaxTokens();

    /** Most summary calls one request may need; a bigger diff is refused with this limit, never cut. */
    @WithDefault("64")
    int maxSummaryCalls();

    /** Model calls of one request in flight together (inference-svc batches them). */
    @WithDefault("8")
    int parallelCalls();

    /** Sampling temperature of the second and later suggestions (the first is greedy). */
    @WithDefault("0.8")
    double suggestionTemperature();

    /** How long to wait for the model when the request envelope carries no deadline. */
    @WithDefault("60s")
    Duration defaultTimeout();

    /** File names (last path segment) whose changes are generated noise and stay out of the prompt. */
    @WithDefault("package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,bun.lockb,Cargo.lock,poetry.lock,"
            + "Pipfile.lock,uv.lock,pdm.lock,go.sum,composer.lock,Gemfile.lock,mix.lock,pubspec.lock,"
            + "packages.lock.json,flake.lock,gradle.lockfile,Podfile.lock,Package.resolved")
    List<String> lockFiles();
}
