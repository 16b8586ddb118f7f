package dev.quire.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The texts the embeddings scenario sends: SQL-ish questions, reproducible per seed. */
public final class SampleQuestions {

    private SampleQuestions() {
    }

    /** Questions of {@code minWords} to {@code maxWords} words over a SQL-ish vocabulary, the same for every run of one seed. */
    public static List<String> generate(int count, long seed, int minWords, int maxWords) {
        String[] words = ("how many orders customers were placed last week by region total revenue per month show the top ten "
                + "products sold in each store average delivery time for late shipments which employees handled most tickets "
                + "list all invoices unpaid after thirty days compare sales this year with previous year grouped by category "
                + "find users who signed up but never logged in count distinct sessions per day").split(" ");
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = minWords + random.nextInt(maxWords - minWords + 1);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < length; w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            texts.add(text.append('?').toString());
        }
        return texts;
    }
}
