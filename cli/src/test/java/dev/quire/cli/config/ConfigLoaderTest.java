package dev.quire.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private Path home() {
        return tmp.resolve("home");
    }

    private Path tree() {
        return tmp.resolve("repo");
    }

    private void global(String text) throws IOException {
        Path file = home().resolve(".config/quire/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void repository(String text) throws IOException {
        Path file = tree().resolve(".quire/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void defaultsHoldWithoutAnyFile() {
        QuireConfig config = new ConfigLoader(Map.of(), home()).load(Optional.of(tree()));
        assertEquals(URI.create("http://localhost:8080"), config.gatewayUrl());
        assertEquals(Duration.ofSeconds(10), config.timeout());
        assertEquals(50, config.titleLimit());
        assertEquals(1, config.suggestions());
        assertFalse(config.conventional());
        assertFalse(config.amend());
        assertFalse(config.learn());
        assertEquals(1_000_000, config.diffLimit(), "the server's default max-diff-bytes");
        assertTrue(config.ignore().contains("yarn.lock"));
    }

    @Test
    void repositoryFileOverridesGlobalAndEnvironmentOverridesBoth() throws IOException {
        global("gateway.url=http://global:1\ntimeout=3s\nlanguage=German\nconventional=true\napi.key=secret-global\n");
        repository("timeout=5s\nlanguage=French\nignore=*.snap, dist/**\n");
        QuireConfig config = new ConfigLoader(Map.of("QUIRE_LANGUAGE", "Spanish", "QUIRE_TITLE_LIMIT", "72"), home())
                .load(Optional.of(tree()));
        assertEquals(URI.create("http://global:1"), config.gatewayUrl());
        assertEquals(Duration.ofSeconds(5), config.timeout());
        assertEquals(Optional.of("Spanish"), config.language());
        assertTrue(config.conventional());
        assertEquals(72, config.titleLimit());
        assertEquals(Optional.of("secret-global"), config.apiKey());
        assertTrue(config.ignore().containsAll(java.util.List.of("*.snap", "dist/**", "yarn.lock")));
    }

    @Test
    void xdgConfigHomeMovesTheGlobalFile() {
        ConfigLoader loader = new ConfigLoader(Map.of("XDG_CONFIG_HOME", "/etc/xdg-test"), home());
        assertEquals(Path.of("/etc/xdg-test/quire/config"), loader.globalFile());
    }

    @Test
    void theRepositoryFileCannotHoldTheApiKey() throws IOException {
        repository("api.key=oops\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), home()).load(Optional.of(tree())));
        assertTrue(e.getMessage().contains("QUIRE_API_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("oops"), "the key itself is never printed: " + e.getMessage());
    }

    @Test
    void theKeyNeverShowsInToString() {
        QuireConfig config = new ConfigLoader(Map.of("QUIRE_API_KEY", "s3cr3t"), home()).load(Optional.empty());
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
    }

    @Test
    void badValuesNameTheirSourceAndTheLimit() throws IOException {
        repository("title.limit=5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), home()).load(Optional.of(tree())));
        assertTrue(e.getMessage().contains(".quire/config") && e.getMessage().contains("10 to 200") && e.getMessage().contains("'5'"),
                e.getMessage());
        ConfigException timeout = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("QUIRE_TIMEOUT", "soon"), home()).load(Optional.empty()));
        assertTrue(timeout.getMessage().contains("QUIRE_TIMEOUT") && timeout.getMessage().contains("10s"), timeout.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> {
            global("colour=blue\n");
            new ConfigLoader(Map.of(), home()).load(Optional.empty());
        });
        assertTrue(unknown.getMessage().contains("unknown setting 'colour'"), unknown.getMessage());
    }

    @Test
    void theDiffLimitCanBeRaisedToMatchTheServer() {
        assertEquals(5_000_000, new ConfigLoader(Map.of("QUIRE_DIFF_LIMIT", "5000000"), home()).load(Optional.empty()).diffLimit());
        ConfigException tooSmall = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("QUIRE_DIFF_LIMIT", "500"), home()).load(Optional.empty()));
        assertTrue(tooSmall.getMessage().contains("QUIRE_DIFF_LIMIT") && tooSmall.getMessage().contains("10000 to 100000000"),
                tooSmall.getMessage());
    }

    @Test
    void defaultIgnoreListCanBeSwitchedOff() {
        QuireConfig config = new ConfigLoader(Map.of("QUIRE_IGNORE_DEFAULTS", "false", "QUIRE_IGNORE", "*.gen.go"), home())
                .load(Optional.empty());
        assertEquals(java.util.List.of("*.gen.go"), config.ignore());
    }

    @Test
    void timeoutsTakeUnits() {
        assertEquals(Duration.ofMillis(1500),
                new ConfigLoader(Map.of("QUIRE_TIMEOUT", "1500ms"), home()).load(Optional.empty()).timeout());
        assertEquals(Duration.ofSeconds(7), new ConfigLoader(Map.of("QUIRE_TIMEOUT", "7"), home()).load(Optional.empty()).timeout());
    }
}
