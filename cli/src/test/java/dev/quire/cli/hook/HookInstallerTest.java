package dev.quire.cli.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookInstallerTest {

    @TempDir
    Path tmp;

    private final HookInstaller installer = new HookInstaller("'/opt/quire/bin/quire'");

    @Test
    void anExistingHookIsChainedAndRestoredOnUninstall() throws IOException {
        Path hooks = tmp.resolve("hooks");
        Files.createDirectories(hooks);
        Files.writeString(hooks.resolve("prepare-commit-msg"), "#!/bin/sh\necho mine\n");
        installer.installLocal(hooks);
        String script = Files.readString(hooks.resolve("prepare-commit-msg"));
        assertTrue(script.contains("'/opt/quire/bin/quire' commit prepare-commit-msg \"$@\""), script);
        assertTrue(script.contains(hooks.resolve("prepare-commit-msg.quire-chained").toString()), script);
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(hooks.resolve("prepare-commit-msg.quire-chained")));
        assertTrue(Files.isExecutable(hooks.resolve("post-commit")));

        // Installing twice must not chain Quire's own hook.
        installer.installLocal(hooks);
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(hooks.resolve("prepare-commit-msg.quire-chained")));

        installer.uninstallLocal(hooks);
        assertEquals("#!/bin/sh\necho mine\n", Files.readString(hooks.resolve("prepare-commit-msg")));
        assertFalse(Files.exists(hooks.resolve("prepare-commit-msg.quire-chained")));
        assertFalse(Files.exists(hooks.resolve("post-commit")));
    }

    @Test
    void uninstallLeavesForeignHooksAlone() throws IOException {
        Path hooks = tmp.resolve("hooks");
        Files.createDirectories(hooks);
        Files.writeString(hooks.resolve("post-commit"), "#!/bin/sh\necho theirs\n");
        installer.uninstallLocal(hooks);
        assertEquals("#!/bin/sh\necho theirs\n", Files.readString(hooks.resolve("post-commit")));
    }

    @Test
    void globalInstallSetsHooksPathAndRestoresThePreviousOne() throws IOException {
        Path gitconfig = tmp.resolve(".gitconfig");
        Files.writeString(gitconfig, "[core]\n\thooksPath = /team/hooks\n[user]\n\tname = Me\n");
        Path quireHooks = tmp.resolve("quire/hooks");
        installer.installGlobal(quireHooks, gitconfig);
        String config = Files.readString(gitconfig);
        assertTrue(config.contains("hooksPath = " + quireHooks), config);
        assertTrue(Files.readString(quireHooks.resolve("prepare-commit-msg")).contains("'/team/hooks/prepare-commit-msg'"));

        installer.uninstallGlobal(quireHooks, gitconfig);
        config = Files.readString(gitconfig);
        assertTrue(config.contains("hooksPath = /team/hooks"), config);
        assertTrue(config.contains("name = Me"), config);
        assertFalse(Files.exists(quireHooks.resolve("prepare-commit-msg")));
    }

    @Test
    void globalInstallWithoutAPreviousPathChainsTheRepositorysOwnHooks() throws IOException {
        Path gitconfig = tmp.resolve(".gitconfig");
        Path quireHooks = tmp.resolve("quire/hooks");
        installer.installGlobal(quireHooks, gitconfig);
        assertTrue(Files.readString(quireHooks.resolve("prepare-commit-msg")).contains("$(git rev-parse --git-dir 2>/dev/null)/hooks/"));
        installer.uninstallGlobal(quireHooks, gitconfig);
        assertFalse(Files.readString(gitconfig).contains("hooksPath"), Files.readString(gitconfig));
    }
}
