package dev.quire.cli;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.quire.cli.config.QuireConfig;
import dev.quire.cli.gateway.GatewayClient;
import dev.quire.cli.gateway.GatewayException;
import dev.quire.cli.gateway.SuggestionReply;
import dev.quire.cli.gateway.SuggestionRequest;
import dev.quire.cli.git.GeneratedFiles;
import dev.quire.cli.git.RecentTitles;
import dev.quire.cli.git.StagedChanges;
import dev.quire.cli.git.StagedChangesReader;
import org.eclipse.jgit.lib.Repository;

/** Reads the staged changes and the project's recent titles, and asks the gateway for messages. */
public final class Suggester {

    private final QuireConfig config;

    public Suggester(QuireConfig config) {
        this.config = config;
    }

    /**
     * @param changes what was read, including the files left out
     * @param reply   the gateway's answer; empty when there was nothing to describe
     */
    public record Outcome(StagedChanges changes, Optional<SuggestionReply> reply) {
    }

    public Outcome suggest(Repository repository, boolean amend) throws IOException, GatewayException, InterruptedException {
        StagedChanges changes = new StagedChangesReader(repository, new GeneratedFiles(config.ignore()), config.diffLimit()).read(amend);
        if (changes.isEmpty()) {
            return new Outcome(changes, Optional.empty());
        }
        List<String> history = RecentTitles.of(repository, config.history(), amend);
        GatewayClient gateway = new GatewayClient(config.gatewayUrl(), config.apiKey(), config.timeout());
        SuggestionReply reply = gateway.suggest(new SuggestionRequest(changes.diff(), config.titleLimit(), config.language(),
                config.conventional(), config.suggestions(), history));
        return new Outcome(changes, Optional.of(reply));
    }
}
