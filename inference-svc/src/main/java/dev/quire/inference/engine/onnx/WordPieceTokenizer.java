package dev.quire.inference.engine.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * BERT's uncased WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json}
 * (BertNormalizer + BertPreTokenizer + WordPiece + [CLS] ... [SEP]).
 * <p>
 * Written here instead of using DJL's tokenizer because DJL calls the EC2 metadata address
 * (169.254.169.254) when it starts, and Quire must run with no network at all. It follows the
 * Rust implementation's rules: control characters dropped, CJK ideographs split out, accents
 * stripped, lower-cased, split on whitespace and punctuation, greedy longest-match word pieces,
 * a word longer than {@code max_input_chars_per_word} or with no matching piece becomes [UNK].
 */
public final class WordPieceTokenizer {

    /**
     * One tokenized text.
     *
     * @param ids            token ids including [CLS] and [SEP]
     * @param truncated      true when word pieces were dropped to fit {@code maxTokens}
     * @param untruncatedLength tokens the text would have needed (including [CLS] and [SEP])
     */
    public record TokenizedText(long[] ids, boolean truncated, int untruncatedLength) {
    }

    private final Map<String, Integer> vocab;
    private final String continuingPrefix;
    private final int maxInputCharsPerWord;
    private final int unkId;
    private final int clsId;
    private final int sepId;

    private WordPieceTokenizer(Map<String, Integer> vocab, String continuingPrefix, int maxInputCharsPerWord) {
        this.vocab = vocab;
        this.continuingPrefix = continuingPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.unkId = requireToken(vocab, "[UNK]");
        this.clsId = requireToken(vocab, "[CLS]");
        this.sepId = requireToken(vocab, "[SEP]");
    }

    /** Reads a tokenizer.json whose model is WordPiece; anything else is refused with the type found. */
    public static WordPieceTokenizer fromTokenizerJson(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IllegalArgumentException("tokenizer.json must describe a WordPiece model, found '" + model.path("type").asText() + "'");
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : model.path("vocab").properties()) {
            vocab.put(entry.getKey(), entry.getValue().asInt());
        }
        if (vocab.isEmpty()) {
            throw new IllegalArgumentException("tokenizer.json has an empty WordPiece vocabulary");
        }
        return new WordPieceTokenizer(vocab, model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100));
    }

    private static int requireToken(Map<String, Integer> vocab, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new IllegalArgumentException("tokenizer vocabulary lacks the special token " + token);
        }
        return id;
    }

    /** Tokenizes {@code text}, keeping at most {@code maxTokens} ids (special tokens included). */
    public TokenizedText encode(String text, int maxTokens) {
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS], one token and [SEP]; got " + maxTokens);
        }
        List<Integer> pieces = new ArrayList<>();
        for (String word : preTokenize(normalize(text))) {
            wordPieces(word, pieces);
        }
        int room = maxTokens - 2;
        boolean truncated = pieces.size() > room;
        int kept = Math.min(room, pieces.size());
        long[] ids = new long[kept + 2];
        ids[0] = clsId;
        for (int i = 0; i < kept; i++) {
            ids[i + 1] = pieces.get(i);
        }
        ids[kept + 1] = sepId;
        return new TokenizedText(ids, truncated, pieces.size() + 2);
    }

    /** BertNormalizer: clean text, isolate CJK ideographs, strip accents, lowercase. */
    static String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                cleaned.append(' ');
            } else if (isChineseChar(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
            } else {
                cleaned.appendCodePoint(cp);
            }
        });
        String decomposed = Normalizer.normalize(cleaned, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                out.append(new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT));
            }
        });
        return out.toString();
    }

    /** BertPreTokenizer: whitespace separates words and is dropped; each punctuation mark is a word. */
    static List<String> preTokenize(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (isWhitespace(cp)) {
                flush(word, words);
            } else if (isPunctuation(cp)) {
                flush(word, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                word.appendCodePoint(cp);
            }
        });
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /** Greedy longest-match-first; a word that cannot be covered entirely becomes one [UNK]. */
    private void wordPieces(String word, List<Integer> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        List<Integer> found = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            Integer id = null;
            while (start < end) {
                String piece = new String(cps, start, end - start);
                if (start > 0) {
                    piece = continuingPrefix + piece;
                }
                id = vocab.get(piece);
                if (id != null) {
                    break;
                }
                end--;
            }
            if (id == null) {
                out.add(unkId);
                return;
            }
            found.add(id);
            start = end;
        }
        out.addAll(found);
    }

    private static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR
                || Character.isWhitespace(cp);
    }

    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    private static boolean isPunctuation(int cp) {
        if (cp < 128) {
            return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
