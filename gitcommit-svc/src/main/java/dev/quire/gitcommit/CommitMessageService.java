package dev.quire.gitcommit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.GenerationResult;
import dev.quire.common.inference.TextGenerationClient;
import dev.quire.gitcommit.CommitOptionsResolver.EffectiveOptions;
import dev.quire.gitcommit.diff.ChangedFile;
import dev.quire.gitcommit.diff.LockFiles;
import dev.quire.gitcommit.diff.StagedDiff;
import dev.quire.gitcommit.diff.StagedDiffParser;
import dev.quire.gitcommit.message.CommitMessage;
import dev.quire.gitcommit.message.FallbackTitle;
import dev.quire.gitcommit.message.ModelAnswerParser;
import dev.quire.gitcommit.message.TitleShortener;
import dev.quire.gitcommit.prompt.CommitPrompt;
import dev.quire.gitcommit.prompt.CommitPromptBuilder;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.CommitRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes a commit message for a staged diff: parse, prompt, ask the model, shape its answer. */
@ApplicationScoped
public class CommitMessageService {

    private final CommitPromptBuilder prompts;
    private final TextGenerationClient model;
    private final CommitSettings settings;
    private final StagedDiffParser parser;
    private final CommitOptionsResolver optionsResolver;

    public CommitMessageService(CommitPromptBuilder prompts, TextGenerationClient model, CommitSettings settings) {
        this.prompts = prompts;
        this.model = model;
        this.settings = settings;
        this.parser = new StagedDiffParser(settings.maxDiffBytes(), new LockFiles(settings.lockFiles()));
        this.optionsResolver = new CommitOptionsResolver(settings.maxTitleLength(), settings.language());
    }

    /**
     * @param deadline when nobody waits for the answer any more; empty for the configured default timeout
     * @throws dev.quire.common.QuireException for a bad request or an unreachable model
     */
    public CommitReply describe(CommitRequest request, Instant deadline) {
        EffectiveOptions options = optionsResolver.resolve(request.getOptions());
        StagedDiff diff = parser.parse(request.getDiff());
        List<String> warnings = new ArrayList<>(diff.warnings());
        CommitMessage message = diff.described().isEmpty()
                ? lockFilesOnly(diff, options)
                : askModel(diff, options, deadline, warnings);
        warnings.addAll(message.warnings());
        return CommitReply.newBuilder()
                .setTitle(message.title())
                .setBody(message.body())
                .setMessage(message.message())
                .addAllWarnings(warnings)
                .addAllFiles(diff.described().stream().map(ChangedFile::path).toList())
                .build();
    }

    public Instant deadlineFor(long deadlineEpochMs, Instant now) {
        return deadlineEpochMs > 0 ? Instant.ofEpochMilli(deadlineEpochMs) : now.plus(settings.defaultTimeout());
    }

    private CommitMessage askModel(StagedDiff diff, EffectiveOptions options, Instant deadline, List<String> warnings) {
        CommitPrompt prompt = prompts.build(diff, options);
        warnings.addAll(prompt.warnings());
        GenerationResult result = model.generate(GenerationRequest.greedy(prompt.text(), settings.maxTokens(), deadline));
        warnings.addAll(result.warnings());
        return ModelAnswerParser.parse(result.text(), options.maxTitleLength(),
                () -> FallbackTitle.of(diff.described(), options.conventional()));
    }

    /** Nothing but generated lock files changed: the model has nothing to read, so it is not asked. */
    private static CommitMessage lockFilesOnly(StagedDiff diff, EffectiveOptions options) {
        String title = TitleShortener.shorten(FallbackTitle.of(diff.leftOut(), options.conventional()), options.maxTitleLength());
        return new CommitMessage(title, "", List.of("only lock files changed; the title was derived from the diff without the model"));
    }
}
