package dev.quire.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers settings: defaults, then the global file ({@code $XDG_CONFIG_HOME/quire/config}, else
 * {@code ~/.config/quire/config}), then the repository file ({@code .quire/config} in the work tree),
 * then {@code QUIRE_*} environment variables (key {@code title.limit} is {@code QUIRE_TITLE_LIMIT}).
 * Files are Java properties. The repository file may be committed, so it cannot hold the API key.
 */
public final class ConfigLoader {

    public static final String GATEWAY_URL = "gateway.url";
    public static final String API_KEY = "api.key";
    public static final String TIMEOUT = "timeout";
    public static final String LANGUAGE = "language";
    public static final String CONVENTIONAL = "conventional";
    public static final String IGNORE = "ignore";
    public static final String IGNORE_DEFAULTS = "ignore.defaults";
    public static final String TITLE_LIMIT = "title.limit";
    public static final String SUGGESTIONS = "suggestions";
    public static final String HISTORY = "history";
    public static final String HOOK_AMEND = "hook.amend";
    public static final String LEARN = "learn";
    public static final String DIFF_LIMIT = "diff.limit";

    static final List<String> KEYS = List.of(GATEWAY_URL, API_KEY, TIMEOUT, LANGUAGE, CONVENTIONAL, IGNORE, IGNORE_DEFAULTS,
            TITLE_LIMIT, SUGGESTIONS, HISTORY, HOOK_AMEND, LEARN, DIFF_LIMIT);

    /** Dependency lock files and minified or generated artefacts: noise in a commit message. */
    public static final List<String> DEFAULT_IGNORE = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
            "pnpm-lock.yaml", "bun.lockb", "Cargo.lock", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "go.sum",
            "composer.lock", "Gemfile.lock", "mix.lock", "pubspec.lock", "packages.lock.json", "flake.lock",
            "gradle.lockfile", "Podfile.lock", "Package.resolved", "*.min.js", "*.min.css", "*.js.map", "*.css.map");

    // The server's limits (CommitOptionsResolver, CommitOptionLimits in quire-proto), repeated because this small
    // jar depends on neither: a config value beyond them is refused here, before a request is sent.
    public static final int MIN_TITLE_LIMIT = 10;
    public static final int MAX_TITLE_LIMIT = 200;
    public static final int MAX_SUGGESTIONS = 5;
    public static final int MAX_HISTORY = 20;
    /** The gateway's and gitcommit-svc's default max-diff-bytes; a server set higher can be matched with diff.limit. */
    public static final int DEFAULT_DIFF_LIMIT = 1_000_000;
    public static final int MIN_DIFF_LIMIT = 10_000;
    public static final int MAX_DIFF_LIMIT = 100_000_000;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the process environment (QUIRE_*, XDG_CONFIG_HOME)
     * @param home the user's home directory
     */
    public ConfigLoader(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    public Path globalFile() {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("quire").resolve("config");
    }

    public static Path repositoryFile(Path workTree) {
        return workTree.resolve(".quire").resolve("config");
    }

    /** @param workTree the repository's work tree, empty outside a repository or in a bare one */
    public QuireConfig load(Optional<Path> workTree) {
        Map<String, Setting> values = new LinkedHashMap<>();
        readFile(globalFile(), values, true);
        workTree.ifPresent(tree -> readFile(repositoryFile(tree), values, false));
        for (String key : KEYS) {
            String name = envName(key);
            String value = env.get(name);
            if (value != null) {
                values.put(key, new Setting(value.strip(), "environment variable " + name));
            }
        }
        return build(values);
    }

    public static String envName(String key) {
        return "QUIRE_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static void readFile(Path file, Map<String, Setting> values, boolean mayHoldSecrets) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(file + ": unknown setting '" + key + "'; known settings: " + String.join(", ", KEYS));
            }
            if (key.equals(API_KEY) && !mayHoldSecrets) {
                throw new ConfigException(file + " is part of the repository and may be committed: put api.key in the "
                        + "global file or QUIRE_API_KEY instead");
            }
            values.put(key, new Setting(properties.getProperty(key).strip(), file.toString()));
        }
    }

    private static QuireConfig build(Map<String, Setting> values) {
        URI gateway = uri(values.get(GATEWAY_URL));
        List<String> ignore = new ArrayList<>();
        if (bool(values.get(IGNORE_DEFAULTS), true)) {
            ignore.addAll(DEFAULT_IGNORE);
        }
        Setting extra = values.get(IGNORE);
        if (extra != null) {
            for (String glob : extra.value().split(",")) {
                if (!glob.isBlank()) {
                    ignore.add(glob.strip());
                }
            }
        }
        return new QuireConfig(gateway,
                Optional.ofNullable(values.get(API_KEY)).map(Setting::value).filter(v -> !v.isEmpty()),
                duration(values.get(TIMEOUT), Duration.ofSeconds(10)),
                Optional.ofNullable(values.get(LANGUAGE)).map(Setting::value).filter(v -> !v.isEmpty()),
                bool(values.get(CONVENTIONAL), false),
                ignore,
                integer(values.get(TITLE_LIMIT), 50, MIN_TITLE_LIMIT, MAX_TITLE_LIMIT),
                integer(values.get(SUGGESTIONS), 1, 1, MAX_SUGGESTIONS),
                integer(values.get(HISTORY), 10, 0, MAX_HISTORY),
                bool(values.get(HOOK_AMEND), false),
                bool(values.get(LEARN), false),
                integer(values.get(DIFF_LIMIT), DEFAULT_DIFF_LIMIT, MIN_DIFF_LIMIT, MAX_DIFF_LIMIT));
    }

    private static URI uri(Setting setting) {
        if (setting == null) {
            return URI.create("http://localhost:8080");
        }
        try {
            URI uri = URI.create(setting.value());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting.source() + ": " + GATEWAY_URL + " must be an http(s) URL such as "
                    + "http://localhost:8080, got '" + setting.value() + "'");
        }
    }

    private static Duration duration(Setting setting, Duration fallback) {
        if (setting == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(setting.value());
        if (!m.matches()) {
            throw new ConfigException(setting.source() + ": " + TIMEOUT + " must be a positive duration such as 10s, 500ms or 1m, got '"
                    + setting.value() + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (d.isZero()) {
            throw new ConfigException(setting.source() + ": " + TIMEOUT + " must be above zero, got '" + setting.value() + "'");
        }
        return d;
    }

    private static boolean bool(Setting setting, boolean fallback) {
        if (setting == null) {
            return fallback;
        }
        return switch (setting.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(setting.source() + ": expected true or false, got '" + setting.value() + "'");
        };
    }

    private static int integer(Setting setting, int fallback, int min, int max) {
        if (setting == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(setting.value());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ConfigException(setting.source() + ": expected a whole number from " + min + " to " + max + ", got '"
                + setting.value() + "'");
    }

    /** A raw value and where it came from, for error messages. */
    private record Setting(String value, String source) {
    }
}
