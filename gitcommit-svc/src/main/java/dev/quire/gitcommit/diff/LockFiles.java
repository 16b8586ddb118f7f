package dev.quire.gitcommit.diff;

import java.util.Collection;
import java.util.Set;

/** Recognises generated dependency lock files by their file name, wherever they sit in the tree. */
public final class LockFiles {

    private final Set<String> names;

    public LockFiles(Collection<String> names) {
        this.names = Set.copyOf(names.stream().map(String::strip).filter(n -> !n.isEmpty()).toList());
    }

    public boolean isLockFile(ChangedFile file) {
        return names.contains(file.fileName());
    }
}
