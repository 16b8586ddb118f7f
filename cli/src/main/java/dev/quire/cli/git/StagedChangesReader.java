package dev.quire.cli.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Reads the staged changes with JGit alone (no git binary): the index against HEAD, or against the
 * empty tree before the first commit, or against HEAD's parent when amending. Renames and copies
 * are detected; binary files, mode changes and submodules come out as {@code git diff} prints them.
 */
public final class StagedChangesReader {

    private final Repository repository;
    private final GeneratedFiles generated;
    private final int diffLimit;

    /** @param diffLimit most bytes (UTF-8) of diff to send: the largest files are left out until the rest fits */
    public StagedChangesReader(Repository repository, GeneratedFiles generated, int diffLimit) {
        this.repository = repository;
        this.generated = generated;
        this.diffLimit = diffLimit;
    }

    /** @param amend describe HEAD's own changes plus the staged ones, as {@code git commit --amend} records them */
    public StagedChanges read(boolean amend) throws IOException {
        try (ObjectReader reader = repository.newObjectReader();
                DiffFormatter formatter = new DiffFormatter(new ByteArrayOutputStream())) {
            formatter.setRepository(repository);
            formatter.setDetectRenames(true);
            List<DiffEntry> entries = formatter.scan(baseTree(reader, amend),
                    new DirCacheIterator(repository.readDirCache()));
            Map<String, Optional<String>> leaveOut = reasonsToLeaveOut(entries);
            List<DiffSizeLimit.FileDiff> described = new ArrayList<>();
            List<StagedChanges.LeftOutFile> leftOut = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (DiffEntry entry : entries) {
                String path = pathOf(entry);
                Optional<String> reason = leaveOut.getOrDefault(path, Optional.empty());
                if (reason.isPresent()) {
                    leftOut.add(new StagedChanges.LeftOutFile(path, reason.get()));
                    continue;
                }
                described.add(DiffSizeLimit.FileDiff.of(path, format(entry, path, notes)));
            }
            List<DiffSizeLimit.FileDiff> sent = DiffSizeLimit.fit(described, diffLimit, leftOut);
            return new StagedChanges(sent.stream().map(DiffSizeLimit.FileDiff::text).collect(Collectors.joining()),
                    sent.stream().map(DiffSizeLimit.FileDiff::path).toList(), leftOut, notes);
        }
    }

    private AbstractTreeIterator baseTree(ObjectReader reader, boolean amend) throws IOException {
        ObjectId head = repository.resolve(Constants.HEAD);
        if (head == null) {
            return new EmptyTreeIterator();
        }
        try (RevWalk walk = new RevWalk(reader)) {
            RevCommit commit = walk.parseCommit(head);
            if (amend) {
                if (commit.getParentCount() == 0) {
                    return new EmptyTreeIterator();
                }
                commit = walk.parseCommit(commit.getParent(0));
            }
            return new CanonicalTreeParser(null, reader, commit.getTree());
        }
    }

    /** Left-out decisions for every path, read with the .gitattributes of the index (and HEAD for deleted files). */
    private Map<String, Optional<String>> reasonsToLeaveOut(List<DiffEntry> entries) throws IOException {
        Map<String, Optional<String>> reasons = new HashMap<>();
        if (entries.isEmpty()) {
            return reasons;
        }
        List<String> paths = entries.stream().map(StagedChangesReader::pathOf).distinct().toList();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(new DirCacheIterator(repository.readDirCache()));
            ObjectId headTree = repository.resolve(Constants.HEAD + "^{tree}");
            walk.addTree(headTree == null ? new EmptyTreeIterator() : new CanonicalTreeParser(null, walk.getObjectReader(), headTree));
            walk.setRecursive(true);
            walk.setFilter(PathFilterGroup.createFromStrings(paths));
            while (walk.next()) {
                Attributes attributes = walk.getAttributes();
                reasons.put(walk.getPathString(), generated.reasonToLeaveOut(walk.getPathString(), attributes));
            }
        }
        return reasons;
    }

    private String format(DiffEntry entry, String path, List<String> notes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(repository);
            formatter.format(entry);
        }
        byte[] bytes = out.toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Latin-1 maps every byte to a character, so nothing is lost or replaced; the note says so.
            notes.add(path + " is not UTF-8; its changes were read as ISO-8859-1");
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static String pathOf(DiffEntry entry) {
        return entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
    }
}
