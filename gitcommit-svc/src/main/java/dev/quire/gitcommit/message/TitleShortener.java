package dev.quire.gitcommit.message;

/** Cuts a title to a limit at a word boundary; a single word longer than the limit is cut hard. */
public final class TitleShortener {

    private static final String TRAILING_JUNK = " \t,;:-–—(/";

    private TitleShortener() {
    }

    /** A title of at most {@code limit} characters; unchanged when it already fits. */
    public static String shorten(String title, int limit) {
        if (title.length() <= limit) {
            return title;
        }
        // A space at index `limit` means the first `limit` characters end on a whole word.
        int space = title.lastIndexOf(' ', limit);
        String cut = space > 0 ? title.substring(0, space) : title.substring(0, limit);
        if (space <= 0 && Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
            cut = cut.substring(0, cut.length() - 1);
        }
        int end = cut.length();
        while (end > 0 && TRAILING_JUNK.indexOf(cut.charAt(end - 1)) >= 0) {
            end--;
        }
        return end == 0 ? cut : cut.substring(0, end);
    }
}
