package dev.quire.gitcommit.summary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import dev.quire.common.QuireException;
import dev.quire.common.inference.GenerationRequest;
import dev.quire.common.inference.PromptTooLongException;
import dev.quire.common.inference.TextGenerationClient;
import dev.quire.common.prompt.PromptTemplates;
import dev.quire.gitcommit.CommitSettings;
import dev.quire.gitcommit.ModelCallPool;
import dev.quire.gitcommit.diff.ChangedFile;
import dev.quire.gitcommit.prompt.ContextFit;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Summarises each changed file with its own model call, all in flight together so inference-svc can
 * batch them. A file over the per-call budget is split into parts (see {@link FileParts}) and each
 * part summarised; files without text lines (binary, mode change, pure rename) are described from
 * the diff's facts without the model.
 */
@ApplicationScoped
public class FileSummarizer {

    static final String TEMPLATE = "file-summary";
    private static final Pattern UNPRINTABLE = Pattern.compile("[[\\uFFFD\\p{Cc}]&&[^\\n\\t]]");
    /** A summary is one sentence; more is a model rambling. */
    static final int MAX_SUMMARY_CHARS = 200;

    private final PromptTemplates templates;
    private final TextGenerationClient model;
    private final CommitSettings settings;
    private final ModelCallPool calls;

    public FileSummarizer(PromptTemplates templates, TextGenerationClient model, CommitSettings settings, ModelCallPool calls) {
        this.templates = templates;
        this.model = model;
        this.settings = settings;
        this.calls = calls;
    }

    /**
     * @throws QuireException.InvalidRequest when the diff needs more calls than allowed (it is refused, not cut)
     */
    public FileSummaries summarize(List<ChangedFile> files, Instant deadline) {
        Map<ChangedFile, List<FilePart>> partsByFile = new LinkedHashMap<>();
        int total = 0;
        for (ChangedFile file : files) {
            List<FilePart> parts = file.binary() ? List.of() : FileParts.split(file, settings.fileBudgetChars());
            partsByFile.put(file, parts);
            total += parts.size();
        }
        if (total > settings.maxSummaryCalls()) {
            throw new QuireException.InvalidRequest("the diff needs " + total + " summary calls (files are split into parts of "
                    + settings.fileBudgetChars() + " characters); the limit is " + settings.maxSummaryCalls()
                    + ": commit in smaller steps or raise quire.commit.max-summary-calls");
        }
        Map<FilePart, CompletableFuture<PartSummary>> pending = new LinkedHashMap<>();
        partsByFile.values().forEach(parts -> parts.forEach(part ->
                pending.put(part, calls.submit(() -> summarizePart(part, deadline)))));
        Map<String, String> byPath = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<ChangedFile, List<FilePart>> entry : partsByFile.entrySet()) {
            ChangedFile file = entry.getKey();
            List<FilePart> parts = entry.getValue();
            if (parts.isEmpty()) {
                byPath.put(file.path(), facts(file));
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (FilePart part : parts) {
                PartSummary summary = join(pending.get(part));
                texts.add(summary.text());
                summary.warning().ifPresent(warnings::add);
            }
            byPath.put(file.path(), String.join("; ", texts));
            if (parts.size() > 1) {
                warnings.add(file.displayPath() + " was over the per-call budget of " + settings.fileBudgetChars()
                        + " characters and was summarised in " + parts.size() + " parts");
            }
        }
        return new FileSummaries(byPath, pending.size(), warnings);
    }

    /** One part's summary, and what the user must know about it (it was cut to fit the model's context). */
    private record PartSummary(String text, Optional<String> warning) {
    }

    private PartSummary summarizePart(FilePart part, Instant deadline) {
        String whole = part.text().stripTrailing();
        String text = whole;
        for (int attempt = 0; ; attempt++) {
            String prompt = prompt(part, text);
            try {
                String answer = model.generate(GenerationRequest.greedy(prompt, settings.summaryMaxTokens(), deadline)
                        .withStop(List.of("\n\n"))).text();
                Optional<String> cut = text.length() == whole.length() ? Optional.empty()
                        : Optional.of(part.file().displayPath() + (part.parts() > 1 ? " (part " + part.part() + " of " + part.parts() + ")" : "")
                                + " was summarised from its first " + text.length() + " characters: the model's context holds no more");
                return new PartSummary(cleaned(answer, part.file()), cut);
            } catch (PromptTooLongException tooLong) {
                if (attempt == ContextFit.MAX_RETRIES || text.isEmpty()) {
                    throw tooLong;
                }
                int end = ContextFit.shrink(text.length(), prompt.length(), tooLong, settings.summaryMaxTokens());
                // Never between the two halves of a surrogate pair: a lone half is no character at all.
                if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end--;
                }
                text = text.substring(0, end);
            }
        }
    }

    private String prompt(FilePart part, String text) {
        ChangedFile file = part.file();
        return templates.render(TEMPLATE, Map.of(
                "path", file.displayPath(),
                "change", file.changeLabel(),
                "added", file.linesAdded(),
                "removed", file.linesRemoved(),
                "part", part.part(),
                "parts", part.parts(),
                "text", text));
    }

    private static String cleaned(String answer, ChangedFile file) {
        String cleaned = UNPRINTABLE.matcher(answer).replaceAll("").strip().replaceAll("\\s+", " ");
        if (cleaned.length() > MAX_SUMMARY_CHARS) {
            cleaned = cleaned.substring(0, MAX_SUMMARY_CHARS).strip() + "...";
        }
        return cleaned.isEmpty() ? facts(file) : cleaned;
    }

    /** What the diff itself says, for files the model cannot read or did not describe. */
    static String facts(ChangedFile file) {
        if (file.binary()) {
            return "binary file " + file.changeLabel();
        }
        if (file.hunks().isEmpty()) {
            return file.changeLabel() + (file.changeType() == org.eclipse.jgit.diff.DiffEntry.ChangeType.MODIFY
                    ? " (file mode only)" : " without content changes");
        }
        return file.changeLabel() + ", +" + file.linesAdded() + " -" + file.linesRemoved() + " lines";
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
