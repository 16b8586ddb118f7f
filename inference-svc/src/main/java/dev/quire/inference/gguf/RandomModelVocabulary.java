package dev.quire.inference.gguf;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A SentencePiece-style ("llama") vocabulary for the random test model: {@code <unk>}, {@code <s>},
 * {@code </s>}, the 256 byte-fallback tokens (so any text tokenizes), printable ASCII characters,
 * and common English/SQL/code words with the "▁" space marker. llama.cpp's SPM tokenizer only
 * merges two symbols when the merged text is itself a token, so every prefix of each word is a
 * token too; otherwise the whole words could never be reached.
 */
public final class RandomModelVocabulary {

    public static final String SPACE = "\u2581";
    public static final int UNKNOWN_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;

    // llama.cpp token types
    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_BYTE = 6;

    private static final String WORDS = """
            SELECT FROM WHERE AND OR NOT NULL IS IN AS ON JOIN LEFT RIGHT INNER OUTER GROUP BY ORDER HAVING
            LIMIT OFFSET COUNT SUM AVG MIN MAX DISTINCT UNION ALL INSERT INTO VALUES UPDATE SET DELETE CREATE
            TABLE INDEX PRIMARY KEY FOREIGN REFERENCES BETWEEN LIKE CASE WHEN THEN ELSE END DESC ASC WITH
            select from where and or not null join group order by limit count id name email date created_at
            users orders customers products items price total amount status user_id order_id customer_id
            the a an of to in is it that for on with as was be by this are or from at have not but all can
            what which who when how many much number each per most more than list show find get give top
            add fix update remove refactor rename move change bump docs test tests feat chore style perf
            build ci revert merge release version support handle improve use make clean up config error
            errors bug issue file files function method class module package import export return value
            values type types string int long boolean list map new old default option options request
            response service client server model data query database schema column columns row rows key
            commit message diff code line lines readme json yaml java python rust go script api http grpc
            public private static final void if else for while try catch throw null true false
            """;

    private final List<String> tokens;
    private final float[] scores;
    private final int[] types;

    private RandomModelVocabulary(List<String> tokens, float[] scores, int[] types) {
        this.tokens = tokens;
        this.scores = scores;
        this.types = types;
    }

    public static RandomModelVocabulary create() {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        tokens.add("<unk>");
        types.add(TYPE_UNKNOWN);
        tokens.add("<s>");
        types.add(TYPE_CONTROL);
        tokens.add("</s>");
        types.add(TYPE_CONTROL);
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format(Locale.ROOT, "<0x%02X>", b));
            types.add(TYPE_BYTE);
        }
        Set<String> pieces = new LinkedHashSet<>();
        pieces.add(SPACE);
        for (char c = '!'; c <= '~'; c++) {
            pieces.add(String.valueOf(c));
        }
        for (String word : WORDS.trim().split("\\s+")) {
            String piece = SPACE + word;
            for (int end = 2; end <= piece.length(); end++) {
                pieces.add(piece.substring(0, end));
            }
        }
        for (String piece : pieces) {
            tokens.add(piece);
            types.add(TYPE_NORMAL);
        }
        // Scores descend with the id, as in SentencePiece models; higher scores merge first.
        float[] scores = new float[tokens.size()];
        int[] typeArray = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            scores[i] = types.get(i) == TYPE_NORMAL ? -i : 0f;
            typeArray[i] = types.get(i);
        }
        return new RandomModelVocabulary(List.copyOf(tokens), scores, typeArray);
    }

    public List<String> tokens() {
        return tokens;
    }

    public float[] scores() {
        return scores.clone();
    }

    public int[] types() {
        return types.clone();
    }

    public int size() {
        return tokens.size();
    }
}
