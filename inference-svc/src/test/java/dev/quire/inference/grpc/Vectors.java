package dev.quire.inference.grpc;

/** Arithmetic on embedding vectors for assertions. */
final class Vectors {

    private Vectors() {
    }

    /** The dot product; for L2-normalised vectors, their cosine similarity. */
    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
