package dev.quire.cli.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the command line, after layering (see {@link ConfigLoader}).
 *
 * @param gatewayUrl  base URL of the Quire gateway
 * @param apiKey      sent as {@code Authorization: Bearer}; never printed
 * @param timeout     the longest a hook waits before leaving git's message alone
 * @param language    language of the message; empty for the service's default
 * @param conventional whether titles start with a Conventional Commits type
 * @param ignore      globs of files left out of the diff (a glob without '/' matches the file name)
 * @param titleLimit  longest title, in characters
 * @param suggestions how many messages to ask for
 * @param history     how many recent commit titles to send as style examples
 * @param amend       whether the hook also suggests for {@code git commit --amend}
 * @param learn       whether the post-commit hook records suggested and final messages
 * @param diffLimit   most bytes (UTF-8) of diff sent; the largest files are left out until the rest fits
 */
public record QuireConfig(URI gatewayUrl, Optional<String> apiKey, Duration timeout, Optional<String> language,
        boolean conventional, List<String> ignore, int titleLimit, int suggestions, int history, boolean amend,
        boolean learn, int diffLimit) {

    public QuireConfig {
        ignore = List.copyOf(ignore);
    }

    /** Never shows the key itself. */
    @Override
    public String toString() {
        return "QuireConfig[gatewayUrl=" + gatewayUrl + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                + ", timeout=" + timeout + ", language=" + language.orElse("(service default)") + ", conventional="
                + conventional + ", ignore=" + ignore + ", titleLimit=" + titleLimit + ", suggestions=" + suggestions
                + ", history=" + history + ", amend=" + amend + ", learn=" + learn + ", diffLimit=" + diffLimit + "]";
    }
}
