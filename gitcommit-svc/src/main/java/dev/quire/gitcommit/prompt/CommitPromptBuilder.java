package dev.quire.gitcommit.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.quire.common.prompt.PromptTemplates;
import dev.quire.gitcommit.CommitOptionsResolver.EffectiveOptions;
import dev.quire.gitcommit.CommitSettings;
import dev.quire.gitcommit.diff.StagedDiff;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the template {@code prompts/commit-message.txt} for a diff: instructions, file summary, hunks within budget. */
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
        DiffExcerpt excerpt = DiffExcerpt.within(diff.described(), settings.diffBudgetChars());
        String text = templates.render(TEMPLATE, Map.of(
                "maxTitleLength", options.maxTitleLength(),
                "language", options.language(),
                "conventional", options.conventional(),
                "files", diff.described().stream().map(FileLine::of).toList(),
                "sections", excerpt.sections(),
                "hunksLeftOut", !excerpt.leftOut().isEmpty()));
        List<String> warnings = new ArrayList<>();
        if (!excerpt.leftOut().isEmpty()) {
            warnings.add("the prompt's diff budget of " + settings.diffBudgetChars()
                    + " characters left out the changes of: " + String.join(", ", excerpt.leftOut())
                    + "; the model saw only their line counts");
        }
        return new CommitPrompt(text, warnings);
    }
}
