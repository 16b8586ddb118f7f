package dev.quire.cli.hook;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a suggestion into the file git opens in the editor: above git's comment block, with notes as
 * comment lines git strips. Text already there (an amended commit's message) is kept as comments.
 */
public final class CommitMessageFile {

    private CommitMessageFile() {
    }

    /**
     * @param commentChar git's core.commentChar
     * @param notes       lines shown as comments under the suggestion (left-out files, other suggestions)
     */
    public static String compose(String existing, String suggestion, List<String> notes, char commentChar) {
        List<String> lines = existing.lines().toList();
        int firstComment = 0;
        while (firstComment < lines.size() && !isComment(lines.get(firstComment), commentChar)) {
            firstComment++;
        }
        List<String> previous = lines.subList(0, firstComment).stream().filter(l -> !l.isBlank()).toList();
        StringBuilder out = new StringBuilder(suggestion.strip()).append("\n\n");
        String prefix = commentChar + " ";
        for (String note : notes) {
            note.lines().forEach(line -> out.append(prefix).append(line).append('\n'));
        }
        if (!previous.isEmpty()) {
            out.append(prefix).append("quire: the message before this suggestion was:\n");
            lines.subList(0, firstComment).forEach(line -> out.append(prefix).append(line).append('\n'));
        }
        List<String> rest = new ArrayList<>(lines.subList(firstComment, lines.size()));
        if (!rest.isEmpty()) {
            if (!notes.isEmpty() || !previous.isEmpty()) {
                out.append('\n');
            }
            rest.forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }

    public static void write(Path file, String suggestion, List<String> notes, char commentChar, Charset charset) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, charset) : "";
        Path temp = file.resolveSibling(file.getFileName() + ".quire-tmp");
        Files.writeString(temp, compose(existing, suggestion, notes, commentChar), charset);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isComment(String line, char commentChar) {
        return !line.isEmpty() && line.charAt(0) == commentChar;
    }
}
