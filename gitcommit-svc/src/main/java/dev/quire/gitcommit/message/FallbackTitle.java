package dev.quire.gitcommit.message;

import java.util.List;

import dev.quire.gitcommit.diff.ChangedFile;

/** A plain title derived from the diff alone, for when the model gave nothing usable. */
public final class FallbackTitle {

    private FallbackTitle() {
    }

    public static String of(List<ChangedFile> files, boolean conventional) {
        String title = describe(files);
        if (conventional) {
            return "chore: " + Character.toLowerCase(title.charAt(0)) + title.substring(1);
        }
        return title;
    }

    private static String describe(List<ChangedFile> files) {
        if (files.size() != 1) {
            return "Update " + files.size() + " files";
        }
        ChangedFile file = files.get(0);
        return switch (file.changeType()) {
            case ADD -> "Add " + file.fileName();
            case DELETE -> "Remove " + file.fileName();
            case RENAME -> "Rename " + baseName(file.oldPath()) + " to " + file.fileName();
            case COPY -> "Copy " + baseName(file.oldPath()) + " to " + file.fileName();
            case MODIFY -> "Update " + file.fileName();
        };
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
