package dev.quire.gitcommit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.GenerationResult;
import dev.quire.common.inference.PromptTooLongException;
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
import dev.quire.gitcommit.prompt.ContextFit;
import dev.quire.gitcommit.style.HistoryStyle;
import dev.quire.gitcommit.style.TitleStyler;
import dev.quire.gitcommit.summary.FileSummaries;
import dev.quire.gitcommit.summary.FileSummarizer;
import dev.quire.proto.events.CommitReply;
import dev.quire.proto.events.CommitRequest;
import dev.quire.proto.events.CommitSuggestion;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes commit messages for a staged diff: parse, summarise each file (parallel calls), write the
 * title and body from the summaries (one call per suggestion), then put the title in the project's style.
 */
@ApplicationScoped
public class CommitMessageService {

    private final CommitPromptBuilder prompts;
    private final TextGenerationClient model;
    private final FileSummarizer summarizer;
    private final ModelCallPool calls;
    private final CommitSettings settings;
    private final StagedDiffParser parser;
    private final CommitOptionsResolver optionsResolver;

    public CommitMessageService(CommitPromptBuilder prompts, TextGenerationClient model, FileSummarizer summarizer,
            ModelCallPool calls, CommitSettings settings) {
        this.calls = calls;
        this.prompts = prompts;
        this.model = model;
        this.summarizer = summarizer;
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
        Set<String> warnings = new LinkedHashSet<>(diff.warnings());
        List<CommitMessage> messages = diff.described().isEmpty()
                ? List.of(lockFilesOnly(diff, options))
                : askModel(diff, options, deadline, warnings);
        messages.forEach(m -> warnings.addAll(m.warnings()));
        CommitMessage best = messages.get(0);
        return CommitReply.newBuilder()
                .setTitle(best.title())
                .setBody(best.body())
                .setMessage(best.message())
                .addAllWarnings(warnings)
                .addAllFiles(diff.described().stream().map(ChangedFile::path).toList())
                .addAllSuggestions(messages.stream().map(m -> CommitSuggestion.newBuilder()
                        .setTitle(m.title()).setBody(m.body()).setMessage(m.message()).build()).toList())
                .build();
    }

    public Instant deadlineFor(long deadlineEpochMs, Instant now) {
        return deadlineEpochMs > 0 ? Instant.ofEpochMilli(deadlineEpochMs) : now.plus(settings.defaultTimeout());
    }

    private List<CommitMessage> askModel(StagedDiff diff, EffectiveOptions options, Instant deadline, Set<String> warnings) {
        FileSummaries summaries = summarizer.summarize(diff.described(), deadline);
        warnings.addAll(summaries.warnings());
        int budget = settings.diffBudgetChars();
        for (int attempt = 0; ; attempt++) {
            CommitPrompt prompt = prompts.build(diff, summaries.byPath(), options, budget);
            try {
                List<GenerationResult> results = generateAll(prompt, options, deadline);
                warnings.addAll(prompt.warnings());
                return messages(results, diff, options, warnings);
            } catch (PromptTooLongException tooLong) {
                if (attempt == ContextFit.MAX_RETRIES || prompt.diffChars() == 0) {
                    throw tooLong;
                }
                budget = ContextFit.shrink(prompt.diffChars(), prompt.text().length(), tooLong, settings.maxTokens());
                warnings.add("the model's context (" + tooLong.contextTokens() + " tokens) could not hold the prompt with "
                        + prompt.diffChars() + " characters of the diff; it was asked again with at most " + budget + " characters of it");
            }
        }
    }

    /** One call per suggestion, all in flight together; fails with the first call's failure. */
    private List<GenerationResult> generateAll(CommitPrompt prompt, EffectiveOptions options, Instant deadline) {
        List<CompletableFuture<GenerationResult>> pending = new ArrayList<>();
        for (int i = 0; i < options.suggestions(); i++) {
            GenerationRequest generation = generation(prompt.text(), i, deadline);
            pending.add(calls.submit(() -> model.generate(generation)));
        }
        List<GenerationResult> results = new ArrayList<>();
        for (CompletableFuture<GenerationResult> call : pending) {
            results.add(join(call));
        }
        return results;
    }

    private static List<CommitMessage> messages(List<GenerationResult> results, StagedDiff diff, EffectiveOptions options, Set<String> warnings) {
        HistoryStyle style = HistoryStyle.of(options.styleExamples());
        List<CommitMessage> messages = new ArrayList<>();
        for (GenerationResult result : results) {
            warnings.addAll(result.warnings());
            // Styling may add a prefix, so the limit is enforced once, after it (see styled).
            CommitMessage parsed = ModelAnswerParser.parse(result.text(), Integer.MAX_VALUE,
                    () -> FallbackTitle.of(diff.described(), options.conventional()));
            messages.add(styled(parsed, style, options, diff.described()));
        }
        return messages;
    }

    /** The first suggestion is greedy (the model's best); later ones sample with their own seed to differ. */
    private GenerationRequest generation(String prompt, int index, Instant deadline) {
        if (index == 0) {
            return GenerationRequest.greedy(prompt, settings.maxTokens(), deadline);
        }
        return new GenerationRequest(prompt, settings.maxTokens(), settings.suggestionTemperature(), Optional.of((long) index),
                List.of(), Optional.empty(), deadline);
    }

    private static CommitMessage styled(CommitMessage message, HistoryStyle style, EffectiveOptions options,
            List<ChangedFile> files) {
        String title = TitleStyler.apply(message.title(), style, options.conventional(), files);
        List<String> warnings = new ArrayList<>(message.warnings());
        String shortened = TitleShortener.shorten(title, options.maxTitleLength());
        if (!shortened.equals(title)) {
            warnings.add("the title had " + title.length() + " characters and was shortened at a word boundary to the limit of "
                    + options.maxTitleLength());
        }
        return new CommitMessage(shortened, message.body(), warnings);
    }

    private static GenerationResult join(CompletableFuture<GenerationResult> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Nothing but generated lock files changed: the model has nothing to read, so it is not asked. */
    private static CommitMessage lockFilesOnly(StagedDiff diff, EffectiveOptions options) {
        String title = TitleShortener.shorten(FallbackTitle.of(diff.leftOut(), options.conventional()), options.maxTitleLength());
        return new CommitMessage(title, "", List.of("only lock files changed; the title was derived from the diff without the model"));
    }
}
