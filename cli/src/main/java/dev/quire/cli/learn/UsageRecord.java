package dev.quire.cli.learn;

/**
 * One commit made with a suggestion in the editor.
 *
 * @param time      epoch milliseconds of the commit
 * @param commit    the commit id
 * @param diff      the diff the suggestion was made from
 * @param suggested the message Quire suggested
 * @param committed the message the user committed
 */
public record UsageRecord(long time, String commit, String diff, String suggested, String committed) {

    /** The user committed the suggestion as it was (whitespace at the ends aside). */
    public boolean accepted() {
        return suggested.strip().equals(committed.strip());
    }

    public int editDistance() {
        return EditDistance.between(suggested.strip(), committed.strip());
    }
}
