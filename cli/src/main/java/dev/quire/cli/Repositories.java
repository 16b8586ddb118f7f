package dev.quire.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/** Opens the repository a command runs in, honouring GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE as git sets them for hooks. */
public final class Repositories {

    private Repositories() {
    }

    /**
     * JGit finds git's system config by running {@code git --version} and {@code git config --system}
     * (two processes, a few hundred ms). The file sits where git puts it by default, so name it instead.
     */
    public static void locateSystemConfigWithoutGit(Environment environment) {
        String configured = environment.env().get("GIT_CONFIG_SYSTEM");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("/etc/gitconfig");
        FS.DETECTED.setGitSystemConfig(file.toFile());
    }

    public static Repository open(Environment environment) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder();
        String gitDir = environment.env().get("GIT_DIR");
        if (gitDir != null && !gitDir.isBlank()) {
            builder.setGitDir(environment.cwd().resolve(gitDir).toFile());
            String workTree = environment.env().get("GIT_WORK_TREE");
            builder.setWorkTree(environment.cwd().resolve(workTree == null || workTree.isBlank() ? "." : workTree).toFile());
        } else {
            builder.findGitDir(environment.cwd().toFile());
            if (builder.getGitDir() == null) {
                throw new IOException("not inside a git repository: " + environment.cwd());
            }
        }
        // `git commit -a` and `git commit <paths>` stage into a temporary index named here.
        String index = environment.env().get("GIT_INDEX_FILE");
        if (index != null && !index.isBlank()) {
            builder.setIndexFile(environment.cwd().resolve(index).toFile());
        }
        return builder.setMustExist(true).build();
    }

    public static Optional<Path> workTree(Repository repository) {
        return repository.isBare() ? Optional.empty() : Optional.of(repository.getWorkTree().toPath());
    }
}
