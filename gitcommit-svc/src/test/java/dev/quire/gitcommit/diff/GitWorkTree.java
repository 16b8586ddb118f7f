package dev.quire.gitcommit.diff;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/** A real git repository in a temporary folder that yields the staged diff as `git diff --staged` would. */
public final class GitWorkTree implements AutoCloseable {

    private static final PersonIdent TESTER = new PersonIdent("Quire Test", "test@quire.dev");

    private final Path root;
    private final Git git;

    private GitWorkTree(Path root, Git git) {
        this.root = root;
        this.git = git;
    }

    public static GitWorkTree init(Path dir) throws GitAPIException {
        return new GitWorkTree(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    public GitWorkTree write(String path, String content) throws IOException {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public GitWorkTree write(String path, byte[] content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return this;
    }

    public GitWorkTree stage(String path) throws GitAPIException {
        git.add().addFilepattern(path).call();
        return this;
    }

    public GitWorkTree remove(String path) throws GitAPIException {
        git.rm().addFilepattern(path).call();
        return this;
    }

    public GitWorkTree move(String from, String to) throws IOException, GitAPIException {
        Files.createDirectories(root.resolve(to).getParent());
        Files.move(root.resolve(from), root.resolve(to));
        git.rm().addFilepattern(from).call();
        git.add().addFilepattern(to).call();
        return this;
    }

    public RevCommit commitAll(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(TESTER).setCommitter(TESTER).setSign(false).call();
    }

    /** HEAD against the index, renames detected, formatted the way git prints it. */
    public String stagedDiff() throws IOException {
        Repository repository = git.getRepository();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectReader reader = repository.newObjectReader(); DiffFormatter formatter = new DiffFormatter(out)) {
            CanonicalTreeParser head = new CanonicalTreeParser();
            head.reset(reader, repository.resolve("HEAD^{tree}"));
            formatter.setRepository(repository);
            formatter.setDetectRenames(true);
            formatter.format(head, new DirCacheIterator(repository.readDirCache()));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        git.close();
    }
}
