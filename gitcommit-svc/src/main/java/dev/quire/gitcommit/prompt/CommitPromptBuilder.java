package dev.quire.gitcommit.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.quire.common.prompt.PromptTemplates;
import dev.quire.gitcommit.CommitOptionsResolver.EffectiveOptions;
import dev.quire.gitcommit.CommitSettings;
import dev.quire.gitcommit.diff.StagedDiff;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the template {@code prompts/commit-message.txt}: instructions, style examples, file summaries, hunks within budget. */
@ApplicationScoped
public class CommitPromptBuilder {

    static final String TEMPLATE = "commit-message";

    private final PromptTemplates templates;
    private final CommitSettings settings;

    public CommitPromptBuilder(PromptTemplates templates, CommitSettings settings) {
        this.templates = templates;
        this.settings = settings;
    }

    public CommitPrompt build(StagedDiff diff, EffectiveOptions options) {
        return build(diff, Map.of(), options, settings.diffBudgetChars());
    }

    /**
     * @param summaries       each file's summary by path; files without one are listed by their line counts
     * @param diffBudgetChars most characters of diff hunks the prompt shows (the configured budget, or less for a small context) */
    public CommitPrompt build(StagedDiff diff, Map<String, String> summaries, EffectiveOptions options, int diffBudgetChars) {
        DiffExcerpt excerpt = DiffExcerpt.within(diff.described(), diffBudgetChars);
        String text = templates.render(TEMPLATE, Map.of(
                "maxTitleLength", options.maxTitleLength(),
                "language", options.language(),
                "conventional", options.conventional(),
                "examples", options.styleExamples(),
                "files", diff.described().stream().map(f -> FileLine.of(f, summaries.getOrDefault(f.path(), ""))).toList(),
                "sections", excerpt.sections(),
                "hunksLeftOut", !excerpt.leftOut().isEmpty()));
        List<String> warnings = new ArrayList<>();
        if (!excerpt.leftOut().isEmpty()) {
            warnings.add("the prompt's diff budget of " + diffBudgetChars
                    + " characters left out the changes of: " + String.join(", ", excerpt.leftOut())
                    + (summaries.isEmpty() ? "; the model saw only their line counts" : "; the model saw their summaries"));
        }
        return new CommitPrompt(text, excerpt.chars(), warnings);
    }
}
